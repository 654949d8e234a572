package checks

import "testing"

// testParams builds a check's parameters as the runner would: each value
// converted to its declared kind, defaults applied, unknown names refused.
func testParams(t *testing.T, typ string, with map[string]any) Params {
	t.Helper()
	ct, ok := Lookup(typ)
	if !ok {
		t.Fatalf("no check type %s", typ)
	}
	for name := range with {
		if _, ok := ct.Param(name); !ok {
			t.Fatalf("%s has no parameter %s", typ, name)
		}
	}
	p := Params{}
	for _, prm := range ct.Params {
		raw, given := with[prm.Name]
		if !given {
			if prm.Required {
				t.Fatalf("%s needs parameter %s", typ, prm.Name)
			}
			if prm.Default == nil {
				continue
			}
			raw = prm.Default
		}
		v, err := prm.Kind.Convert(raw)
		if err != nil {
			t.Fatalf("%s: with.%s: %v", typ, prm.Name, err)
		}
		p[prm.Name] = v
	}
	return p
}
