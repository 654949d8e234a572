package cli

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
	"github.com/tsrhq/tsr/report"
)

type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestStdoutWriteFailureExitsOne: output to a full disk is no success.
func TestStdoutWriteFailureExitsOne(t *testing.T) {
	pb := testutil.WriteFile(t, "pb.yaml", "tsr: 1\nname: ok\nchecks:\n  - { id: os, uses: sys.os }\n")
	for _, args := range [][]string{{"checks"}, {"diagnose", pb, "--no-inventory"}, {"validate", pb}} {
		var errb strings.Builder
		code := Main(args, Streams{In: strings.NewReader(""), Out: fullWriter{}, Err: &errb})
		if code != ExitProblems || !strings.Contains(errb.String(), "standard output") || !strings.Contains(errb.String(), "no space left") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errb.String())
		}
	}
}

// TestRenderWritesEveryOutput: a report holding DEL, C1 controls and
// U+FFFE/U+FFFF renders as YAML, and every -o file is written.
func TestRenderWritesEveryOutput(t *testing.T) {
	r := report.Report{Schema: report.Schema, Status: "pass", Results: []report.Result{{ID: "x", Status: "pass", Message: "odd \x7f \u0085 \u009b \ufffe \uffff", Observed: map[string]any{"body": "\x7f\ufffe"}}}}
	data, _ := json.Marshal(r)
	in := testutil.WriteFile(t, "r.json", string(data))
	dir := t.TempDir()
	var args []string
	for _, ext := range []string{"yaml", "md", "txt", "json", "html", "xml"} {
		args = append(args, "-o", filepath.Join(dir, "out."+ext))
	}
	code, out, errb := tsr(t, "", append([]string{"report", "render", in, "--format", "yaml"}, args...)...)
	if code != 0 || !strings.Contains(out, "odd") {
		t.Fatalf("exit %d\n%s%s", code, out, errb)
	}
	for i := 1; i < len(args); i += 2 {
		if info, err := os.Stat(args[i]); err != nil || info.Size() == 0 {
			t.Errorf("%s not written: %v", args[i], err)
		}
	}
}

// TestRenderGoesOnAfterAFailingOutput: one output that cannot be written
// (its folder is a file) does not keep the next from being written, and
// the exit code says something was lost.
func TestRenderGoesOnAfterAFailingOutput(t *testing.T) {
	in := testutil.WriteFile(t, "r.json", `{"schema":"tsr/report/1","status":"pass","results":[]}`)
	blocker := testutil.WriteFile(t, "file", "")
	t.Setenv("TMPDIR", blocker) // the fallback cannot be written either
	good := filepath.Join(t.TempDir(), "good.md")
	code, _, errb := tsr(t, "", "report", "render", in, "-o", filepath.Join(blocker, "bad.json"), "-o", good)
	if _, err := os.Stat(good); err != nil || code != ExitProblems || !strings.Contains(errb, "bad.json") {
		t.Errorf("exit %d, good written: %v\n%s", code, err, errb)
	}
}
