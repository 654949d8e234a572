package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
	"github.com/tsrhq/tsr/report"
)

// TestFaultProcess holds the real binary to the promises about the process
// itself: a report is never lost, a bad command line or playbook runs
// nothing, and no program runs without --allow-exec.
func TestFaultProcess(t *testing.T) {
	bin := buildTSR(t)
	tmp := t.TempDir()
	env := []string{"PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "HOME=" + tmp, "TMPDIR=" + tmp, "LANG=C"}
	run := func(t *testing.T, args ...string) (code int, stdout, stderr string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		if cmd.ProcessState == nil {
			t.Fatal(err)
		}
		return cmd.ProcessState.ExitCode(), out.String(), errb.String()
	}
	// touching writes a playbook whose only check creates marker.
	touching := func(t *testing.T, name, marker, more string) string {
		return testutil.WriteFile(t, name+".yaml", fmt.Sprintf(`tsr: 1
name: %s
checks:
  - { id: touch, uses: sys.command, with: { run: [touch, %s] } }
%s`, name, marker, more))
	}
	absent := func(t *testing.T, marker string) {
		t.Helper()
		if _, err := os.Stat(marker); !os.IsNotExist(err) {
			t.Errorf("%s exists: something ran", marker)
		}
	}

	t.Run("late-write-falls-back", func(t *testing.T) {
		// The -o folder is there when tsr checks it, and gone when the
		// report is written: a check removes it mid-run.
		dir := filepath.Join(t.TempDir(), "reports")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "r.json")
		pb := testutil.WriteFile(t, "rm.yaml", fmt.Sprintf(`tsr: 1
name: rm
checks:
  - { id: rm, uses: sys.command, with: { run: [rm, -rf, %s] } }
`, dir))
		code, stdout, stderr := run(t, "diagnose", pb, "--allow-exec", "--no-inventory", "-o", out)
		if code != 0 {
			t.Errorf("exit %d, want 0: nothing was lost\n%s%s", code, stdout, stderr)
		}
		if !strings.Contains(stderr, "cannot write the report to "+out) {
			t.Errorf("stderr does not say the report could not go to %s:\n%s", out, stderr)
		}
		m := regexp.MustCompile(`the report was written to (\S+) instead`).FindStringSubmatch(stderr)
		if m == nil {
			t.Fatalf("stderr does not name the file the report went to instead:\n%s", stderr)
		}
		data, err := os.ReadFile(m[1])
		if err != nil {
			t.Fatal(err)
		}
		var r report.Report
		if err := report.Decode(bytes.NewReader(data), &r); err != nil {
			t.Fatalf("%s: %v", m[1], err)
		}
		if len(r.Results) != 1 || r.Results[0].Status != "pass" {
			t.Errorf("the fallback report: %+v", r.Results)
		}
		t.Logf("fallback: %s", strings.TrimSpace(stderr))
	})

	t.Run("bad-usage-runs-nothing", func(t *testing.T) {
		marker := filepath.Join(t.TempDir(), "ran")
		pb := touching(t, "touch", marker, "")
		for _, args := range [][]string{
			{"--bogus"},
			{"--format", "pdf"},
			{"--timeout", "0s"},
			{"--fail-on", "pass"},
			{"--concurrency", "0"},
			{"--redact", "everything"},
			{"--set", "nosuchvar=1"},
			{"--only", "nosuchcheck"},
			{"-o", filepath.Join(t.TempDir(), "r.pdf")},
			{"-o", filepath.Join(t.TempDir(), "missing", "r.json")},
		} {
			code, stdout, stderr := run(t, append([]string{"diagnose", pb, "--allow-exec"}, args...)...)
			if code != 2 || stderr == "" {
				t.Errorf("%v: exit %d, want 2 with a reason\nstdout:\n%s\nstderr:\n%s", args, code, stdout, stderr)
			}
			absent(t, marker)
		}
	})

	t.Run("bad-playbook-runs-nothing", func(t *testing.T) {
		marker := filepath.Join(t.TempDir(), "ran")
		good := touching(t, "good", marker, "")
		for name, more := range map[string]string{
			"unknown type":    "  - { id: b, uses: sys.fil }\n",
			"unknown need":    "  - { id: b, uses: sys.os, needs: [nope] }\n",
			"bad matcher":     "  - { id: b, uses: sys.file, with: { path: / }, expect: { size: \"< 5 apples\" } }\n",
			"needs cycle":     "  - { id: b, uses: sys.os, needs: [c] }\n  - { id: c, uses: sys.os, needs: [b] }\n",
			"undefined ref":   "  - { id: b, uses: sys.file, with: { path: \"${vars.nope}\" } }\n",
			"yaml syntax":     "  - { id: b, uses: sys.os\n",
			"duplicate id":    "  - { id: touch, uses: sys.os }\n",
			"unknown param":   "  - { id: b, uses: sys.os, with: { colour: red } }\n",
			"bad duration":    "  - { id: b, uses: net.tcp, with: { host: 10.9.9.2, port: 1, timeout: soon } }\n",
			"unknown top key": "colour: red\n",
		} {
			bad := touching(t, "touch", marker, more)
			for _, args := range [][]string{{bad}, {good, bad}} { // a bad file keeps a good one from running too
				code, stdout, stderr := run(t, append([]string{"diagnose", "--allow-exec"}, args...)...)
				if code != 2 || !strings.Contains(stderr, "nothing was run") || !regexp.MustCompile(`touch\.yaml:\d+:\d+: `).MatchString(stderr) {
					t.Errorf("%s, %d files: exit %d, want 2 with file:line:col\nstdout:\n%s\nstderr:\n%s", name, len(args), code, stdout, stderr)
				}
				absent(t, marker)
			}
		}
	})

	t.Run("exec-needs-allow-exec", func(t *testing.T) {
		marker := filepath.Join(t.TempDir(), "ran")
		pb := touching(t, "touch", marker, "")
		r := runTSRReport(t, env, []string{bin}, pb, "--no-inventory")
		absent(t, marker)
		res := r.want(t, "touch", "skip", "")
		if !strings.Contains(res.SkipReason, "--allow-exec") && !strings.Contains(res.Message, "--allow-exec") {
			t.Errorf("the skip does not say how to enable it: %q %q", res.SkipReason, res.Message)
		}
		if r.code != 0 {
			t.Errorf("exit %d, want 0", r.code)
		}

		r = runTSRReport(t, env, []string{bin}, pb, "--no-inventory", "--allow-exec")
		r.want(t, "touch", "pass", "")
		if _, err := os.Stat(marker); err != nil {
			t.Errorf("with --allow-exec the program did not run: %v", err)
		}
	})
}
