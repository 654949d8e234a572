// Package checks holds the check catalogue: the Type declarations that feed
// validation, `tsr checks`, the JSON schema and docs, the registry they live
// in, and the matchers that judge what a check observed.
package checks

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Type declares one check type. Everything tsr knows about a type (what
// validation accepts, what `tsr checks` prints, the schema, the docs) comes
// from this one value.
type Type struct {
	Name   string     // "net.tcp"
	Title  string     // default title of a check of this type
	Doc    string     // one or two sentences for `tsr checks`
	Params []Param    // what `with` accepts, in documentation order
	Fields []Field    // what the check observes, in documentation order
	Expect Assertions // default expect (fail when unmet); nil: none
	Warn   Assertions // default warn (warn when unmet); nil: none
	// ErrorKinds are the error kinds its probe can end with besides those
	// every check can (timeout, permission, ...): the keys a playbook's
	// `fix` map may hold. Every type declares them (noOwnKinds: none).
	ErrorKinds []ErrorKind
	Timeout    time.Duration // default per-check timeout
	// Deadline, when set, computes the default timeout from the params,
	// for probes whose length depends on them (ping: count × interval).
	Deadline func(p Params) time.Duration
	Example  string  // a `with:` body (YAML) for `tsr checks TYPE`; empty: none needed
	Support  Support // how it works on each OS (docs/checks.md)
	Run      func(ctx context.Context, env *Env, p Params) Outcome

	defaultExpect, defaultWarn []Assertion // Expect and Warn, parsed by validate
	prepared                   bool        // validate has run: the catalogue built the type
}

// Assertions maps a field name to a matcher as a playbook would write it.
type Assertions map[string]any

// Param is one key a check accepts under `with`.
type Param struct {
	Name     string
	Kind     Kind
	Default  any      // typed like Kind; nil when there is none
	Required bool     // a check without it is invalid
	Enum     []string // allowed values for a string param, compared case-insensitively
	Doc      string
	// Check, when set, refuses values that cannot work (a port of 0), at
	// validation when the value is known then, else before the probe.
	Check func(v any) error
}

// Field is one value a check observes.
type Field struct {
	Name string
	Kind Kind
	Doc  string
	// Record declares the fields of each record of a KindRecords field:
	// their kinds give their units in the report, as a field's own does.
	Record []Field
	// Unit, when set, is the unit of a number its kind says too little
	// of (UnitDays); else the kind's (Kind.Unit).
	Unit Unit
}

// Outcome is what a Run returns.
type Outcome struct {
	// Observed holds typed values keyed by field name: bool, int64, float64,
	// string, time.Duration, []string (Kind says how to read them).
	Observed map[string]any
	// Message is one sentence for a person: what was seen.
	Message string
	// ErrorKind says why a probe failed (timeout, refused, nxdomain, ...).
	ErrorKind ErrorKind
	// Error is set when the check could not look at all (status error):
	// a bad parameter at run time, a missing privilege, an unsupported OS.
	Error bool
	// Skip is set when the check does not apply here (no battery); it is
	// the reason, for a person.
	Skip string
	// Fix, when set, replaces the playbook's fix: the check knows better
	// (for instance how to rerun with a privilege it lacked).
	Fix string
	// Evidence is raw material the probe saw (headers, a certificate
	// chain, a DNS answer), kept for --bundle.
	Evidence []Evidence
}

// Env is what a check may know about the run it is part of.
type Env struct {
	AllowExec bool // --allow-exec was given
}

// Failed builds the Outcome of a probe that got no good answer.
func Failed(kind ErrorKind, format string, args ...any) Outcome {
	return Outcome{Observed: map[string]any{}, ErrorKind: kind, Message: fmt.Sprintf(format, args...)}
}

// Errored builds the Outcome of a check that could not look at all.
func Errored(kind ErrorKind, format string, args ...any) Outcome {
	o := Failed(kind, format, args...)
	o.Error = true
	return o
}

// Skipped builds the Outcome of a check that does not apply here.
func Skipped(format string, args ...any) Outcome {
	return Outcome{Observed: map[string]any{}, Skip: fmt.Sprintf(format, args...)}
}

// ErrorKindField is observed by every type: why the probe failed, empty when it worked.
var ErrorKindField = Field{Name: "error_kind", Kind: KindString,
	Doc: "why the probe failed (timeout, refused, nxdomain, ...); empty when it worked"}

// Param returns the named parameter declaration.
func (t *Type) Param(name string) (Param, bool) {
	for _, p := range t.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// Field returns the named field declaration, error_kind included.
func (t *Type) Field(name string) (Field, bool) {
	if name == ErrorKindField.Name {
		return ErrorKindField, true
	}
	for _, f := range t.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// AllFields lists the declared fields followed by error_kind.
func (t *Type) AllFields() []Field {
	return append(append([]Field(nil), t.Fields...), ErrorKindField)
}

// declared holds each type's declaration, in the order the files'
// init functions ran. The catalogue is built from them the first time a
// command asks for a type, not when tsr starts: most of a type's value
// (parameters, default assertions) is heap data, and `tsr version` or
// `tsr report render` never needs it.
var declared []func() *Type

// catalogue is every declared type by name, built once.
var catalogue = sync.OnceValue(func() map[string]*Type {
	byName := make(map[string]*Type, len(declared))
	for _, declare := range declared {
		t := declare()
		if _, dup := byName[t.Name]; dup {
			panic("checks: type registered twice: " + t.Name)
		}
		if err := t.validate(); err != nil {
			panic("checks: " + t.Name + ": " + err.Error())
		}
		byName[t.Name] = t
	}
	return byName
})

// catalogueBuilt is set once the catalogue exists, so a late Register,
// which the catalogue would never see, is caught.
var catalogueBuilt atomic.Bool

// Register adds a type to the catalogue: declare returns its declaration.
// It is called from init() in the file that declares the type. A wrong
// declaration panics when the catalogue is built, so a bad one never
// ships (every registered type is loaded by the tests).
func Register(declare func() *Type) {
	if catalogueBuilt.Load() {
		panic("checks: Register called after the catalogue was built; call it from init")
	}
	declared = append(declared, declare)
}

func types() map[string]*Type {
	catalogueBuilt.Store(true)
	return catalogue()
}

func (t *Type) validate() error {
	if t.Run == nil || t.Title == "" || t.Timeout <= 0 || t.ErrorKinds == nil {
		return fmt.Errorf("needs Run, Title, Timeout and ErrorKinds")
	}
	for _, p := range t.Params {
		if p.Default != nil {
			if _, err := p.Kind.Convert(p.Default); err != nil {
				return fmt.Errorf("param %s: default: %w", p.Name, err)
			}
		}
	}
	var err error
	if t.defaultExpect, err = t.parseAssertions(t.Expect); err != nil {
		return err
	}
	if t.defaultWarn, err = t.parseAssertions(t.Warn); err != nil {
		return err
	}
	t.prepared = true
	return nil
}

// parseAssertions parses a declaration's default assertions, in no
// particular order: Evaluate orders what a check did not meet by field.
func (t *Type) parseAssertions(set Assertions) ([]Assertion, error) {
	var out []Assertion
	for field, raw := range set {
		f, ok := t.Field(field)
		if !ok {
			return nil, fmt.Errorf("default assertion on unknown field %s", field)
		}
		m, err := ParseMatcher(raw, f.Kind)
		if err != nil {
			return nil, fmt.Errorf("default assertion on %s: %w", field, err)
		}
		out = append(out, Assertion{Field: field, Kind: f.Kind, Matcher: m})
	}
	return out, nil
}

// DefaultExpect is the type's Expect, parsed once when the catalogue
// built the type; the runner judges every result, and every retry, with
// it.
func (t *Type) DefaultExpect() []Assertion {
	t.mustBePrepared()
	return t.defaultExpect
}

// DefaultWarn is the type's Warn, likewise.
func (t *Type) DefaultWarn() []Assertion {
	t.mustBePrepared()
	return t.defaultWarn
}

// mustBePrepared catches a type that did not come from the catalogue: its
// defaults were never parsed, and judging without them would pass what
// they fail.
func (t *Type) mustBePrepared() {
	if !t.prepared {
		panic("checks: type " + t.Name + " was not built by the catalogue (Register it, then Lookup)")
	}
}

// Lookup finds a registered type by name.
func Lookup(name string) (*Type, bool) {
	t, ok := types()[name]
	return t, ok
}

// All lists the registered types sorted by name.
func All() []*Type {
	byName := types()
	out := make([]*Type, 0, len(byName))
	for _, t := range byName {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Names lists the registered type names, sorted.
func Names() []string {
	var names []string
	for _, t := range All() {
		names = append(names, t.Name)
	}
	return names
}
