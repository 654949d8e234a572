//go:build unix

package checks

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
)

func TestCommandNeedsAllowExec(t *testing.T) {
	o := run(t, "sys.command", map[string]any{"run": []any{"/bin/sh", "-c", "touch /tmp/tsr-must-not-run"}})
	got := status(t, "sys.command", o)
	if got != "skip" || o.Skip != "runs a program; rerun with --allow-exec to allow it" {
		t.Errorf("status %s, skip %q", got, o.Skip)
	}
}

func TestCommandExitCodeAndOutput(t *testing.T) {
	o := run(t, "sys.command", map[string]any{"run": []any{"/bin/sh", "-c", "echo hi; echo oops >&2; exit 3"}}, allowExec)
	got := status(t, "sys.command", o)
	wantObserved(t, o, map[string]any{"exit_code": int64(3), "stdout": "hi\n", "stderr": "oops\n"})
	if got != "fail" {
		t.Errorf("status %s, want fail (exit code 3)", got)
	}
	if !strings.HasPrefix(o.Message, "`/bin/sh -c 'echo hi; echo oops >&2; exit 3'` exited with code 3 after ") {
		t.Errorf("message %q", o.Message)
	}
	if got := status(t, "sys.command", run(t, "sys.command", map[string]any{"run": []any{"true"}}, allowExec)); got != "pass" {
		t.Errorf("true: status %s, want pass", got)
	}
}

func TestCommandTimeoutKillsTheProgram(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	// sh forks sleep and waits for it: the whole process group must go,
	// or sleep lives on holding the pipes.
	script := "echo started; sleep 600 & echo $! >" + pidFile + "; wait; echo never"
	var got Status
	o := testutil.Returns(t, "sys.command of a program that runs for ten minutes, with a 300ms timeout", func() (o Outcome) {
		o = run(t, "sys.command", map[string]any{"run": []any{"/bin/sh", "-c", script}, "timeout": "300ms"}, allowExec)
		got = status(t, "sys.command", o)
		return o
	})
	if got != "fail" || o.ErrorKind != "timeout" {
		t.Errorf("status %s, error_kind %q (%s)", got, o.ErrorKind, o.Message)
	}
	if _, ok := o.Observed["exit_code"]; ok {
		t.Errorf("exit_code observed for a program that did not finish")
	}
	wantObserved(t, o, map[string]any{"stdout": "started\n"})
	data, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	testutil.WaitFor(t, "the program's own child (sleep) to be killed with it", func() bool { return !testutil.Alive(pid) })
}

func TestCommandOutputIsBounded(t *testing.T) {
	o := run(t, "sys.command", map[string]any{"run": []any{"/bin/sh", "-c", "yes 0123456789 | head -c 200000"}}, allowExec)
	if out := o.Observed["stdout"].(string); len(out) != 64<<10 || !strings.HasPrefix(out, "0123456789\n") {
		t.Errorf("stdout has %d bytes, want the first %d", len(out), 64<<10)
	}
	wantObserved(t, o, map[string]any{"exit_code": int64(0)})
}

func TestCommandMissingProgramFails(t *testing.T) {
	o := run(t, "sys.command", map[string]any{"run": []any{"tsr-no-such-program", "--version"}}, allowExec)
	got := status(t, "sys.command", o)
	if got != "fail" || o.ErrorKind != "not_found" {
		t.Errorf("status %s, error_kind %q (%s)", got, o.ErrorKind, o.Message)
	}
}
