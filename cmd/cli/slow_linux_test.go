package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// slowResult is a result of `tsr diagnose slow` as the JSON report has it.
type slowResult struct {
	ID, Status, Message string
	Observed            map[string]any
}

// diagnoseSlow runs the slow built-in in a network namespace of its own
// (no check in it uses the network) and returns its results by id.
func diagnoseSlow(t *testing.T, nice string, args ...string) map[string]slowResult {
	t.Helper()
	bin := buildTSR(t)
	out := filepath.Join(t.TempDir(), "report.json")
	argv := append([]string{"-n", "sh", "-c", `ip link set lo up && exec "$@"`, "sh", "nice", "-n", nice, bin, "diagnose", "slow", "-q", "-o", out}, args...)
	if b, err := exec.Command("unshare", argv...).CombinedOutput(); err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("tsr diagnose slow: %v\n%s", err, b)
		}
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var r struct{ Results []slowResult }
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	byID := map[string]slowResult{}
	for _, res := range r.Results {
		byID[res.ID] = res
	}
	return byID
}

// With three programs keeping the processors busy, the cpu check names
// them. They run at a higher priority than the rest of the machine for
// the few seconds of the test, so that other work on a shared machine
// cannot push them out of the top.
func TestSlowNamesThreeBusyPrograms(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("raising the busy programs' priority needs root")
	}
	buildTSR(t) // before the busy programs start, which would slow the build
	var pids []int
	for range 3 {
		busy := exec.Command("nice", "-n", "-10", "sh", "-c", "while :; do :; done")
		if err := busy.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { busy.Process.Kill(); busy.Wait() })
		pids = append(pids, busy.Process.Pid)
	}
	// tsr runs at a higher priority still, so that it finishes its
	// window in time on a machine these programs keep busy.
	cpu := diagnoseSlow(t, "-15", "--only", "cpu")["cpu"]
	top, _ := cpu.Observed["top"].([]any)
	seen := map[int]bool{}
	for _, e := range top {
		if rec, ok := e.(map[string]any); ok && rec["name"] == "sh" {
			pid, _ := rec["pid"].(float64)
			seen[int(pid)] = true
		}
	}
	for _, pid := range pids {
		if !seen[pid] || !strings.Contains(cpu.Message, fmt.Sprintf("sh (pid %d)", pid)) {
			t.Errorf("busy program %d not named: top %v, message %q", pid, top, cpu.Message)
		}
	}
}

// On a machine doing its usual work, the slow playbook finds nothing that
// fails (warnings may come from a busy CI machine).
func TestSlowFindsNoFailureOnAHealthyMachine(t *testing.T) {
	for id, r := range diagnoseSlow(t, "0") {
		if r.Status == "fail" || r.Status == "error" {
			t.Errorf("%s: %s: %s", id, r.Status, r.Message)
		}
	}
}
