package checks

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Value converts one `with` value, its references already expanded, to
// the parameter's kind: an enum value takes the declared spelling, and a
// value that cannot work (an empty required string, a duration of zero or
// less, one the parameter's Check refuses) is an error. known is false at
// validation when the value stands in for another check's result, not
// known before that check runs: it proves nothing, so neither the enum,
// emptiness nor Check is judged then; the runner judges the real value.
func (p Param) Value(v any, known bool) (any, error) {
	c, err := p.Kind.Convert(v)
	if err != nil {
		return nil, err
	}
	if s, ok := c.(string); ok && len(p.Enum) > 0 && known {
		for _, e := range p.Enum {
			if strings.EqualFold(e, s) {
				return e, nil
			}
		}
		return nil, fmt.Errorf("%q is not one of %s%s", s, strings.Join(p.Enum, ", "), DidYouMean(s, p.Enum))
	}
	if s, ok := c.(string); ok && s == "" && p.Required && known {
		return nil, fmt.Errorf("is empty, and %s needs a value", p.Name)
	}
	if d, ok := c.(time.Duration); ok && d <= 0 {
		return nil, fmt.Errorf("%s: a duration here must be more than zero", d)
	}
	if p.Check != nil && known {
		if err := p.Check(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// NoSuchParam says why name is not one of t's parameters, with the one
// it may have meant; nil when it is one. Bind and the loader both ask it.
func (t *Type) NoSuchParam(name string) error {
	if _, ok := t.Param(name); ok {
		return nil
	}
	var names []string
	for _, p := range t.Params {
		names = append(names, p.Name)
	}
	hint := DidYouMean(name, names)
	if len(names) == 0 {
		hint = "; it takes no parameters"
	}
	return fmt.Errorf("%s has no parameter %q%s", t.Name, name, hint)
}

// Missing is the error of a required parameter that was not given.
func (p Param) Missing() error {
	return fmt.Errorf("missing required parameter %q (%s)", p.Name, p.Doc)
}

// ParamError is a value Bind refused: which parameter, and why.
type ParamError struct {
	Param string
	Err   error
}

func (e *ParamError) Error() string { return "with." + e.Param + ": " + e.Err.Error() }

func (e *ParamError) Unwrap() error { return e.Err }

// Bind turns a check's `with` values, references already expanded, into
// the Params its probe runs with: each value through Param.Value, the
// declared default for what is not given. A name the type does not
// declare, or a required parameter not given, is an error; one about a
// parameter is a *ParamError. Validation, the runner and the tests all
// bind through here, so a probe never sees a value its parameter's
// declaration refuses.
func (t *Type) Bind(with map[string]any) (Params, error) {
	for _, name := range slices.Sorted(maps.Keys(with)) { // the same one named every run
		if err := t.NoSuchParam(name); err != nil {
			return nil, err
		}
	}
	out := Params{}
	for _, prm := range t.Params {
		raw, given := with[prm.Name]
		var (
			v   any
			err error
		)
		switch {
		case given:
			v, err = prm.Value(raw, true)
		case prm.Default != nil:
			v, err = prm.Kind.Convert(prm.Default)
		case prm.Required:
			err = prm.Missing()
		default:
			continue
		}
		if err != nil {
			return nil, &ParamError{Param: prm.Name, Err: err}
		}
		out[prm.Name] = v
	}
	return out, nil
}
