package playbooks

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tsrhq/tsr/checks"
)

// Validate checks what depends on the vars' values: the parameters in
// `with` and the references in `with`, `title` and `fix`. Load calls it;
// call it again after SetVars.
func (p *Playbook) Validate() Problems { return p.validate(false) }

// validate checks with the vars as they are. lenient (when loading)
// accepts a parameter that takes an empty var: the var waits for --set,
// and is judged once SetVars has run.
func (p *Playbook) validate(lenient bool) Problems {
	l := &loader{file: p.File}
	for _, c := range p.Checks {
		resolve := p.resolver(c, nil)
		if c.Type == nil { // unknown uses, reported already: its references can still be wrong
			for name, raw := range c.With {
				if _, err := expand(raw, resolve); err != nil {
					l.add(c.withAt[name], "with.%s: %v", name, err)
				}
			}
		}
		texts := map[string]*Template{}
		if c.Title != nil {
			texts["title"] = c.Title
		}
		for key, s := range c.Fix {
			if _, plain := c.textAt["fix"]; plain {
				texts["fix"] = s
			} else {
				texts["fix."+key] = s
			}
		}
		for what, s := range texts {
			if _, err := expandText(s, resolve, true); err != nil {
				l.add(c.textAt[what], "%s: %v", what, err)
			}
		}
		if c.Type == nil {
			continue
		}
		for _, prm := range c.Type.Params {
			n, written := c.withAt[prm.Name]
			if !written {
				if prm.Required {
					l.add(c.node, "check %s (%s): %v", c.ID, c.Uses, prm.Missing())
				}
				continue
			}
			raw, parsed := c.With[prm.Name]
			if !parsed {
				continue // its references were refused at load
			}
			if lenient && p.awaitsSet(raw) {
				if _, err := expand(raw, resolve); err != nil {
					l.add(n, "with.%s: %v", prm.Name, err)
				}
				continue
			}
			if err := p.checkParam(prm, raw, resolve); err != nil {
				l.add(n, "with.%s: %v%s", prm.Name, err, p.fromSet(raw))
			}
		}
	}
	l.problems.Sort()
	return l.problems.redacted(p)
}

// fromSet names the --set behind a value, when one is: the mistake is
// then on the command line, not in the file.
func (p *Playbook) fromSet(raw any) string {
	for _, r := range refsIn(raw) {
		if v := p.Var(r.name); r.ns == "vars" && v != nil && v.Set {
			return " (the value comes from --set " + r.name + ")"
		}
	}
	if v := p.emptyVar(raw); v != nil {
		return " (var " + v.Name + " is empty: give it a value with --set " + v.Name + "=VALUE)"
	}
	return ""
}

// awaitsSet says whether raw takes a var that is empty and was not set:
// a playbook leaves such a var for --set to fill.
func (p *Playbook) awaitsSet(raw any) bool { return p.emptyVar(raw) != nil }

func (p *Playbook) emptyVar(raw any) *Var {
	for _, r := range refsIn(raw) {
		if v := p.Var(r.name); r.ns == "vars" && v != nil && !v.Set && v.Value == "" {
			return v
		}
	}
	return nil
}

// checkParam expands the references in a `with` value and judges it with
// checks.Param.Value. A value that stands in for another check's result
// is not known yet: only what the field's kind proves is judged, and
// text proves nothing (a text field may hold a number or an address), so
// the runner judges the real value, with the same Param.Value.
func (p *Playbook) checkParam(prm checks.Param, raw any, resolve resolver) error {
	v, err := expand(raw, resolve)
	if err != nil {
		return err
	}
	refs := checkRefs(raw)
	if _, err := prm.Value(v, len(refs) == 0); err != nil && !p.takesText(raw) {
		if len(refs) > 0 { // v holds a stand-in (sample), not what the user wrote
			return p.kindMismatch(prm, raw, refs)
		}
		return err
	}
	return nil
}

// kindMismatch says why a value from other checks' fields cannot be the
// parameter, in what is known at validation: the fields' kinds, never
// the stand-in values that took their place.
func (p *Playbook) kindMismatch(prm checks.Param, raw any, refs []string) error {
	if isWholeRef(raw) {
		r := raw.(*Template).segs[0].ref
		if target := p.Check(r.id); target != nil && target.Type != nil {
			f, _ := target.Type.Field(r.name)
			return fmt.Errorf("%s is %s, and %s wants %s", r.text, f.Kind.Noun(), prm.Name, prm.Kind.Noun())
		}
	}
	return fmt.Errorf("%s wants %s, which text built from %s cannot be", prm.Name, prm.Kind.Noun(), strings.Join(refs, ", "))
}

// takesText says whether raw refers to a text field of another check,
// whose sample says nothing about the value it will hold.
func (p *Playbook) takesText(raw any) bool {
	for _, r := range refsIn(raw) {
		if r.ns != "checks" {
			continue
		}
		if r.index >= 0 { // an element of a list is text
			return true
		}
		target := p.Check(r.id)
		if target == nil || target.Type == nil {
			return true
		}
		if f, ok := target.Type.Field(r.name); ok && f.Kind == checks.KindString {
			return true
		}
	}
	return false
}

// Observed is what finished checks observed, by check id, for
// ${checks.ID.FIELD} at run time. nil means "validating": check references
// then stand for a sample value of the field's kind.
type Observed map[string]map[string]any

func (p *Playbook) resolver(c *Check, observed Observed) resolver {
	return func(r *ref) (any, error) {
		switch r.ns {
		case "vars":
			v := p.Var(r.name)
			if v == nil {
				var names []string
				for _, v := range p.Vars {
					names = append(names, v.Name)
				}
				return nil, fmt.Errorf("%s: this playbook has no var %q%s", r.text, r.name, checks.DidYouMean(r.name, names))
			}
			return v.Value, nil
		case "host":
			v, ok := checks.HostFacts().Get(r.name)
			if !ok {
				return nil, fmt.Errorf("%s: unknown host fact %q; use one of %s%s", r.text, r.name, strings.Join(checks.HostFields, ", "), checks.DidYouMean(r.name, checks.HostFields))
			}
			return v, nil
		}
		target := p.Check(r.id)
		if target == nil {
			return nil, fmt.Errorf("%s: there is no check %q in this playbook", r.text, r.id)
		}
		if r.id == c.ID {
			return nil, fmt.Errorf("%s: a check cannot use its own results; they do not exist until it has run", r.text)
		}
		if !p.dependsOn(c, r.id) {
			return nil, fmt.Errorf("%s: check %s can only refer to checks it needs; add %s to its needs", r.text, c.ID, r.id)
		}
		if target.Type == nil {
			return sample(checks.KindString, r), nil
		}
		f, ok := target.Type.Field(r.name)
		if !ok {
			var names []string
			for _, f := range target.Type.AllFields() {
				names = append(names, f.Name)
			}
			return nil, fmt.Errorf("%s: %s observes no field %q%s", r.text, target.Uses, r.name, checks.DidYouMean(r.name, names))
		}
		if r.index >= 0 && f.Kind != checks.KindList {
			return nil, fmt.Errorf("%s: %s is a %s, not a list, so it has no [%d]", r.text, r.name, f.Kind, r.index)
		}
		if observed == nil {
			return fieldValue{f, sample(f.Kind, r)}, nil
		}
		v, ok := observed[r.id][r.name]
		if !ok {
			return nil, fmt.Errorf("%s: check %s did not observe %s", r.text, r.id, r.name)
		}
		c, err := f.Kind.Convert(v)
		if err != nil {
			return nil, err
		}
		return fieldValue{f, c}, nil
	}
}

// sample stands for a value of a kind at validation, when the real one is
// not known yet.
func sample(k checks.Kind, r *ref) any {
	switch k {
	case checks.KindBool:
		return true
	case checks.KindInt, checks.KindBytes:
		return int64(1)
	case checks.KindFloat, checks.KindPercent:
		return 1.0
	case checks.KindDuration:
		return time.Second
	case checks.KindIP:
		return "192.0.2.1"
	case checks.KindList:
		return make([]string, max(r.index+1, 1))
	case checks.KindRecords:
		return []map[string]any{}
	}
	return "sample"
}

// dependsOn says whether c needs id, directly or through other checks:
// either way id has finished, and passed, before c runs. The checks that
// depend on id are found once per id, so a playbook whose every title
// refers to an early check validates in linear time.
func (p *Playbook) dependsOn(c *Check, id string) bool {
	p.Check("") // keeps the index, and this memo, in step with Checks
	deps, ok := p.dependents[id]
	if !ok {
		deps = p.findDependents(id)
		if p.dependents == nil {
			p.dependents = map[string]map[*Check]bool{}
		}
		p.dependents[id] = deps
	}
	return deps[c]
}

// findDependents walks the needs backwards from id: every check that
// needs it, directly or not. Iterative, so a chain of 100,000 needs does
// not exhaust the stack; a cycle (reported by the loader) ends the walk.
func (p *Playbook) findDependents(id string) map[*Check]bool {
	if p.needers == nil {
		p.needers = map[string][]*Check{}
		for _, c := range p.Checks {
			for _, n := range c.Needs {
				p.needers[n] = append(p.needers[n], c)
			}
		}
	}
	found := map[*Check]bool{}
	stack := []string{id}
	for len(stack) > 0 {
		next := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, c := range p.needers[next] {
			if !found[c] {
				found[c] = true
				stack = append(stack, c.ID)
			}
		}
	}
	return found
}

// Params resolves a check's parameters for running it: references
// expanded with what its needs observed, then bound by its type
// (checks.Type.Bind: conversion, defaults, the parameters' rules). A
// value from another check is first known here, so it meets those rules
// here, as a literal met them at validation: a refusal is a
// *checks.ParamError that names the reference the value came from.
func (p *Playbook) Params(c *Check, observed Observed) (checks.Params, error) {
	with := map[string]any{}
	raws := map[string]any{}
	resolve := p.resolver(c, observed)
	for name, raw := range c.With {
		v, err := expand(raw, resolve)
		if err != nil {
			return nil, fmt.Errorf("with.%s: %w", name, err)
		}
		with[name], raws[name] = v, raw
	}
	if _, given := with["timeout"]; !given && c.Timeout > 0 {
		if prm, ok := c.Type.Param("timeout"); ok && prm.Kind == checks.KindDuration {
			with["timeout"] = c.Timeout // the check's own timeout: its probe may take that long
		}
	}
	params, err := c.Type.Bind(with)
	var bad *checks.ParamError
	if errors.As(err, &bad) {
		if from := checkRefs(raws[bad.Param]); len(from) > 0 {
			bad.Err = fmt.Errorf("%w (the value comes from %s)", bad.Err, strings.Join(from, ", "))
		}
	}
	return params, err
}

// checkRefs lists the references to other checks' results in raw, as written.
func checkRefs(raw any) []string {
	var out []string
	for _, r := range refsIn(raw) {
		if r.ns == "checks" && !slices.Contains(out, r.text) {
			out = append(out, r.text)
		}
	}
	return out
}

// Text expands the references in a title or fix for a check about to be
// reported; a reference that cannot be resolved (a check that did not
// run, nil observed) stays as written.
func (p *Playbook) Text(c *Check, t *Template, observed Observed) string {
	if t == nil {
		return ""
	}
	if observed == nil {
		observed = Observed{}
	}
	s, err := expandText(t, p.resolver(c, observed), true)
	if err != nil {
		return t.src
	}
	return s
}
