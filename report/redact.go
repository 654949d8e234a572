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
	authHeader  = regexp.MustCompile(`(?i)(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)((?:basic|bearer|digest|token)\s+)?([^\s"',}]+)`)
	macAddress  = regexp.MustCompile(`\b[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){5}\b`)
	ipCandidate = regexp.MustCompile(`\b(?:\d{1,3}\.){3}\d{1,3}\b|\b[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}\b`)
	cgnat       = netip.MustParsePrefix("100.64.0.0/10")
	keyValue    = regexp.MustCompile(`(?i)\b([a-z0-9_.-]*(?:token|secret|passw(?:or)?d|passwd|api[-_]?key)[a-z0-9_.-]*|[a-z0-9_.-]*auth)(\s*[=:]\s*)([^\s,;&"']+)`)
)

// SecretName says whether a key or variable name is one whose values are secrets.
func SecretName(name string) bool { return secretName.MatchString(name) }

// Known lists values the caller knows must be hidden.
type Known struct {
	Secrets []string // secret-named vars, header values, secret-named environment variables
	People  []string // at level pii: the user's name and the like
}

// Redact replaces secrets (and, at level pii, personal data) everywhere in
// the report before it is printed or written. The same value gets the
// same placeholder everywhere, so a reader can still follow it.
func Redact(r *Report, level string, known Known) {
	r.Run.Redaction = level
	if level == RedactNone {
		return
	}
	rd := &redactor{placeholders: map[string]string{}, pii: level == RedactPII}
	for _, k := range known.Secrets {
		if len(k) >= 3 { // shorter "secrets" would shred ordinary words
			rd.hide(k, "secret")
		}
	}
	if rd.pii {
		if r.Host.Hostname != "" {
			rd.hide(r.Host.Hostname, "host")
		}
		for _, p := range known.People {
			if len(p) >= 2 { // found only where user names stand: home paths and whole values
				rd.people = append(rd.people, regexp.MustCompile(`(?i)^`+regexp.QuoteMeta(p)+`$|((?:/home/|/Users/|\\Users\\))`+regexp.QuoteMeta(p)+`\b`))
				rd.personNames = append(rd.personNames, p)
			}
		}
		for i := range r.Results {
			rd.hideIdentifiers(r.Results[i].Observed)
		}
		rd.hideIdentifiers(r.Inventory)
	}
	// First learn every secret (a password seen in a message is hidden in
	// the arguments too), then replace.
	r.walkStrings(func(s string) string { rd.redact(s); return s })
	r.Host.Hostname = rd.redact(r.Host.Hostname)
	r.walkStrings(rd.redact)
}

type redactor struct {
	placeholders map[string]string
	counts       map[string]int
	pii          bool
	everywhere   map[string]bool  // values replaced wherever they appear
	people       []*regexp.Regexp // user names in the places they stand
	personNames  []string
}

// placeholder names a value; the name is the same wherever it appears.
func (rd *redactor) placeholder(value, kind string) string {
	if p, ok := rd.placeholders[value]; ok {
		return p
	}
	if rd.counts == nil {
		rd.counts = map[string]int{}
	}
	rd.counts[kind]++
	p := fmt.Sprintf("[%s-%d]", kind, rd.counts[kind])
	rd.placeholders[value] = p
	return p
}

// hide names a value and replaces it wherever it appears, even inside
// other text: for secrets, hostnames and serial numbers.
func (rd *redactor) hide(value, kind string) {
	rd.placeholder(value, kind)
	if rd.everywhere == nil {
		rd.everywhere = map[string]bool{}
	}
	rd.everywhere[value] = true
}

func (rd *redactor) redact(s string) string {
	s = urlPassword.ReplaceAllStringFunc(s, func(m string) string {
		g := urlPassword.FindStringSubmatch(m)
		rd.hide(g[2], "secret")
		return g[1] + rd.placeholder(g[2], "secret") + "@"
	})
	s = authHeader.ReplaceAllStringFunc(s, func(m string) string {
		g := authHeader.FindStringSubmatch(m)
		rd.hide(g[4], "secret")
		return g[1] + g[2] + g[3] + rd.placeholder(g[4], "secret")
	})
	s = keyValue.ReplaceAllStringFunc(s, func(m string) string {
		g := keyValue.FindStringSubmatch(m)
		if strings.HasPrefix(g[3], "[secret-") {
			return m
		}
		rd.hide(g[3], "secret")
		return g[1] + g[2] + rd.placeholder(g[3], "secret")
	})
	if rd.pii {
		s = macAddress.ReplaceAllStringFunc(s, func(m string) string { return rd.placeholder(strings.ToLower(m), "mac") })
		for i, re := range rd.people {
			name := rd.personNames[i]
			s = re.ReplaceAllStringFunc(s, func(m string) string {
				g := re.FindStringSubmatch(m)
				return g[1] + rd.placeholder(name, "user")
			})
		}
		s = ipCandidate.ReplaceAllStringFunc(s, func(m string) string {
			if publicIP(m) {
				return rd.placeholder(m, "ip")
			}
			return m
		})
	}
	// Known values last, longest first, so one inside another is not split.
	values := make([]string, 0, len(rd.everywhere))
	for v := range rd.everywhere {
		values = append(values, v)
	}
	sort.Slice(values, func(i, j int) bool { return len(values[i]) > len(values[j]) })
	for _, v := range values {
		if strings.Contains(s, v) {
			s = strings.ReplaceAll(s, v, rd.placeholders[v])
		}
	}
	return s
}

// hideIdentifiers hides the values of serial-number and hostname keys,
// at any depth (the inventory nests them).
func (rd *redactor) hideIdentifiers(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && s != "" {
				switch {
				case strings.Contains(strings.ToLower(k), "serial"):
					rd.hide(s, "serial")
				case k == "hostname":
					rd.hide(s, "host")
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
