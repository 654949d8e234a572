package checks

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
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

// runOption sets the environment a test runs a check in.
type runOption func(*Env)

// allowExec runs a check as under --allow-exec.
func allowExec(env *Env) { env.AllowExec = true }

// run runs check type name with the given parameters as the runner does
// (runCheck) and fails the test when it could not, or when the check
// observed what it does not declare.
func run(t *testing.T, name string, with map[string]any, opts ...runOption) Outcome {
	t.Helper()
	env := &Env{}
	for _, opt := range opts {
		opt(env)
	}
	o, err := runCheck(env, name, with)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// runCheck is the one way the tests run a check, in the test's process
// (run) or in a namespace's (netnsChild): its parameters bound by
// Type.Bind, under the deadline the runner would give it. It fails when
// the type is unknown or refuses the parameters, when an observed value is
// undeclared or not of its kind's canonical Go type, and when the check
// ended with an error kind its type does not declare (a `fix` for it would
// be refused by validation).
func runCheck(env *Env, name string, with map[string]any) (Outcome, error) {
	typ, ok := Lookup(name)
	if !ok {
		return Outcome{}, fmt.Errorf("no check type %s", name)
	}
	p, err := typ.Bind(with)
	if err != nil {
		return Outcome{}, fmt.Errorf("%s: %w", name, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), max(typ.Timeout, p.Duration("timeout")))
	defer cancel()
	o := typ.Run(ctx, env, p)
	return o, errors.Join(checkObserved(typ, o), checkErrorKind(typ, o))
}

// checkErrorKind says whether the outcome's error kind is one the type
// declares (PossibleErrorKinds), so that a playbook can key a fix by it.
func checkErrorKind(ty *Type, o Outcome) error {
	if o.ErrorKind == "" || slices.Contains(ty.PossibleErrorKinds(), o.ErrorKind) {
		return nil
	}
	return fmt.Errorf("%s ended with error kind %q, which it does not declare (its ErrorKinds: %v)", ty.Name, o.ErrorKind, ty.ErrorKinds)
}

// status judges an outcome against the type's default expect and warn, as
// the runner does.
func status(t *testing.T, name string, o Outcome) Status {
	t.Helper()
	typ, _ := Lookup(name)
	return typ.JudgeDefaults(o).Status
}

// checkObserved says whether every observed value is declared and has
// its Kind's canonical Go type, and every field of a record is declared
// (so the report knows its unit) and holds a value of its kind.
func checkObserved(ty *Type, o Outcome) error {
	var errs []error
	for name, v := range o.Observed {
		f, ok := ty.Field(name)
		if !ok {
			errs = append(errs, fmt.Errorf("%s observed undeclared field %s", ty.Name, name))
			continue
		}
		c, err := f.Kind.Convert(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: field %s: %w", ty.Name, name, err))
		} else if fmt.Sprintf("%T", c) != fmt.Sprintf("%T", v) {
			errs = append(errs, fmt.Errorf("%s: field %s is %T, want the canonical %T", ty.Name, name, v, c))
		}
		records, _ := c.([]map[string]any)
		for _, r := range records {
			for key, x := range r {
				rf, ok := f.recordField(key)
				if !ok {
					errs = append(errs, fmt.Errorf("%s: field %s holds records with the undeclared field %s", ty.Name, name, key))
				} else if _, err := rf.Kind.Convert(x); err != nil {
					errs = append(errs, fmt.Errorf("%s: field %s.%s: %w", ty.Name, name, key, err))
				}
			}
		}
	}
	return errors.Join(errs...)
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
		if _, err := typ.Bind(with); err != nil {
			t.Errorf("%s: example: %v", typ.Name, err)
		}
	}
}
