package checks

// Verdict is what an outcome means under a check's assertions.
type Verdict struct {
	Status Status
	Unmet  []Unmet         // the assertions that did not hold (fail or warn level)
	Typed  map[string]any  // observed values as their kinds' Go values, error_kind included
	JSON   map[string]any  // observed values as the report records them
	Units  map[string]Unit // the unit of each numeric observed value and record field (Kind.Unit, UnitKey)
}

// Judge decides a check's status from its probe's outcome: skip, error,
// then the expectations (fail) and warnings (warn); every unmet assertion
// of both levels is recorded. A probe that failed (error_kind set) fails
// even a type with nothing to expect, unless the playbook wrote
// `expect: {}`. The written flags say which assertions the playbook
// wrote: only the type's own defaults pass over fields the probe did not
// observe on this platform.
func Judge(t *Type, o Outcome, expect, warn []Assertion, expectWritten, warnWritten bool) Verdict {
	v := Verdict{Status: StatusPass, Typed: map[string]any{}, JSON: map[string]any{}}
	for name, val := range o.Observed {
		if f, ok := t.Field(name); ok {
			if c, err := f.Kind.Convert(val); err == nil {
				v.Typed[name] = c
			}
			v.JSON[name] = f.JSON(val)
			f.units(func(key string, unit Unit) {
				if v.Units == nil {
					v.Units = map[string]Unit{}
				}
				v.Units[key] = unit
			})
		}
	}
	v.Typed[ErrorKindField.Name] = string(o.ErrorKind) // a string field, as matchers read it
	v.JSON[ErrorKindField.Name] = string(o.ErrorKind)
	switch {
	case o.Skip != "":
		v.Status = StatusSkip
	case o.Error:
		v.Status = StatusError
	case o.ErrorKind != "" && !expectWritten && len(expect) == 0:
		v.Status = StatusFail
	default:
		failed := Evaluate(expect, v.Typed, StatusFail, !expectWritten)
		warned := Evaluate(warn, v.Typed, StatusWarn, !warnWritten)
		v.Unmet = append(failed, warned...)
		for i, u := range v.Unmet {
			if u.Observed != nil { // as the result records it: a record's fields in their own kinds' units
				v.Unmet[i].Observed = v.JSON[u.Field]
			}
		}
		switch {
		case len(failed) > 0:
			v.Status = StatusFail
		case len(warned) > 0:
			v.Status = StatusWarn
		}
	}
	return v
}

// JudgeDefaults judges an outcome under the type's own default assertions.
func (t *Type) JudgeDefaults(o Outcome) Verdict {
	return Judge(t, o, t.DefaultExpect(), t.DefaultWarn(), false, false)
}
