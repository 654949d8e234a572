package checks

import (
	"fmt"
	"testing"
)

// testParams builds a check's parameters as the runner would: each value
// converted to its declared kind, defaults applied, unknown names refused.
func testParams(t *testing.T, typ string, with map[string]any) Params {
	t.Helper()
	p, err := bindTestParams(typ, with)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// bindTestParams is testParams for code without a *testing.T: the test
// children that run a check inside a namespace.
func bindTestParams(typ string, with map[string]any) (Params, error) {
	ct, ok := Lookup(typ)
	if !ok {
		return nil, fmt.Errorf("no check type %s", typ)
	}
	for name := range with {
		if _, ok := ct.Param(name); !ok {
			return nil, fmt.Errorf("%s has no parameter %s", typ, name)
		}
	}
	p := Params{}
	for _, prm := range ct.Params {
		raw, given := with[prm.Name]
		if !given {
			if prm.Required {
				return nil, fmt.Errorf("%s needs parameter %s", typ, prm.Name)
			}
			if prm.Default == nil {
				continue
			}
			raw = prm.Default
		}
		v, err := prm.Kind.Convert(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: with.%s: %v", typ, prm.Name, err)
		}
		p[prm.Name] = v
	}
	return p, nil
}
