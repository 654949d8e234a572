package playbooks

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/internal/lazyregexp"
)

// ref is one ${...} reference.
type ref struct {
	ns    string // vars, host or checks
	id    string // the check id, for checks
	name  string // var name, host field or observed field
	index int    // [N]; -1 when absent
	text  string // as written, for messages
}

// maxIndex bounds [N]: no observed list is longer.
const maxIndex = 9999

type segment struct {
	lit string
	ref *ref
}

// Template is a title, a fix or a string in `with`, parsed once when the
// playbook is loaded: literal text and ${...} references. The runner
// evaluates it; nothing parses it again.
type Template struct {
	src  string
	segs []segment
}

// String is the template as written.
func (t *Template) String() string {
	if t == nil {
		return ""
	}
	return t.src
}

// parseText parses a title or a fix.
func parseText(s string) (*Template, error) {
	segs, err := parseTemplate(s)
	if err != nil {
		return nil, err
	}
	return &Template{src: s, segs: segs}, nil
}

// compile parses the strings of a `with` value as written (inside lists
// and maps too) into templates.
func compile(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return parseText(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			c, err := compile(e)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			c, err := compile(e)
			if err != nil {
				return nil, err
			}
			out[k] = c
		}
		return out, nil
	}
	return v, nil
}

var refPattern = lazyregexp.New(`^(vars|host)\.([A-Za-z0-9_-]+)(?:\[(\d+)\])?$|^checks\.([a-z0-9][a-z0-9_-]*)\.([A-Za-z0-9_]+)(?:\[(\d+)\])?$`)

// parseTemplate splits a string into literal text and references.
// "$${" stands for a literal "${".
func parseTemplate(s string) ([]segment, error) {
	var segs []segment
	var lit strings.Builder
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "$${"):
			lit.WriteString("${")
			i += 3
		case strings.HasPrefix(s[i:], "${"):
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return nil, fmt.Errorf("unterminated reference %q: close it with }", s[i:])
			}
			body := s[i+2 : i+end]
			r, err := parseRef(body)
			if err != nil {
				return nil, err
			}
			if lit.Len() > 0 {
				segs = append(segs, segment{lit: lit.String()})
				lit.Reset()
			}
			segs = append(segs, segment{ref: r})
			i += end + 1
		default:
			lit.WriteByte(s[i])
			i++
		}
	}
	if lit.Len() > 0 || len(segs) == 0 {
		segs = append(segs, segment{lit: lit.String()})
	}
	return segs, nil
}

func parseRef(body string) (*ref, error) {
	m := refPattern.FindStringSubmatch(strings.TrimSpace(body))
	if m == nil {
		return nil, fmt.Errorf("bad reference ${%s}: write ${vars.NAME}, ${host.FIELD} or ${checks.ID.FIELD} (with [N] for an element of a list)", body)
	}
	r := &ref{text: "${" + body + "}", index: -1}
	idx := ""
	if m[1] != "" {
		r.ns, r.name, idx = m[1], m[2], m[3]
	} else {
		r.ns, r.id, r.name, idx = "checks", m[4], m[5], m[6]
	}
	if idx != "" {
		var err error
		if r.index, err = strconv.Atoi(idx); err != nil || r.index > maxIndex {
			return nil, fmt.Errorf("bad reference ${%s}: [%s] is not an element a list of observed values can have", body, idx)
		}
	}
	return r, nil
}

// resolver returns the value a reference stands for: for another check's
// observed value, a fieldValue.
type resolver func(r *ref) (any, error)

// fieldValue is another check's observed value with the field it was
// observed as: a `with` value takes the value, and text prints it as the
// report prints that field (checks.Field.Text).
type fieldValue struct {
	field checks.Field
	value any
}

// expand replaces the references in v (a template, or templates inside
// lists and maps). A template that is exactly one reference takes the
// referenced value with its type (a list var stays a list); references
// inside longer text are written out as text.
func expand(v any, resolve resolver) (any, error) {
	switch x := v.(type) {
	case *Template:
		if x == nil {
			return "", nil
		}
		if isWholeRef(x) {
			val, _, err := lookupIndexed(x.segs[0].ref, resolve)
			return val, err
		}
		return expandText(x, resolve, false)
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			r, err := expand(e, resolve)
			if err != nil {
				return nil, err
			}
			if l, ok := r.([]string); ok && isWholeRef(e) {
				for _, s := range l { // a list var as an element: splice it in
					out = append(out, s)
				}
				continue
			}
			out = append(out, r)
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			r, err := expand(e, resolve)
			if err != nil {
				return nil, err
			}
			out[k] = r
		}
		return out, nil
	}
	return v, nil
}

// expandText writes a template out as text, each reference as a person
// reads its value (23.5 GiB, 1.4ms, "a, b"). In a `with` value (prose
// false) a list is text only as the whole value: inside a longer string,
// an address or a name, it would read as one item. A title or fix is
// prose for a person, where "resolvers 192.0.2.1, 192.0.2.2" reads well.
func expandText(t *Template, resolve resolver, prose bool) (string, error) {
	if t == nil {
		return "", nil
	}
	var b strings.Builder
	for _, s := range t.segs {
		if s.ref == nil {
			b.WriteString(s.lit)
			continue
		}
		val, shown, err := lookupIndexed(s.ref, resolve)
		if err != nil {
			return "", err
		}
		if _, isList := val.([]string); isList && !prose && len(t.segs) > 1 {
			return "", fmt.Errorf("%s is a list and cannot be part of a longer string: use it as the whole value, or pick one element with [N]", s.ref.text)
		}
		b.WriteString(shown)
	}
	return b.String(), nil
}

func isWholeRef(v any) bool {
	t, ok := v.(*Template)
	return ok && t != nil && len(t.segs) == 1 && t.segs[0].ref != nil
}

// lookupIndexed returns the value a reference stands for, [N] applied,
// and that value as text.
func lookupIndexed(r *ref, resolve resolver) (val any, shown string, err error) {
	val, err = resolve(r)
	if err != nil {
		return nil, "", err
	}
	if fv, ok := val.(fieldValue); ok {
		if r.index < 0 {
			return fv.value, fv.field.Text(fv.value), nil
		}
		val = fv.value
	}
	if r.index < 0 {
		return val, text(val), nil
	}
	var n int
	switch l := val.(type) {
	case []string:
		if n = len(l); r.index < n {
			return l[r.index], l[r.index], nil
		}
	case []any:
		if n = len(l); r.index < n {
			return l[r.index], text(l[r.index]), nil
		}
	default:
		return nil, "", fmt.Errorf("%s: [%d] picks an element of a list, but this is not a list", r.text, r.index)
	}
	return nil, "", fmt.Errorf("%s: the list has %s, so there is no [%d]", r.text, checks.Quantity(n, "element"), r.index)
}

// text prints a var's or a host fact's value: a list as its items joined
// with ", ", as a check's list field reads.
func text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []string:
		return strings.Join(x, ", ")
	}
	return fmt.Sprint(v)
}

// refsIn lists every reference in the templates of v.
func refsIn(v any) []*ref {
	var out []*ref
	switch x := v.(type) {
	case *Template:
		for _, s := range x.segs {
			if s.ref != nil {
				out = append(out, s.ref)
			}
		}
	case []any:
		for _, e := range x {
			out = append(out, refsIn(e)...)
		}
	case map[string]any:
		for _, e := range x {
			out = append(out, refsIn(e)...)
		}
	}
	return out
}
