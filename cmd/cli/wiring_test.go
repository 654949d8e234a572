package cli

import (
	"context"
	"errors"
	"io/fs"
	"slices"
	"testing"
	"time"

	"github.com/tsrhq/tsr/playbooks"
)

// TestDiagnoseFlagsReachItsOptions: the command only wires flags; what
// the user typed arrives in the options diagnoseRun is given.
func TestDiagnoseFlagsReachItsOptions(t *testing.T) {
	var got *diagnoseOptions
	cmd := newDiagnose(Streams{}, func(_ context.Context, opts *diagnoseOptions) error { got = opts; return nil })
	cmd.SetArgs([]string{"network", "--set", "site=x", "--only", "a,b", "-o", "r.json", "--timeout", "5s", "-q"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.playbooks, []string{"network"}) || !slices.Equal(got.sets, []string{"site=x"}) ||
		!slices.Equal(got.only, []string{"a", "b"}) || !slices.Equal(got.outputs, []string{"r.json"}) ||
		got.timeout != 5*time.Second || !got.quiet {
		t.Errorf("options: %+v", got)
	}
	if got.concurrency != playbooks.DefaultConcurrency || got.format != "text" || got.redact != "secrets" || got.failOn != "fail" {
		t.Errorf("defaults: concurrency %d, format %s, redact %s, fail-on %s", got.concurrency, got.format, got.redact, got.failOn)
	}
}

// TestExitErrorKeepsItsCause: an error shown to the user with its exit
// code still lets a caller find what caused it.
func TestExitErrorKeepsItsCause(t *testing.T) {
	_, err := readReport("/nonexistent/tsr-report.json")
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != ExitUsage {
		t.Fatalf("error %v: want exit %d", err, ExitUsage)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%v: the cause (file does not exist) is lost", err)
	}
}
