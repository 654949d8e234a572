package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// slowResult is a result of `tsr diagnose slow` as the JSON report has it.
type slowResult struct {
	ID, Status, Message string
	Observed            map[string]any
}

// diagnoseSlow runs the slow built-in in a network namespace of its own
// (no check in it uses the network) and returns its results by id.
func diagnoseSlow(t *testing.T, args ...string) map[string]slowResult {
	t.Helper()
	bin := buildTSR(t)
	out := filepath.Join(t.TempDir(), "report.json")
	argv := append([]string{"-n", "sh", "-c", `ip link set lo up && exec "$@"`, "sh", bin, "diagnose", "slow", "-q", "-o", out}, args...)
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

// On a machine doing its usual work, the slow playbook finds nothing that
// fails (warnings may come from a busy CI machine).
func TestSlowFindsNoFailureOnAHealthyMachine(t *testing.T) {
	for id, r := range diagnoseSlow(t) {
		if r.Status == "fail" || r.Status == "error" {
			t.Errorf("%s: %s: %s", id, r.Status, r.Message)
		}
	}
}
