package playbooks

import (
	"strings"
	"testing"
)

// FuzzLoad: no input makes the loader panic or hang, and every problem
// it reports has a place in the file.
func FuzzLoad(f *testing.F) {
	// Small seeds: the fuzzer mutates them fastest. The big example files
	// run as ordinary tests in load_test.go.
	f.Add([]byte("tsr: 1\nname: a\nvars: {s: x}\nchecks:\n  - {id: a, uses: test.probe, with: {value: '${vars.s}'}, expect: {used: '< 5%'}}\n  - {id: b, uses: sys.os, needs: [a], when: {os: [linux]}}\n"))
	f.Add([]byte("tsr: 1\nname: a\nchecks:\n  - &x {id: a, uses: test.probe, needs: [a]}\n  - *x\n"))
	f.Add([]byte("tsr: 1\nname: a\nchecks:\n  - {id: a, uses: test.probe, with: {value: '${checks.a.value[99999999999]}'}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pb, problems := Load("f.yaml", "f.yaml", data)
		if pb == nil && len(problems) == 0 {
			t.Fatal("no playbook and no problem")
		}
		for _, p := range problems {
			if p.Line < 1 || p.Column < 1 || p.Message == "" {
				t.Fatalf("problem without a place: %+v", p)
			}
		}
	})
}

// FuzzExpand: references never panic, and text without "$" is unchanged.
func FuzzExpand(f *testing.F) {
	for _, s := range []string{"${vars.a}", "x ${checks.a.b[2]} y", "$${", "${", "${host.os}${vars.a}", "${vars.l[1]}"} {
		f.Add(s)
	}
	resolve := func(r *ref) (any, error) {
		if r.name == "l" {
			return []string{"a", "b"}, nil
		}
		return "v", nil
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := expand(s, resolve)
		if !strings.Contains(s, "$") && (err != nil || v != s) {
			t.Fatalf("plain text %q became %v, %v", s, v, err)
		}
	})
}
