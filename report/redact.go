package report

import (
	"fmt"
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
	keyValue    = regexp.MustCompile(`(?i)\b([a-z0-9_.-]*(?:token|secret|passw(?:or)?d|passwd|api[-_]?key)[a-z0-9_.-]*|[a-z0-9_.-]*auth)(\s*[=:]\s*)([^\s,;&"']+)`)
)

// SecretName says whether a key or variable name is one whose values are secrets.
func SecretName(name string) bool { return secretName.MatchString(name) }

// Redact replaces secrets (and, at level pii, personal data) everywhere in
// the report before it is printed or written. known are values the caller
// knows to be secret (secret-named vars, header values). The same value
// gets the same placeholder everywhere, so a reader can follow it.
func Redact(r *Report, level string, known []string) {
	r.Run.Redaction = level
	if level == RedactNone {
		return
	}
	rd := &redactor{placeholders: map[string]string{}}
	for _, k := range known {
		if len(k) >= 3 { // shorter "secrets" would shred ordinary words
			rd.placeholder(k, "secret")
		}
	}
	r.walkStrings(rd.redact)
}

type redactor struct {
	placeholders map[string]string
	counts       map[string]int
}

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

func (rd *redactor) redact(s string) string {
	s = urlPassword.ReplaceAllStringFunc(s, func(m string) string {
		g := urlPassword.FindStringSubmatch(m)
		return g[1] + rd.placeholder(g[2], "secret") + "@"
	})
	s = authHeader.ReplaceAllStringFunc(s, func(m string) string {
		g := authHeader.FindStringSubmatch(m)
		return g[1] + g[2] + g[3] + rd.placeholder(g[4], "secret")
	})
	s = keyValue.ReplaceAllStringFunc(s, func(m string) string {
		g := keyValue.FindStringSubmatch(m)
		if strings.HasPrefix(g[3], "[secret-") {
			return m
		}
		return g[1] + g[2] + rd.placeholder(g[3], "secret")
	})
	// Known values last, longest first, so one inside another is not split.
	values := make([]string, 0, len(rd.placeholders))
	for v := range rd.placeholders {
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
