package checks

import (
	"fmt"
	"testing"
)

// testParams binds a check's parameters as the runner does (Type.Bind).
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
	return ct.Bind(with)
}
