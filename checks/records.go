package checks

import "strings"

// UnitKey is the key under which a result's units name the unit of one
// field of an observed list of records: "top.rss" for the rss of each of
// hw.memory's top programs. Observed field names hold no dot, so it never
// names a field of its own.
func UnitKey(field, recordField string) string { return field + "." + recordField }

// units calls set with the unit of the field and, for a list of records,
// of each record field (keyed by UnitKey): what the report records so a
// saved report is rendered in units without the check catalogue.
func (f Field) units(set func(key string, unit Unit)) {
	if u := f.unit(); u != "" {
		set(f.Name, u)
	}
	for _, r := range f.Record {
		if u := r.unit(); u != "" {
			set(UnitKey(f.Name, r.Name), u)
		}
	}
}

// unit is the unit the report records the field's values in: the one
// declared, else its kind's.
func (f Field) unit() Unit {
	if f.Unit != "" {
		return f.Unit
	}
	return f.Kind.Unit()
}

// recordField finds a declared field of the field's records.
func (f Field) recordField(name string) (Field, bool) {
	for _, r := range f.Record {
		if r.Name == name {
			return r, true
		}
	}
	return Field{}, false
}

// JSON returns the value as the report records it (Kind.JSON); each field
// of a list of records is recorded as its own declared kind says, so its
// value is in the unit its key in Units names.
func (f Field) JSON(v any) any {
	j := f.Kind.JSON(v)
	list, ok := j.([]any)
	if !ok || len(f.Record) == 0 {
		return j
	}
	out := make([]any, len(list))
	for i, e := range list {
		r, ok := e.(map[string]any)
		if !ok {
			out[i] = e
			continue
		}
		c := make(map[string]any, len(r))
		for k, x := range r {
			if rf, ok := f.recordField(k); ok {
				x = rf.Kind.JSON(x)
			}
			c[k] = x
		}
		out[i] = c
	}
	return out
}

// Description is the field's Doc and, for a list of records, each record
// field's name, kind and Doc: what the catalogue, docs/checks.md and the
// playbook schema say of it.
func (f Field) Description() string {
	if len(f.Record) == 0 {
		return f.Doc
	}
	parts := make([]string, len(f.Record))
	for i, r := range f.Record {
		parts[i] = r.Name + " (" + string(r.Kind) + "): " + r.Doc
	}
	return f.Doc + ". Each record: " + strings.Join(parts, "; ")
}

// Text prints a value of the field (as a check observed it) for a person,
// as the report prints the field: a number in its unit (Unit.Text), a
// list's items joined with ", ", anything else as its kind reads
// (Kind.Format). Titles and fixes that refer to the field print it so.
func (f Field) Text(v any) string {
	if s, ok := f.unit().Text(f.JSON(v)); ok {
		return s
	}
	return f.Kind.Format(v)
}
