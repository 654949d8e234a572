package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tsrhq/tsr/internal/testutil"
)

// TestPlaybookInputIsBounded: a device, a FIFO, a folder or an endless
// standard input are refused at once with a clear message, never read
// into memory or waited on.
func TestPlaybookInputIsBounded(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pb.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	for path, want := range map[string]string{"/dev/zero": "it is a device", fifo: "it is a FIFO", t.TempDir(): "it is a folder"} {
		code, out, errb := tsr(t, "", "validate", path)
		if code != ExitUsage || !strings.Contains(out, want) {
			t.Errorf("validate %s: exit %d\n%s%s", path, code, out, errb)
		}
	}
	zero, err := os.Open("/dev/zero")
	if err != nil {
		t.Skip(err)
	}
	defer zero.Close()
	var out, errb strings.Builder
	code := Main([]string{"validate", "-"}, Streams{In: zero, Out: &out, Err: &errb})
	if code != ExitUsage || !strings.Contains(out.String(), "larger than 10 MB") {
		t.Errorf("validate - < /dev/zero: exit %d\n%s%s", code, out.String(), errb.String())
	}
}

// TestLoadingRespectsTimeout: diagnose - on a standard input that never
// ends stops at --timeout, saying why.
func TestLoadingRespectsTimeout(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	var out, errb strings.Builder
	start := time.Now()
	code := Main([]string{"diagnose", "-", "--timeout", "200ms", "--no-inventory"}, Streams{In: r, Out: &out, Err: &errb})
	if code != ExitUsage || !strings.Contains(errb.String(), "took longer than --timeout 200ms") {
		t.Errorf("exit %d after %s\n%s", code, time.Since(start), errb.String())
	}
}

func TestValidateStdinTwiceAndBadUTF8(t *testing.T) {
	code, out, _ := tsr(t, "tsr: 1\n", "validate", "-", "-") // a problem of the playbooks named, listed with the others
	if code != ExitUsage || !strings.Contains(out, "-: standard input can be read only once") || strings.Contains(out, "valid") {
		t.Errorf("validate - -: exit %d %s", code, out)
	}
	pb := testutil.WriteFile(t, "pb.yaml", "tsr: 1\nname: x\nchecks:\n  - id: a\n    uses: sys.os\n    title: ok\n    fix: \"caf\xe9\"\n")
	code, out, _ = tsr(t, "", "validate", pb)
	if code != ExitUsage || !strings.Contains(out, pb+":7:14: invalid UTF-8 (byte 0xe9)") {
		t.Errorf("bad UTF-8: exit %d %s", code, out)
	}
}

// TestEmptyVarSuppliedBySet: a var left empty for --set runs once set,
// and without it diagnose says to set it.
func TestEmptyVarSuppliedBySet(t *testing.T) {
	pb := testutil.WriteFile(t, "pb.yaml", "tsr: 1\nname: x\nvars: { path: '' }\nchecks:\n  - { id: f, uses: sys.file, with: { path: '${vars.path}' } }\n")
	if code, out, errb := tsr(t, "", "diagnose", pb, "--no-inventory", "--set", "path=/"); code != 0 {
		t.Errorf("with --set: exit %d\n%s%s", code, out, errb)
	}
	if code, _, errb := tsr(t, "", "diagnose", pb, "--no-inventory"); code != ExitUsage || !strings.Contains(errb, "--set path=VALUE") {
		t.Errorf("without --set: exit %d\n%s", code, errb)
	}
}
