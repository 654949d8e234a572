package cli

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/tsrhq/tsr/internal/testutil"
)

// TestABadRedactionLevelIsRefusedOneWay: every command that takes
// --redact refuses a level it does not offer with one message naming
// those it does, in the order they hide more; report redact offers no
// level that would un-redact a file.
func TestABadRedactionLevelIsRefusedOneWay(t *testing.T) {
	ok := testutil.WriteFile(t, "ok.yaml", "tsr: 1\nname: x\nchecks:\n  - { id: os, uses: sys.os }\n")
	saved := filepath.Join(t.TempDir(), "saved.json")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"diagnose", ok, "--redact", "all"}, `tsr: --redact "all": use none, secrets or pii` + "\n"},
		{[]string{"inventory", "--redact", "all"}, `tsr: --redact "all": use none, secrets or pii` + "\n"},
		{[]string{"report", "redact", saved, "--redact", "none", "-o", saved + ".out"}, `tsr: --redact "none": use secrets or pii (a file is never un-redacted)` + "\n"},
	} {
		code, _, stderr := tsr(t, "", c.args...)
		if code != 2 || !strings.HasSuffix(stderr, c.want) {
			t.Errorf("tsr %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(c.args, " "), code, stderr, c.want)
		}
	}
}

// TestStandardInputNamedTwiceIsOneProblem: naming - twice is a problem of
// the playbooks named, said the same way by diagnose and validate, and
// listed as JSON by validate --format json like every other problem.
func TestStandardInputNamedTwiceIsOneProblem(t *testing.T) {
	const pb = "tsr: 1\nname: piped\nchecks:\n  - { id: os, uses: sys.os }\n"
	const want = "-: standard input can be read only once; name - one time"
	for _, cmd := range []string{"diagnose", "validate"} {
		code, stdout, stderr := tsr(t, pb, cmd, "-", "-")
		said := stderr // diagnose lists problems on standard error, validate on standard output
		if cmd == "validate" {
			said = stdout
		}
		if code != 2 || !strings.Contains(said, want+"\n") {
			t.Errorf("tsr %s - -: exit %d, stdout %q, stderr %q; want exit 2 and %q", cmd, code, stdout, stderr, want)
		}
	}
	code, stdout, _ := tsr(t, pb, "validate", "--format", "json", "-", "-")
	var got struct {
		Valid    bool
		Problems []struct{ File, Message string }
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || code != 2 || got.Valid || len(got.Problems) != 1 ||
		got.Problems[0].File != "-" || !strings.Contains(want, got.Problems[0].Message) {
		t.Errorf("tsr validate --format json - -: exit %d, %v, stdout:\n%s\nwant exit 2 and one problem at -: %q", code, err, stdout, want)
	}
	// Standard input has one name in every message, the command line's -.
	code, stdout, _ = tsr(t, "tsr: 1\nname: x\nchecks: []\n", "validate", "-", "-")
	if wantOut := "-:3:9: checks is empty: a playbook needs at least one check\n" + want + "\n"; code != 2 || stdout != wantOut {
		t.Errorf("tsr validate - - of a bad playbook: exit %d, stdout %q, want 2 and %q", code, stdout, wantOut)
	}
}

// TestUsageErrorsKeepTheirCause: a command that refuses a file it cannot
// read says so (exit 2) and keeps the cause, so a caller can tell a
// missing file from one it may not read.
func TestUsageErrorsKeepTheirCause(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.json")
	s := Streams{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}
	for _, c := range []struct {
		cmd  *cobra.Command
		args []string
	}{
		{newReportReview(s), []string{missing}},
		{newReportRedact(s), []string{missing, "-o", missing + ".out"}},
	} {
		c.cmd.SetArgs(c.args)
		c.cmd.SetOut(io.Discard)
		c.cmd.SetErr(io.Discard)
		err := c.cmd.Execute()
		var exit *exitError
		if !errors.As(err, &exit) || exit.code != ExitUsage || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("tsr report %s %s: err %v, want a usage error whose cause is fs.ErrNotExist", c.cmd.Name(), strings.Join(c.args, " "), err)
		}
	}
}
