package checks

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Matcher judges one observed value. Text is the matcher as the playbook
// wrote it, for the report's record of unmet assertions.
type Matcher interface {
	Match(v any, present bool) bool
	Text() string
}

// ParseMatcher reads a matcher as YAML decodes it (scalar, list or one-key
// map) for a field of the given kind. Ill-typed matchers are errors. Its
// Text is the matcher as written, for the report.
func ParseMatcher(raw any, kind Kind) (Matcher, error) {
	m, err := parseMatcher(raw, kind)
	if err != nil {
		return nil, err
	}
	return written{m, rawText(raw)}, nil
}

// written keeps a matcher's source text.
type written struct {
	Matcher
	text string
}

func (w written) Text() string { return w.text }

// rawText prints a matcher as YAML flow text: "< 85%", [200, 204],
// {not: {contains: 0.0.0.0}}.
func rawText(raw any) string {
	switch x := raw.(type) {
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = rawText(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + rawText(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		if x == "" {
			return `""`
		}
	}
	return fmt.Sprint(raw)
}

func parseMatcher(raw any, kind Kind) (Matcher, error) {
	switch x := raw.(type) {
	case []any:
		if kind.listLike() {
			if len(x) == 0 {
				return isEmpty{}, nil
			}
			return nil, fmt.Errorf("a list field cannot be one of a list; use {contains: x}, or [] for an empty list")
		}
		if len(x) == 0 {
			return nil, fmt.Errorf("an empty list matches nothing")
		}
		m := oneOf{}
		for _, e := range x {
			eq, err := parseEqual(e, kind)
			if err != nil {
				return nil, err
			}
			m = append(m, eq)
		}
		return m, nil
	case map[string]any:
		if len(x) != 1 {
			return nil, fmt.Errorf("a matcher map has exactly one key: contains, matches or not")
		}
		for key, arg := range x {
			return parseKeyed(key, arg, kind)
		}
	case string:
		if op, rest, ok := cutOp(x); ok {
			return parseCompare(op, rest, kind, x)
		}
	case nil:
		return nil, fmt.Errorf("missing matcher")
	}
	return parseEqual(raw, kind)
}

func parseKeyed(key string, arg any, kind Kind) (Matcher, error) {
	switch key {
	case "not":
		inner, err := parseMatcher(arg, kind)
		if err != nil {
			return nil, err
		}
		return not{inner}, nil
	case "contains":
		if kind != KindString && !kind.listLike() {
			return nil, fmt.Errorf("contains applies to strings and lists, not to %s %s field", article(kind), kind)
		}
		s, err := KindString.Convert(arg)
		if err != nil {
			return nil, fmt.Errorf("contains: %w", err)
		}
		return contains{s.(string)}, nil
	case "matches":
		if kind != KindString && !kind.listLike() && kind != KindIP {
			return nil, fmt.Errorf("matches applies to strings and lists, not to %s %s field", article(kind), kind)
		}
		s, ok := arg.(string)
		if !ok {
			return nil, fmt.Errorf("matches wants a regular expression string")
		}
		re, err := regexp.Compile(s)
		if err != nil {
			return nil, fmt.Errorf("bad regular expression %q: %v", s, regexpReason(err))
		}
		return matches{re}, nil
	}
	return nil, fmt.Errorf("unknown matcher %q%s; use contains, matches or not", key, DidYouMean(key, []string{"contains", "matches", "not"}))
}

func article(k Kind) string {
	if k == KindInt || k == KindIP {
		return "an"
	}
	return "a"
}

func regexpReason(err error) string {
	if e, ok := err.(*syntax.Error); ok {
		return string(e.Code)
	}
	return err.Error()
}

var ops = []string{"<=", ">=", "==", "!=", "<", ">"}

func cutOp(s string) (op, rest string, ok bool) {
	t := strings.TrimSpace(s)
	for _, o := range ops {
		if strings.HasPrefix(t, o) {
			return o, strings.TrimSpace(t[len(o):]), true
		}
	}
	return "", "", false
}

func parseCompare(op, rest string, kind Kind, text string) (Matcher, error) {
	if !kind.numeric() {
		if op != "==" && op != "!=" {
			return nil, fmt.Errorf("%q: %s %s field can only be compared with == or !=", text, article(kind), kind)
		}
		eq, err := parseEqual(rest, kind)
		if err != nil {
			return nil, err
		}
		if op == "!=" {
			return not{eq}, nil
		}
		return eq, nil
	}
	v, err := kind.Convert(rest)
	if err != nil {
		return nil, fmt.Errorf("%q: %w", text, err)
	}
	f, _ := toFloat(v)
	return compare{op: op, value: f, kind: kind, text: strings.TrimSpace(text)}, nil
}

func parseEqual(raw any, kind Kind) (Matcher, error) {
	if kind.listLike() {
		if s, ok := raw.(string); ok && strings.TrimSpace(s) == "[]" {
			return isEmpty{}, nil
		}
		return nil, fmt.Errorf("a list field is not equal to one value; use {contains: x}, or [] for an empty list")
	}
	if _, isMap := raw.(map[string]any); isMap {
		return nil, fmt.Errorf("a list of choices holds plain values")
	}
	v, err := kind.Convert(raw)
	if err != nil {
		return nil, err
	}
	return equal{value: v, kind: kind}, nil
}

type equal struct {
	value any
	kind  Kind
}

func (m equal) Match(v any, present bool) bool {
	if !present {
		return false
	}
	c, err := m.kind.Convert(v)
	if err != nil {
		return false
	}
	if m.kind.numeric() {
		a, _ := toFloat(c)
		b, _ := toFloat(m.value)
		return a == b
	}
	if m.kind == KindString {
		return c.(string) == m.value.(string)
	}
	return fmt.Sprint(c) == fmt.Sprint(m.value)
}

func (m equal) Text() string {
	if s, ok := m.value.(string); ok {
		return s
	}
	return m.kind.Format(m.value)
}

type compare struct {
	op    string
	value float64
	kind  Kind
	text  string
}

func (m compare) Match(v any, present bool) bool {
	if !present {
		return false
	}
	c, err := m.kind.Convert(v)
	if err != nil {
		return false
	}
	f, _ := toFloat(c)
	switch m.op {
	case "<":
		return f < m.value
	case "<=":
		return f <= m.value
	case ">":
		return f > m.value
	case ">=":
		return f >= m.value
	case "==":
		return f == m.value
	}
	return f != m.value
}

func (m compare) Text() string { return m.text }

type oneOf []Matcher

func (m oneOf) Match(v any, present bool) bool {
	for _, e := range m {
		if e.Match(v, present) {
			return true
		}
	}
	return false
}

func (m oneOf) Text() string {
	parts := make([]string, len(m))
	for i, e := range m {
		parts[i] = e.Text()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

type contains struct{ value string }

func (m contains) Match(v any, present bool) bool {
	switch x := v.(type) {
	case string:
		return present && strings.Contains(x, m.value)
	case []string:
		for _, e := range x {
			if e == m.value {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if fmt.Sprint(e) == m.value {
				return true
			}
		}
	case []map[string]any:
		for _, r := range x {
			for _, e := range r {
				if fmt.Sprint(e) == m.value {
					return true
				}
			}
		}
	}
	return false
}

func (m contains) Text() string { return "{contains: " + m.value + "}" }

type matches struct{ re *regexp.Regexp }

func (m matches) Match(v any, present bool) bool {
	switch x := v.(type) {
	case string:
		return present && m.re.MatchString(x)
	case []string:
		for _, e := range x {
			if m.re.MatchString(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if m.re.MatchString(fmt.Sprint(e)) {
				return true
			}
		}
	case []map[string]any:
		for _, r := range x {
			if m.re.MatchString(recordText(r)) {
				return true
			}
		}
	}
	return false
}

// isEmpty matches a list or records field with no element: `failing: []`.
type isEmpty struct{}

func (isEmpty) Match(v any, present bool) bool {
	switch x := v.(type) {
	case []string:
		return present && len(x) == 0
	case []any:
		return present && len(x) == 0
	case []map[string]any:
		return present && len(x) == 0
	}
	return false
}

func (isEmpty) Text() string { return "[]" }

func (m matches) Text() string { return "{matches: " + m.re.String() + "}" }

type not struct{ inner Matcher }

// Match of a negation is false for an absent value too: nothing observed
// proves nothing either way.
func (m not) Match(v any, present bool) bool { return present && !m.inner.Match(v, present) }

func (m not) Text() string { return "{not: " + m.inner.Text() + "}" }

// Assertion is a parsed assertion: one field, one matcher.
type Assertion struct {
	Field   string
	Kind    Kind
	Matcher Matcher
}

// Unmet is an assertion that did not hold, as the report records it.
type Unmet struct {
	Field    string `json:"field"`
	Matcher  string `json:"matcher"`
	Observed any    `json:"observed"` // JSON form; nil when the field was not observed
	Level    Status `json:"level"`    // fail or warn
}

// Evaluate returns the assertions that do not hold for the observed values,
// in field order so reports are stable. With passOverAbsent (a type's own
// defaults) and a probe that worked (error_kind empty), a field it did not
// observe does not apply here (no load average on Windows) and its
// assertions are passed over; otherwise a missing field is unmet.
func Evaluate(as []Assertion, observed map[string]any, level Status, passOverAbsent bool) []Unmet {
	var out []Unmet
	worked := passOverAbsent && (observed[ErrorKindField.Name] == nil || observed[ErrorKindField.Name] == "")
	sorted := append([]Assertion(nil), as...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Field < sorted[j].Field })
	for _, a := range sorted {
		v, ok := observed[a.Field]
		if !ok && worked {
			continue
		}
		if !a.Matcher.Match(v, ok) {
			u := Unmet{Field: a.Field, Matcher: a.Matcher.Text(), Level: level}
			if ok {
				u.Observed = a.Kind.JSON(v)
			}
			out = append(out, u)
		}
	}
	return out
}

// ParseAssertions parses assertions written for a type, as a type's
// defaults are; it panics on one that does not parse (a test's mistake).
func (t *Type) ParseAssertions(set Assertions) []Assertion {
	out, err := t.parseAssertions(set)
	if err != nil {
		panic(err)
	}
	return out
}

// Describe renders an unmet assertion for a person: "used_percent is 91.2, wants < 85%".
func (u Unmet) Describe() string {
	if u.Observed == nil {
		return fmt.Sprintf("%s was not observed (wants %s)", u.Field, u.Matcher)
	}
	return fmt.Sprintf("%s is %s, wants %s", u.Field, Abbreviate(jsonText(u.Observed), 80), u.Matcher)
}

// Abbreviate shortens long text (a page body, a command's output) for a
// sentence: its start and how long it was.
func Abbreviate(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	return fmt.Sprintf("%q… (%s in all)", string([]rune(s)[:limit]), FormatBytes(int64(len(s))))
}

func jsonText(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []string:
		return "[" + strings.Join(x, ", ") + "]"
	case []any:
		if recs, err := toRecords(x); err == nil {
			return "[" + KindRecords.Format(recs) + "]"
		}
	case time.Duration:
		return FormatDuration(x)
	}
	return fmt.Sprint(v)
}
