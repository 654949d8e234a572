package checks

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
	"gopkg.in/yaml.v3"
)

// testChildren are the children a test runs in another process (see
// testutil.Main); the files that need one register it.
var testChildren = map[string]testutil.Child{}

// TestMain keeps every test away from this machine's DNS settings, DNS
// servers and trust store: a test that needs them points these at its own.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tsr-checks")
	if err != nil {
		panic(err)
	}
	host.etc = dir // the live /proc and /sys, but no resolv.conf or hosts
	tlsRoots = x509.NewCertPool()
	net.DefaultResolver = &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		return nil, errors.New("tests must not ask this machine's DNS servers")
	}}
	code := testutil.Main(m, testChildren)
	os.RemoveAll(dir)
	os.Exit(code)
}

// params binds a type's Params as the runner does (Type.Bind).
func params(t *testing.T, typ *Type, with map[string]any) Params {
	t.Helper()
	p, err := typ.Bind(with)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// run runs a check type with the given parameters as the runner does:
// bound by Type.Bind, under the deadline the runner would give it, every
// observed value declared and of its kind's canonical Go type.
func run(t *testing.T, name string, with map[string]any) Outcome {
	t.Helper()
	return runIn(t, &Env{}, name, with)
}

// runIn is run in a given environment (--allow-exec).
func runIn(t *testing.T, env *Env, name string, with map[string]any) Outcome {
	t.Helper()
	typ, ok := Lookup(name)
	if !ok {
		t.Fatalf("no check type %s", name)
	}
	p := params(t, typ, with)
	ctx, cancel := context.WithTimeout(context.Background(), max(typ.Timeout, p.Duration("timeout")))
	defer cancel()
	o := typ.Run(ctx, env, p)
	checkObserved(t, typ, o)
	return o
}

// status judges an outcome against the type's default expect and warn, as
// the runner does.
func status(t *testing.T, name string, o Outcome) Status {
	t.Helper()
	typ, _ := Lookup(name)
	return typ.JudgeDefaults(o).Status
}

// checkObserved asserts that every observed value is declared and has
// its Kind's canonical Go type, and every field of a record is declared
// (so the report knows its unit) and holds a value of its kind.
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
		records, _ := c.([]map[string]any)
		for _, r := range records {
			for key, x := range r {
				rf, ok := f.recordField(key)
				if !ok {
					t.Errorf("%s: field %s holds records with the undeclared field %s", ty.Name, name, key)
				} else if _, err := rf.Kind.Convert(x); err != nil {
					t.Errorf("%s: field %s.%s: %v", ty.Name, name, key, err)
				}
			}
		}
	}
}

// setVar sets a package variable for one test.
func setVar[T any](t *testing.T, v *T, value T) {
	old := *v
	*v = value
	t.Cleanup(func() { *v = old })
}

func expectEqual[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func expectContains(t *testing.T, what, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("%s = %q, want it to contain %q", what, got, want)
	}
}

func expectList(t *testing.T, what string, got any, want ...string) {
	t.Helper()
	list, _ := got.([]string)
	if strings.Join(list, "|") != strings.Join(want, "|") || len(list) != len(want) {
		t.Errorf("%s = %q, want %q", what, list, want)
	}
}

// TestDeclarations checks what Register cannot: every type documents itself
// and its example is a valid `with:` body.
func TestDeclarations(t *testing.T) {
	for _, typ := range All() {
		if typ.Doc == "" {
			t.Errorf("%s has no Doc", typ.Name)
		}
		for _, prm := range typ.Params {
			if prm.Doc == "" {
				t.Errorf("%s: param %s has no Doc", typ.Name, prm.Name)
			}
		}
		for _, f := range typ.Fields {
			if f.Doc == "" {
				t.Errorf("%s: field %s has no Doc", typ.Name, f.Name)
			}
			if (f.Kind == KindRecords) != (len(f.Record) > 0) {
				t.Errorf("%s: field %s is %s and declares %d record fields: a list of records, and only it, declares its records' fields", typ.Name, f.Name, f.Kind, len(f.Record))
			}
			for _, r := range f.Record {
				if r.Doc == "" || r.Kind.listLike() || r.Kind == KindMap {
					t.Errorf("%s: field %s's record field %s: want a Doc and a kind of a single value, got %s", typ.Name, f.Name, r.Name, r.Kind)
				}
			}
		}
		with := map[string]any{}
		if err := yaml.Unmarshal([]byte(typ.Example), &with); err != nil {
			t.Errorf("%s: example: %v", typ.Name, err)
			continue
		}
		t.Run(typ.Name, func(t *testing.T) { params(t, typ, with) })
	}
}
