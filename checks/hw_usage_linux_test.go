package checks

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tsrhq/tsr/internal/testutil"
)

// useWindow reads the host from before, and from after once the check
// has let its sample window pass (without waiting for it).
func useWindow(t *testing.T, before, after string) {
	t.Helper()
	useHostRoot(t, before)
	abs, err := filepath.Abs(after)
	if err != nil {
		t.Fatal(err)
	}
	old := waitWindow
	waitWindow = func(context.Context, time.Duration) error { host = recordedHost(abs); return nil }
	t.Cleanup(func() { waitWindow = old })
}

func TestCPUNamesTheBusiestPrograms(t *testing.T) {
	useWindow(t, recorded("busy/before"), recorded("busy/after"))
	o := run(t, "hw.cpu", nil)
	got := status(t, "hw.cpu", o)
	// The recording holds no /sys, so threads and the load per thread are
	// unknown: the default warn passes over them.
	if got != StatusPass {
		t.Errorf("status %s, want pass (%s)", got, o.Message)
	}
	top, _ := o.Observed["top"].([]map[string]any)
	want := []struct {
		pid int64
		pct float64
	}{{8286, 22}, {8287, 22}, {8283, 19}, {1, 3}, {8281, 1}}
	if len(top) != len(want) {
		t.Fatalf("top = %v, want %d programs", top, len(want))
	}
	for i, w := range want {
		if top[i]["pid"] != w.pid || top[i]["cpu_percent"] != w.pct {
			t.Errorf("top[%d] = %v, want pid %d at %v%%", i, top[i], w.pid, w.pct)
		}
	}
	if !strings.Contains(o.Message, "busiest: sh (pid 8286) 22%, sh (pid 8287) 22%, sh (pid 8283) 19%") {
		t.Errorf("message %q does not name the three busy loops", o.Message)
	}
	wantObserved(t, o, map[string]any{"utilization_percent": 100.0, "pressure_some_avg10": 98.92})
	if _, ok := o.Observed["throttle_count"]; ok {
		t.Error("throttle_count observed on a machine without thermal_throttle counters")
	}
}

func TestMemoryNamesTheLargestProgramsAndSwapping(t *testing.T) {
	useWindow(t, recorded("busy/before"), recorded("busy/after"))
	o := run(t, "hw.memory", nil)
	got := status(t, "hw.memory", o)
	if got != StatusPass {
		t.Errorf("status %s, want pass (%s)", got, o.Message)
	}
	top, _ := o.Observed["top"].([]map[string]any)
	if len(top) == 0 || top[0]["name"] != "process_api" || top[0]["rss"] != int64(3812*4096) {
		t.Errorf("top = %v, want process_api first with 3812 pages", top)
	}
	wantObserved(t, o, map[string]any{"swap_in_per_s": 0.0, "swap_out_per_s": 0.0, "oom_kills": int64(0)})
	if !strings.Contains(o.Message, "largest: process_api (pid 1) 14.9 MiB") {
		t.Errorf("message %q does not name the largest program", o.Message)
	}
}

func TestMemorySwapRatesAndOOMKills(t *testing.T) {
	before := testutil.WriteTree(t, map[string]string{
		"proc/meminfo": "MemTotal: 1000 kB\nMemAvailable: 500 kB\nSwapTotal: 1000 kB\nSwapFree: 100 kB\n",
		"proc/vmstat":  "pswpin 100\npswpout 5000\noom_kill 2\n",
	})
	after := testutil.WriteTree(t, map[string]string{
		"proc/meminfo": "MemTotal: 1000 kB\nMemAvailable: 500 kB\nSwapTotal: 1000 kB\nSwapFree: 100 kB\n",
		"proc/vmstat":  "pswpin 2100\npswpout 5400\noom_kill 3\n",
		"proc/pressure/memory": "some avg10=42.50 avg60=10.00 avg300=2.00 total=123456\n" +
			"full avg10=20.00 avg60=5.00 avg300=1.00 total=65432\n",
	})
	useWindow(t, before, after)
	o := run(t, "hw.memory", map[string]any{"window": "2s"})
	wantObserved(t, o, map[string]any{"swap_in_per_s": 1000.0, "swap_out_per_s": 200.0, "oom_kills": int64(3), "pressure_some_avg10": 42.5})
	for _, part := range []string{"swapping 1000 pages/s in and 200 out", "waited for memory 42% of the last 10s", "3 programs killed"} {
		if !strings.Contains(o.Message, part) {
			t.Errorf("message %q lacks %q", o.Message, part)
		}
	}
}

func TestThrottleCountAddsCoresAndEachPackageOnce(t *testing.T) {
	files := map[string]string{}
	for cpu, counts := range map[string][2]string{"cpu0": {"3", "10"}, "cpu1": {"4", "10"}} {
		dir := "sys/devices/system/cpu/" + cpu + "/"
		files[dir+"thermal_throttle/core_throttle_count"] = counts[0] + "\n"
		files[dir+"thermal_throttle/package_throttle_count"] = counts[1] + "\n"
		files[dir+"topology/physical_package_id"] = "0\n"
	}
	useHostRoot(t, testutil.WriteTree(t, files))
	if n, ok := throttleCount(); !ok || n != 17 {
		t.Errorf("throttleCount = %d, %v; want 3 + 4 + 10 once", n, ok)
	}
}

// The reader sees a live busy program's processor time grow.
func TestProcessUsageSeesALiveBusyProgram(t *testing.T) {
	busy := exec.Command("sh", "-c", "while :; do :; done")
	if err := busy.Start(); err != nil {
		t.Skipf("cannot start sh: %v", err)
	}
	defer func() { busy.Process.Kill(); busy.Wait() }()
	var seen procUsage
	testutil.WaitFor(t, "the busy program's processor time to grow", func() bool {
		procs, ok := processUsage(context.Background())
		if !ok {
			t.Fatal("processUsage read nothing from /proc")
		}
		seen = procs[busy.Process.Pid]
		return seen.CPU > 0
	})
	if seen.Name != "sh" || seen.RSS <= 0 {
		t.Errorf("the busy program reads as %+v, want sh with resident memory", seen)
	}
}
