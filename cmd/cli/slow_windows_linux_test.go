package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestWindowsSlowNamesBusyPrograms runs the Windows build's slow playbook
// under Wine beside three busy Windows programs (testdata/wine/busy.c): the
// cpu check finishes within its timeout, warns, and names the three, each
// with its own pid, in its message and its top list; the memory check names
// the programs holding the most memory.
func TestWindowsSlowNamesBusyPrograms(t *testing.T) {
	pc := windowsPC(t)
	dir := t.TempDir()
	busy := filepath.Join(dir, "busy.exe")
	if out, err := exec.Command("x86_64-w64-mingw32-gcc", "-O2", "-o", busy, "testdata/wine/busy.c").CombinedOutput(); err != nil {
		t.Fatalf("building busy.exe: %v\n%s", err, out)
	}
	// The busy programs start at a low priority, so that tsr.exe and
	// wineserver finish in time, wait until each says it runs, and end
	// with the Wine session after tsr.exe.
	script := favour(-10) + `for i in 1 2 3; do nice -n 10 wine "$0" "$(dirname "$0")/ready$i" & done
for try in $(seq 600); do
	[ -e "$(dirname "$0")/ready1" ] && [ -e "$(dirname "$0")/ready2" ] && [ -e "$(dirname "$0")/ready3" ] && break
	sleep 0.1
done
"$@"; rc=$?; wineserver -k; exit $rc`
	prefix := pc.argv("", "sh", "-c", script, busy, "wine", pc.exe)
	env := append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + pc.dir}, pc.wineEnv()...)
	r := runTSRReport(t, env, prefix, "slow", "--only", "cpu,memory")
	cpu, memory := r.result(t, "cpu"), r.result(t, "memory")
	t.Logf("cpu %s in %dms: %s", cpu.Status, cpu.DurationMS, cpu.Message)
	t.Logf("memory %s in %dms: %s", memory.Status, memory.DurationMS, memory.Message)
	if cpu.Status == "error" {
		t.Fatalf("cpu: %s", cpu.Message)
	}
	// Windows keeps no load average: the warning comes from how busy the
	// processors were, none from a field Windows does not observe.
	if cpu.Status != "warn" {
		t.Errorf("cpu %s with three busy programs, want warn: %s", cpu.Status, cpu.Message)
	}
	for _, u := range cpu.Unmet {
		if u.Observed == nil {
			t.Errorf("cpu %s on %s, which Windows does not observe", u.Level, u.Field)
		}
	}
	top, _ := cpu.Observed["top"].([]any)
	pids := map[float64]bool{}
	for _, e := range top {
		if rec, ok := e.(map[string]any); ok && rec["name"] == "busy.exe" {
			pid, _ := rec["pid"].(float64)
			pids[pid] = true
			if !strings.Contains(cpu.Message, fmt.Sprintf("busy.exe (pid %.0f)", pid)) {
				t.Errorf("busy.exe pid %.0f listed but not named: %q", pid, cpu.Message)
			}
		}
	}
	if len(pids) != 3 {
		t.Errorf("%d busy.exe in the top list, want 3: %v", len(pids), top)
	}
	largest, _ := memory.Observed["top"].([]any)
	if len(largest) == 0 || !strings.Contains(memory.Message, "; largest: ") {
		t.Errorf("memory names no program: %q, top %v", memory.Message, largest)
	}
}
