package checks

import (
	"os"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
)

func TestCPUBusyLaptopWarns(t *testing.T) {
	useHostRoot(t, recorded("laptop"))
	o := run(t, "hw.cpu", nil)
	got := status(t, "hw.cpu", o)
	wantObserved(t, o, map[string]any{
		"model":   "11th Gen Intel(R) Core(TM) i7-1185G7 @ 3.00GHz",
		"vendor":  "GenuineIntel",
		"cores":   int64(2),
		"threads": int64(4),
		"load1":   9.6, "load5": 7.2, "load15": 5.1,
		"load_per_core": 2.4,
	})
	if got != "warn" {
		t.Errorf("status %s, want warn (load_per_core 2.4 >= 2)", got)
	}
	if !strings.Contains(o.Message, "2 cores, 4 threads, load 9.60 7.20 5.10 (2.40 per thread)") {
		t.Errorf("message %q", o.Message)
	}
}

func TestCPUWithoutProcessorFactsKeepsLoad(t *testing.T) {
	useHostRoot(t, recorded("desktop")) // a loadavg, but no cpuinfo or /sys
	o := run(t, "hw.cpu", nil)
	wantObserved(t, o, map[string]any{"load1": 0.4})
	for _, f := range []string{"threads", "load_per_core", "model"} {
		if _, ok := o.Observed[f]; ok {
			t.Errorf("%s observed without processor facts: %v", f, o.Observed[f])
		}
	}
}

// A machine that shows neither its processors nor its load cannot tell:
// a skip that says so, never an error.
func TestCPUNothingToReadIsSkip(t *testing.T) {
	useHostRoot(t, t.TempDir())
	o := run(t, "hw.cpu", nil)
	got := status(t, "hw.cpu", o)
	if got != "skip" || !strings.Contains(o.Skip, "neither its processors nor its load") {
		t.Errorf("status %s (%q), want a skip saying what the machine does not show", got, o.Skip)
	}
}

func TestCPUThisMachine(t *testing.T) {
	o := run(t, "hw.cpu", nil)
	got := status(t, "hw.cpu", o)
	if got == "error" || got == "skip" {
		t.Fatalf("status %s: %s", got, o.Message)
	}
	if n, _ := o.Observed["threads"].(int64); n < 1 {
		t.Errorf("threads = %v", o.Observed["threads"])
	}
	if _, ok := o.Observed["load1"].(float64); !ok {
		t.Errorf("load1 not observed: %v", o.Observed)
	}
}

// TestCPUThreadsWithSysHidden: a container that hides /sys still lets tsr
// run on some processors, and hw.cpu counts those rather than saying
// nothing. The check runs in a child process with a mount namespace of
// its own, an empty /sys, pinned to processor 0.
func TestCPUThreadsWithSysHidden(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount over /sys in a mount namespace of its own (CI runs as root)")
	}
	testutil.NeedTool(t, "unshare", "util-linux")
	testutil.NeedTool(t, "taskset", "util-linux")
	hide := []string{"taskset", "-c", "0", "unshare", "--mount", "--propagation", "private",
		"sh", "-c", `mount -t tmpfs tsr-no-sys /sys && exec "$0"`}
	o := runChild(t, "a mount namespace without /sys", hide, netnsRequest{Type: "hw.cpu", With: map[string]any{"window": "100ms"}})
	wantObserved(t, o, map[string]any{"threads": int64(1)})
	for _, unknown := range []string{"model", "cores"} {
		if v, ok := o.Observed[unknown]; ok {
			t.Errorf("%s = %v without /sys", unknown, v)
		}
	}
}
