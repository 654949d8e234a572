package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
	"github.com/tsrhq/tsr/report"
)

// TestAnsibleExample runs docs/examples/ansible/tsr.yml as docs/fleet.md
// tells, against localhost over the local connection, then summarises the
// fetched reports: the worked example works. The playbook it runs checks
// only local files, so the test sends nothing on any network.
func TestAnsibleExample(t *testing.T) {
	ansible, err := exec.LookPath("ansible-playbook")
	if err != nil {
		t.Skip("needs ansible-playbook (Debian package ansible-core)")
	}
	bin := buildTSR(t)
	dir := t.TempDir()
	local := testutil.WriteFile(t, "local.yaml", `
tsr: 1
name: local
checks:
  - { id: root, uses: sys.file, with: { path: / } }
  - { id: missing, uses: sys.file, with: { path: /nonexistent/tsr-fleet-example }, fix: Restore the file. }
`)
	reports := filepath.Join(dir, "reports")
	extra, _ := json.Marshal(map[string]any{
		"tsr_binary": bin, "tsr_playbook_files": []string{local}, "tsr_playbooks": []string{"local.yaml"},
		"tsr_dir": filepath.Join(dir, "host"), "reports_dir": reports,
	})
	cmd := exec.Command(ansible, "-c", "local", "-i", "localhost,", "-e", string(extra), "../../docs/examples/ansible/tsr.yml")
	cmd.Env = append(os.Environ(), "ANSIBLE_LOCAL_TEMP="+filepath.Join(dir, "ansible-local"),
		"ANSIBLE_REMOTE_TEMP="+filepath.Join(dir, "ansible-remote"), "ANSIBLE_NOCOLOR=1", "ANSIBLE_RETRY_FILES_ENABLED=0",
		"ANSIBLE_PYTHON_INTERPRETER=auto_silent")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ansible-playbook: %v\n%s", err, out)
	}
	code, stdout, stderr := tsr(t, "", "report", "summary", reports, "--format", "json")
	if code != 0 {
		t.Fatalf("report summary: exit %d\n%s", code, stderr)
	}
	var fleet report.Fleet
	if err := json.Unmarshal([]byte(stdout), &fleet); err != nil {
		t.Fatal(err)
	}
	if fleet.Summary.Machines != 1 || fleet.Machines[0].File != filepath.Join(reports, "localhost.json") ||
		len(fleet.Causes) != 1 || fleet.Causes[0].Check != "missing" {
		t.Errorf("summary of the fetched reports: %s", stdout)
	}
}

// TestPrometheusExampleRules checks the alerting rules of docs/fleet.md
// with promtool, and runs their unit tests (they fire on tsr's series).
func TestPrometheusExampleRules(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		t.Skip("needs promtool (Debian package prometheus)")
	}
	dir := "../../docs/examples/prometheus"
	for _, args := range [][]string{{"check", "rules", "tsr-alerts.yml"}, {"test", "rules", "tsr-alerts_test.yml"}} {
		cmd := exec.Command(promtool, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "SUCCESS") {
			t.Errorf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}
