package report

import (
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/internal/lazyregexp"
)

// Redaction is how much a report hides: a --redact level of cli.md.
type Redaction string

// The levels, the only place their names are written.
const (
	RedactNone    Redaction = "none"    // nothing
	RedactSecrets Redaction = "secrets" // passwords, tokens, keys, the secrets a playbook declares
	RedactPII     Redaction = "pii"     // secrets and personal data: host name, MACs, serial numbers, user names
)

// Redactions lists the levels from the one that hides least: a saved file
// can be redacted again at a later level, never at an earlier one.
var Redactions = []Redaction{RedactNone, RedactSecrets, RedactPII}

// ParseRedaction reads a --redact value, one of offered; the error says
// which to use.
func ParseRedaction(value string, offered []Redaction) (Redaction, error) {
	if level := Redaction(value); slices.Contains(offered, level) {
		return level, nil
	}
	return "", fmt.Errorf("--redact %q: use %s", value, checks.OneOf(checks.Strings(offered)))
}

// RedactionChoices writes levels for a flag's help: "none|secrets|pii".
func RedactionChoices(levels []Redaction) string {
	return strings.Join(checks.Strings(levels), "|")
}

// hidesMoreThan says whether r hides more than other (an unknown level
// hides nothing tsr knows of).
func (r Redaction) hidesMoreThan(other Redaction) bool {
	return slices.Index(Redactions, r) > slices.Index(Redactions, other)
}

var (
	macAddress  = lazyregexp.New(`\b[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){5}\b`)
	ipCandidate = lazyregexp.New(`\b(?:\d{1,3}\.){3}\d{1,3}\b|\b[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}\b`)
	cgnat       = netip.MustParsePrefix("100.64.0.0/10")
	// placeholderForm is the shape of a placeholder; only those this
	// Redactor issued are protected from further redaction.
	placeholderForm = lazyregexp.New(`\[[a-z0-9]+-[0-9]+\]`)
)

// Known lists values the caller knows must be hidden.
type Known struct {
	Secrets  []string // secret-named vars, header values, secret-looking environment values
	People   []string // at level pii: the user's names
	Hostname string   // at level pii: this machine's name
}

// Redactor hides secrets (and, at level pii, personal data) in what tsr
// prints and writes. One Redactor serves a whole run, so the same value
// gets the same placeholder in the live lines and in every report file.
type Redactor struct {
	level        Redaction
	placeholders map[string]string // value -> [kind-N]
	issued       map[string]bool   // the placeholders handed out
	counts       map[string]int
	secrets      map[string]bool // replaced wherever they stand as a whole token
	words        map[string]bool // hostnames, serials, user names: replaced as whole words
	keep         map[string]bool // MACs that are evidence, not personal data
	people       []string
}

// NewRedactor prepares redaction at a level.
func NewRedactor(level Redaction, known Known) *Redactor {
	rd := &Redactor{level: level, placeholders: map[string]string{}, issued: map[string]bool{}, counts: map[string]int{},
		secrets: map[string]bool{}, words: map[string]bool{}, keep: map[string]bool{}}
	for _, s := range known.Secrets {
		// Values the user declared secret may be shorter than those
		// learnt from text, but not so short they shred words.
		if s = strings.TrimSpace(s); len(s) >= 4 && !commonWords[strings.ToLower(s)] {
			rd.secrets[s] = true
			rd.placeholder(s, "secret")
		}
	}
	if level == RedactPII {
		if known.Hostname != "" {
			rd.hideWord(known.Hostname, "host")
		}
		for _, p := range known.People {
			if p = strings.TrimSpace(p); len(p) >= 2 && !rd.words[p] && !systemAccounts[strings.ToLower(p)] {
				rd.people = append(rd.people, p)
				rd.hideWord(p, "user")
			}
		}
	}
	return rd
}

// systemAccounts name no person: hiding "root" would blank out "rerun
// tsr as root" at level pii.
var systemAccounts = map[string]bool{"root": true, "admin": true, "administrator": true, "user": true, "guest": true, "nobody": true, "system": true}

// Redact hides secrets and personal data everywhere in a report before it
// is printed or written, and records the level applied.
func Redact(r *Report, level Redaction, known Known) {
	if known.Hostname == "" {
		known.Hostname = r.Host.Hostname
	}
	NewRedactor(level, known).Report(r)
}

// Report redacts a whole report in place.
func (rd *Redactor) Report(r *Report) {
	r.Run.Redaction = rd.level
	if rd.level == RedactNone {
		return
	}
	if rd.level == RedactPII {
		for i := range r.Results {
			rd.hideIdentifiers(r.Results[i].Observed)
			// The device that took this machine's address is not the
			// user's, and the next tier needs its MAC to find it.
			if mac, _ := r.Results[i].Observed["conflicting_mac"].(string); mac != "" {
				rd.keep[strings.ToLower(mac)] = true
			}
		}
		rd.hideInventoryIdentifiers(r.Inventory)
	}
	// First learn every secret (a password seen in a message is hidden in
	// the arguments too), then replace.
	r.walkStrings(func(s string) string { rd.redact(s); return s })
	r.walkStrings(rd.redact)
	if rd.level == RedactPII {
		r.Host.Hostname = rd.redact(r.Host.Hostname)
	}
}

// Result returns a redacted copy of one result, for the live lines.
func (rd *Redactor) Result(res Result) Result {
	if rd.level == RedactNone {
		return res
	}
	r := Report{Results: []Result{res}}
	r.Results[0].Observed = copyMap(res.Observed)
	r.Results[0].Unmet = append([]checks.Unmet(nil), res.Unmet...)
	if rd.level == RedactPII {
		rd.hideIdentifiers(r.Results[0].Observed)
	}
	r.walkStrings(rd.redact)
	return r.Results[0]
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Text redacts one piece of text: a message, a header line, an error.
func (rd *Redactor) Text(s string) string {
	if rd == nil || rd.level == RedactNone {
		return s
	}
	return rd.redact(s)
}

// Message redacts one of tsr's own messages about a playbook (a
// validation problem): known secrets, URL credentials and token forms go,
// while "with.password: is empty" stays readable.
func (rd *Redactor) Message(s string) string {
	if rd == nil || rd.level == RedactNone || s == "" {
		return s
	}
	s = rd.plain(s, rd.replaceKnown)
	s = rd.hideSecrets(s, false)
	return rd.plain(s, rd.replaceKnown)
}

// Inventory returns a redacted copy of an inventory (tsr inventory).
func (rd *Redactor) Inventory(inv *checks.Inventory) *checks.Inventory {
	if rd == nil || rd.level == RedactNone {
		return inv
	}
	c := inv.Clone()
	if rd.level == RedactPII {
		rd.hideInventoryIdentifiers(c)
	}
	walkInventory(c, func(s string) string { rd.redact(s); return s })
	walkInventory(c, rd.redact)
	return c
}

// placeholder names a value; the name is the same wherever it appears.
func (rd *Redactor) placeholder(value, kind string) string {
	if p, ok := rd.placeholders[value]; ok {
		return p
	}
	rd.counts[kind]++
	p := fmt.Sprintf("[%s-%d]", kind, rd.counts[kind])
	rd.placeholders[value] = p
	rd.issued[p] = true
	return p
}

// hideValue replaces a secret found by a pattern where it stands, and
// learns it so it is hidden elsewhere too. Placeholders inside the value
// stay as they are; common words ("true") are no secret.
func (rd *Redactor) hideValue(v string) string {
	return rd.plain(v, func(part string) string {
		word := strings.TrimSpace(part)
		if word == "" || commonWords[strings.ToLower(word)] {
			return part
		}
		rd.learn(word)
		lead := part[:strings.Index(part, word)]
		return lead + rd.placeholder(word, "secret") + part[len(lead)+len(word):]
	})
}

// learn records a secret seen in text, to hide it wherever else it
// appears: only when long enough to be one.
func (rd *Redactor) learn(v string) {
	if len(v) >= minLearned && !commonWords[strings.ToLower(v)] && !placeholderForm.MatchString(v) {
		rd.secrets[v] = true
	}
}

func (rd *Redactor) hideWord(value, kind string) {
	rd.words[value] = true
	rd.placeholder(value, kind)
}

// plain applies f to the parts of s outside the placeholders already
// issued, so no placeholder is ever redacted again.
func (rd *Redactor) plain(s string, f func(string) string) string {
	if !strings.Contains(s, "[") { // no placeholder, and no pattern to run
		return f(s)
	}
	locs := placeholderForm.FindAllStringIndex(s, -1)
	if len(locs) == 0 {
		return f(s)
	}
	var b strings.Builder
	last := 0
	for _, l := range locs {
		if !rd.issued[s[l[0]:l[1]]] {
			continue
		}
		if l[0] > last {
			b.WriteString(f(s[last:l[0]]))
		}
		b.WriteString(s[l[0]:l[1]])
		last = l[1]
	}
	if last < len(s) {
		b.WriteString(f(s[last:]))
	}
	return b.String()
}

func (rd *Redactor) redact(s string) string {
	if s == "" {
		return s
	}
	s = rd.plain(s, rd.replaceKnown) // known values first: a pattern must not split them
	s = rd.hideSecrets(s, true)
	if rd.level == RedactPII {
		s = rd.plain(s, rd.hidePersonal)
	}
	return rd.plain(s, rd.replaceKnown) // and what the patterns just learnt
}

// hidePersonal hides MACs and public addresses (the level pii).
func (rd *Redactor) hidePersonal(s string) string {
	s = macAddress.ReplaceAllStringFunc(s, func(m string) string {
		mac := strings.ToLower(strings.ReplaceAll(m, "-", ":"))
		if rd.keep[mac] {
			return m
		}
		return rd.placeholder(mac, "mac")
	})
	return ipCandidate.ReplaceAllStringFunc(s, func(m string) string {
		switch {
		case publicIP(m):
			return rd.placeholder(m, "ip")
		case eui64(m):
			return rd.placeholder(m, "eui64")
		}
		return m
	})
}

// replaceKnown replaces the values known so far, longest first, so one
// inside another is not split; each only where it stands as a whole
// token, so a secret "pa55w0rd" leaves "pa55w0rd2" alone.
func (rd *Redactor) replaceKnown(s string) string {
	values := make([]string, 0, len(rd.secrets)+len(rd.words))
	for v := range rd.secrets {
		if strings.Contains(s, v) {
			values = append(values, v)
		}
	}
	for v := range rd.words {
		if !rd.secrets[v] && containsFold(s, v) {
			values = append(values, v)
		}
	}
	sort.Slice(values, func(i, j int) bool {
		return len(values[i]) > len(values[j]) || len(values[i]) == len(values[j]) && values[i] < values[j]
	})
	for _, v := range values {
		s = rd.plain(s, func(part string) string {
			if rd.secrets[v] {
				return replaceToken(part, v, rd.placeholders[v], alnum, false)
			}
			return replaceToken(part, v, rd.placeholders[v], wordByte, true)
		})
	}
	return s
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// replaceToken replaces old where it stands as a whole token: not glued
// to a character that inToken says continues a token. "ux" in "ux.local"
// but not in "linux". fold ignores case (host and user names).
func replaceToken(s, old, new string, inToken func(byte) bool, fold bool) string {
	hay, needle := s, old
	if fold {
		if l := strings.ToLower(s); len(l) == len(s) { // byte offsets stay valid
			hay, needle = l, strings.ToLower(old)
		}
	}
	var b strings.Builder
	at := 0
	for {
		i := strings.Index(hay[at:], needle)
		if i < 0 {
			b.WriteString(s[at:])
			return b.String()
		}
		i += at
		end := i + len(needle)
		if (i == 0 || !inToken(s[i-1])) && (end == len(s) || !inToken(s[end])) {
			b.WriteString(s[at:i] + new)
		} else {
			b.WriteString(s[at:end])
		}
		at = end
	}
}

func alnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func wordByte(c byte) bool {
	return alnum(c) || c == '_' || c == '-'
}

// hideIdentifiers hides the values of serial-number and hostname keys,
// at any depth (the inventory nests them).
func (rd *Redactor) hideIdentifiers(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && s != "" {
				switch {
				case strings.Contains(strings.ToLower(k), "serial"):
					rd.hideWord(s, "serial")
				case k == "hostname":
					rd.hideWord(s, "host")
				case k == "ssid": // a Wi-Fi network's name says where the user is
					rd.hideWord(s, "ssid")
				}
				continue
			}
			rd.hideIdentifiers(e)
		}
	case []any:
		for _, e := range x {
			rd.hideIdentifiers(e)
		}
	}
}

// publicIP says whether s is an IP address on the public internet: those
// identify a person or site; private ones stay, they are needed to diagnose.
func publicIP(s string) bool {
	ip, err := netip.ParseAddr(s)
	if err != nil {
		return false
	}
	return ip.IsGlobalUnicast() && !ip.IsPrivate() && !cgnat.Contains(ip)
}

// eui64 says whether s is an IPv6 address whose interface identifier is
// built from a MAC (EUI-64: ff:fe in its middle), which gives the MAC back.
func eui64(s string) bool {
	ip, err := netip.ParseAddr(s)
	if err != nil || !ip.Is6() || ip.Is4In6() {
		return false
	}
	b := ip.As16()
	return b[11] == 0xff && b[12] == 0xfe
}

// walkStrings applies f to every string a person or machine could read.
func (r *Report) walkStrings(f func(string) string) {
	for i := range r.Run.Args {
		r.Run.Args[i] = f(r.Run.Args[i])
	}
	for i := range r.Playbooks {
		r.Playbooks[i].Source, r.Playbooks[i].Title = f(r.Playbooks[i].Source), f(r.Playbooks[i].Title)
	}
	for i := range r.Causes {
		c := &r.Causes[i]
		c.Message, c.Fix, c.Title = f(c.Message), f(c.Fix), f(c.Title)
	}
	for i := range r.Results {
		res := &r.Results[i]
		res.Title, res.Message, res.Fix, res.SkipReason = f(res.Title), f(res.Message), f(res.Fix), f(res.SkipReason)
		for k, v := range res.Observed {
			res.Observed[k] = walkValue(v, f)
		}
		for j := range res.Unmet {
			res.Unmet[j].Matcher = f(res.Unmet[j].Matcher)
			res.Unmet[j].Observed = walkValue(res.Unmet[j].Observed, f)
		}
	}
	walkInventory(r.Inventory, f)
}

// walkInventory applies f to every string of an inventory.
func walkInventory(inv *checks.Inventory, f func(string) string) {
	if inv == nil {
		return
	}
	inv.EachString(func(_ string, s *string) { *s = f(*s) })
	for k, v := range inv.Newer {
		inv.Newer[k] = walkValue(v, f)
	}
}

// hideInventoryIdentifiers learns an inventory's serial numbers and host
// name as identifiers to hide (--redact pii).
func (rd *Redactor) hideInventoryIdentifiers(inv *checks.Inventory) {
	if inv == nil {
		return
	}
	inv.EachString(func(name string, s *string) { rd.hideIdentifiers(map[string]any{name: *s}) })
	rd.hideIdentifiers(inv.Newer)
}

func walkValue(v any, f func(string) string) any {
	switch x := v.(type) {
	case string:
		return f(x)
	case []string:
		out := make([]string, len(x))
		for i, e := range x {
			out[i] = f(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = walkValue(e, f)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = walkValue(e, f)
		}
		return out
	}
	return v
}
