package report

import (
	"fmt"
	"net/netip"
	"regexp"
	"sort"
	"strings"
)

// Redaction levels of cli.md.
const (
	RedactNone    = "none"
	RedactSecrets = "secrets"
	RedactPII     = "pii"
)

var (
	secretName  = regexp.MustCompile(`(?i)token|secret|passw(or)?d|passwd|api[-_]?key|auth|credential|private[-_]?key`)
	urlPassword = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]*:)([^/\s@]+)@`)
	// key: value, key=value, "key": "value", Authorization: Bearer value.
	keyValue    = regexp.MustCompile(`(?i)\b((?:proxy-)?authorization|[a-z0-9_.-]*(?:token|secret|passw(?:or)?d|passwd|api[-_]?key)[a-z0-9_.-]*|[a-z0-9_.-]*auth)(["']?\s*[:=]\s*["']?)((?:basic|bearer|digest|token|negotiate)\s+)?([^\s,;&"'}]+)`)
	macAddress  = regexp.MustCompile(`\b[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){5}\b`)
	ipCandidate = regexp.MustCompile(`\b(?:\d{1,3}\.){3}\d{1,3}\b|\b[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}\b`)
	cgnat       = netip.MustParsePrefix("100.64.0.0/10")
)

// SecretName says whether a key or variable name is one whose values are secrets.
func SecretName(name string) bool { return secretName.MatchString(name) }

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
	level        string
	placeholders map[string]string // value -> [kind-N]
	counts       map[string]int
	anywhere     map[string]bool // secrets: replaced even inside other text
	words        map[string]bool // hostnames, serials: replaced as whole words
	keep         map[string]bool // MACs that are evidence, not personal data
	people       []person
}

type person struct {
	name string
	re   *regexp.Regexp // the name where user names stand: home paths, whole values
}

// NewRedactor prepares redaction at a level.
func NewRedactor(level string, known Known) *Redactor {
	rd := &Redactor{level: level, placeholders: map[string]string{}, counts: map[string]int{}, anywhere: map[string]bool{}, words: map[string]bool{}, keep: map[string]bool{}}
	for _, s := range known.Secrets {
		if len(s) >= 3 { // shorter "secrets" would shred ordinary words
			rd.hide(s, "secret")
		}
	}
	if level == RedactPII {
		if known.Hostname != "" {
			rd.hideWord(known.Hostname, "host")
		}
		for _, p := range known.People {
			if len(p) >= 2 {
				rd.people = append(rd.people, person{p, regexp.MustCompile(`(?i)^` + regexp.QuoteMeta(p) + `$|((?:/home/|/Users/|\\Users\\))` + regexp.QuoteMeta(p) + `\b`)})
			}
		}
	}
	return rd
}

// Redact hides secrets and personal data everywhere in a report before it
// is printed or written, and records the level applied.
func Redact(r *Report, level string, known Known) {
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
		rd.hideIdentifiers(r.Inventory)
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
	r.Results[0].Unmet = append([]Unmet(nil), res.Unmet...)
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

// placeholder names a value; the name is the same wherever it appears.
func (rd *Redactor) placeholder(value, kind string) string {
	if p, ok := rd.placeholders[value]; ok {
		return p
	}
	rd.counts[kind]++
	p := fmt.Sprintf("[%s-%d]", kind, rd.counts[kind])
	rd.placeholders[value] = p
	return p
}

func (rd *Redactor) hide(value, kind string) string {
	rd.anywhere[value] = true
	return rd.placeholder(value, kind)
}

func (rd *Redactor) hideWord(value, kind string) {
	rd.words[value] = true
	rd.placeholder(value, kind)
}

func (rd *Redactor) redact(s string) string {
	if s == "" {
		return s
	}
	s = rd.replaceKnown(s) // known values first: a pattern must not split them
	s = urlPassword.ReplaceAllStringFunc(s, func(m string) string {
		g := urlPassword.FindStringSubmatch(m)
		return g[1] + rd.hide(g[2], "secret") + "@"
	})
	s = keyValue.ReplaceAllStringFunc(s, func(m string) string {
		g := keyValue.FindStringSubmatch(m)
		if strings.HasPrefix(g[4], "[") && strings.HasSuffix(g[4], "]") { // a placeholder already
			return m
		}
		return g[1] + g[2] + g[3] + rd.hide(g[4], "secret")
	})
	if rd.level == RedactPII {
		s = macAddress.ReplaceAllStringFunc(s, func(m string) string {
			mac := strings.ToLower(strings.ReplaceAll(m, "-", ":"))
			if rd.keep[mac] {
				return m
			}
			return rd.placeholder(mac, "mac")
		})
		s = ipCandidate.ReplaceAllStringFunc(s, func(m string) string {
			if publicIP(m) {
				return rd.placeholder(m, "ip")
			}
			return m
		})
		for _, p := range rd.people {
			s = p.re.ReplaceAllStringFunc(s, func(m string) string {
				return p.re.FindStringSubmatch(m)[1] + rd.placeholder(p.name, "user")
			})
		}
	}
	return rd.replaceKnown(s) // and what the patterns just learnt
}

// replaceKnown replaces the values known so far, longest first, so one
// inside another is not split.
func (rd *Redactor) replaceKnown(s string) string {
	values := make([]string, 0, len(rd.anywhere)+len(rd.words))
	for v := range rd.anywhere {
		values = append(values, v)
	}
	for v := range rd.words {
		values = append(values, v)
	}
	sort.Slice(values, func(i, j int) bool {
		return len(values[i]) > len(values[j]) || len(values[i]) == len(values[j]) && values[i] < values[j]
	})
	for _, v := range values {
		if !strings.Contains(s, v) {
			continue
		}
		if rd.anywhere[v] {
			s = strings.ReplaceAll(s, v, rd.placeholders[v])
		} else {
			s = replaceWord(s, v, rd.placeholders[v])
		}
	}
	return s
}

// replaceWord replaces old where it stands as a whole word: "ux" in
// "ux.local" but not in "linux".
func replaceWord(s, old, new string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := i + len(old)
		if (i == 0 || !wordByte(s[i-1])) && (end == len(s) || !wordByte(s[end])) {
			b.WriteString(s[:i] + new)
		} else {
			b.WriteString(s[:end])
		}
		s = s[end:]
	}
}

func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
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
	for k, v := range r.Inventory {
		r.Inventory[k] = walkValue(v, f)
	}
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
