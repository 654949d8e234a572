package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// slowResult is a result of `tsr diagnose slow` as the JSON report has it.
type slowResult struct {
	ID, Status, Message string
	Observed            map[string]any
}

// favour is a shell line that gives the shell's session a scheduling
// group (autogroup) of weight nice: Linux shares the processors between
// sessions' groups before it looks at a program's own nice value, so on a
// machine others keep busy only the group's weight lifts a program above
// theirs. Where autogroups are off or not writable the line does nothing.
func favour(nice int) string {
	return fmt.Sprintf("echo %d > /proc/self/autogroup 2>/dev/null; ", nice)
}

// diagnoseSlow runs the slow built-in in a network namespace of its own
// (no check in it uses the network) and returns its results by id. It
// runs in a session of its own, favoured, so that it finishes its window
// in time on a machine that busy programs keep busy.
func diagnoseSlow(t *testing.T, args ...string) map[string]slowResult {
	t.Helper()
	bin := buildTSR(t)
	out := filepath.Join(t.TempDir(), "report.json")
	argv := append([]string{"-n", "sh", "-c", favour(-15) + `ip link set lo up && exec "$@"`, "sh", bin, "diagnose", "slow", "-q", "-o", out}, args...)
	cmd := exec.Command("unshare", argv...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if b, err := cmd.CombinedOutput(); err != nil {
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

// startBusyLoops starts n programs named busyloop that keep a processor
// busy until the test ends, each in a session of its own weighted above
// the machine's other work, and returns their pids.
func startBusyLoops(t *testing.T, n int) []int {
	t.Helper()
	sh, err := os.ReadFile("/bin/sh")
	if err != nil {
		t.Skipf("no /bin/sh to copy as the busy program: %v", err)
	}
	busy := filepath.Join(t.TempDir(), "busyloop") // its name in /proc: busyloop
	if err := os.WriteFile(busy, sh, 0o755); err != nil {
		t.Fatal(err)
	}
	var pids []int
	for range n {
		cmd := exec.Command(busy, "-c", favour(-10)+"while :; do :; done")
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		pids = append(pids, cmd.Process.Pid)
	}
	return pids
}

// With three busy programs running, `tsr diagnose slow` warns in the cpu
// check and names each of them, in its message and its top list. How busy each shows
// depends on the machine's other work: the test asks only that they are
// there.
func TestSlowNamesThreeBusyPrograms(t *testing.T) {
	buildTSR(t) // before the busy programs start, which would slow the build
	pids := startBusyLoops(t, 3)
	cpu := diagnoseSlow(t, "--only", "cpu")["cpu"]
	top, _ := cpu.Observed["top"].([]any)
	listed := map[int]bool{}
	for _, e := range top {
		if rec, ok := e.(map[string]any); ok && rec["name"] == "busyloop" {
			pid, _ := rec["pid"].(float64)
			listed[int(pid)] = true
		}
	}
	if cpu.Status != "warn" {
		t.Errorf("cpu %s with three busy programs on this machine, want warn: %s", cpu.Status, cpu.Message)
	}
	for _, pid := range pids {
		if !listed[pid] || !strings.Contains(cpu.Message, fmt.Sprintf("busyloop (pid %d)", pid)) {
			t.Errorf("busy program %d not named: %s: %q, top %v", pid, cpu.Status, cpu.Message, top)
		}
	}
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
