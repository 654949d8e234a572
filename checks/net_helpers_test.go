package checks

import (
	"fmt"
	"testing"
)

// checkObserved asserts that every observed value is declared and has
// its Kind's canonical Go type.
func checkObserved(t *testing.T, ty *Type, o Outcome) {
	t.Helper()
	for name, v := range o.Observed {
		f, ok := ty.Field(name)
		if !ok {
			t.Errorf("%s observed undeclared field %s", ty.Name, name)
			continue
		}
		c, err := f.Kind.Convert(v)
		if err != nil {
			t.Errorf("%s: field %s: %v", ty.Name, name, err)
		} else if fmt.Sprintf("%T", c) != fmt.Sprintf("%T", v) {
			t.Errorf("%s: field %s is %T, want the canonical %T", ty.Name, name, v, c)
		}
	}
}

// wantStatus asserts how the runner would classify the outcome before
// assertions: "ok" (judged by expect/warn), "fail" (has an error kind),
// "error" or "skip".
func wantStatus(t *testing.T, o Outcome, want string) {
	t.Helper()
	got := "ok"
	switch {
	case o.Skip != "":
		got = "skip"
	case o.Error:
		got = "error"
	case o.ErrorKind != "":
		got = "fail"
	}
	if got != want {
		t.Fatalf("outcome is %s, want %s: %+v", got, want, o)
	}
}

// meets says whether the outcome satisfies the type's default assertions
// of one level, "expect" or "warn", as status judges it: none of that
// level is unmet.
func meets(typ, level string, o Outcome) bool {
	ty, _ := Lookup(typ)
	want := StatusFail
	if level == "warn" {
		want = StatusWarn
	}
	for _, u := range ty.JudgeDefaults(o).Unmet {
		if u.Level == want {
			return false
		}
	}
	return true
}
