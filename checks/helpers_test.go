package checks

import (
	"context"
	"crypto/x509"
	"errors"
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

// params builds a type's Params as the engine would: the given values and
// the declared defaults, each converted to its Kind, enums in their spelling.
func params(t *testing.T, typ *Type, with map[string]any) Params {
	t.Helper()
	p := Params{}
	for key := range with {
		if _, ok := typ.Param(key); !ok {
			t.Fatalf("%s has no parameter %q", typ.Name, key)
		}
	}
	for _, prm := range typ.Params {
		raw, ok := with[prm.Name]
		if !ok {
			raw = prm.Default
		}
		if raw == nil {
			if prm.Required {
				t.Fatalf("%s: parameter %s is required", typ.Name, prm.Name)
			}
			continue
		}
		v, err := prm.Kind.Convert(raw)
		if err != nil {
			t.Fatalf("%s: parameter %s: %v", typ.Name, prm.Name, err)
		}
		if s, ok := v.(string); ok && len(prm.Enum) > 0 {
			found := false
			for _, e := range prm.Enum {
				if strings.EqualFold(e, s) {
					v, found = e, true
				}
			}
			if !found {
				t.Fatalf("%s: parameter %s: %q is not one of %v", typ.Name, prm.Name, s, prm.Enum)
			}
		}
		p[prm.Name] = v
	}
	return p
}

// run runs a check type with the given parameters under the deadline the
// engine would give it.
func run(t *testing.T, name string, with map[string]any) Outcome {
	t.Helper()
	typ, ok := Lookup(name)
	if !ok {
		t.Fatalf("no check type %s", name)
	}
	p := params(t, typ, with)
	limit := max(typ.Timeout, p.Duration("timeout"))
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	o := typ.Run(ctx, &Env{}, p)
	for field, v := range o.Observed {
		f, ok := typ.Field(field)
		if !ok {
			t.Errorf("%s observed undeclared field %s", name, field)
			continue
		}
		if _, err := f.Kind.Convert(v); err != nil {
			t.Errorf("%s: field %s: %v", name, field, err)
		}
	}
	return o
}

// status judges an outcome against the type's default expect and warn, as
// the runner does.
func status(t *testing.T, name string, o Outcome) Status {
	t.Helper()
	typ, _ := Lookup(name)
	return typ.JudgeDefaults(o).Status
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
		}
		with := map[string]any{}
		if err := yaml.Unmarshal([]byte(typ.Example), &with); err != nil {
			t.Errorf("%s: example: %v", typ.Name, err)
			continue
		}
		t.Run(typ.Name, func(t *testing.T) { params(t, typ, with) })
	}
}
