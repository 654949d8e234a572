package checks

import (
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
)

func TestMemoryLaptopNearlyFullWarns(t *testing.T) {
	useHostRoot(t, recorded("laptop"))
	o := run(t, "hw.memory", nil)
	got := status(t, "hw.memory", o)
	wantObserved(t, o, map[string]any{
		"total":             int64(16000000 * 1024),
		"available":         int64(800000 * 1024),
		"used_percent":      95.0,
		"swap_total":        int64(2097152 * 1024),
		"swap_used_percent": 50.0,
	})
	if got != "warn" {
		t.Errorf("status %s, want warn (95%% used: under 98%%, over 90%%)", got)
	}
	if want := "95.0% of 15.3 GiB memory used (781.2 MiB available), swap 50.0% of 2.0 GiB used"; o.Message != want {
		t.Errorf("message %q, want %q", o.Message, want)
	}
}

func TestMemoryLevels(t *testing.T) {
	for _, tc := range []struct {
		meminfo string
		used    float64
		want    Status
	}{
		{"MemTotal: 1000 kB\nMemAvailable: 10 kB\n", 99, "fail"},
		{"MemTotal: 1000 kB\nMemAvailable: 750 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n", 25, "pass"},
		// Before Linux 3.14 there is no MemAvailable: free + buffers + cached.
		{"MemTotal: 1000 kB\nMemFree: 50 kB\nBuffers: 20 kB\nCached: 30 kB\n", 90, "warn"},
	} {
		useHostRoot(t, testutil.WriteTree(t, map[string]string{"proc/meminfo": tc.meminfo}))
		o := run(t, "hw.memory", nil)
		got := status(t, "hw.memory", o)
		wantObserved(t, o, map[string]any{"used_percent": tc.used})
		if got != tc.want {
			t.Errorf("%q: status %s, want %s", tc.meminfo, got, tc.want)
		}
	}
}

func TestMemoryDesktopHasNoSwap(t *testing.T) {
	useHostRoot(t, recorded("desktop"))
	o := run(t, "hw.memory", nil)
	got := status(t, "hw.memory", o)
	wantObserved(t, o, map[string]any{"used_percent": 25.0, "swap_total": int64(0), "swap_used_percent": 0.0})
	if got != "pass" || !strings.HasSuffix(o.Message, "no swap") {
		t.Errorf("status %s, message %q", got, o.Message)
	}
}

func TestMemoryUnreadableIsError(t *testing.T) {
	useHostRoot(t, t.TempDir())
	o := run(t, "hw.memory", nil)
	got := status(t, "hw.memory", o)
	if got != "error" {
		t.Errorf("status %s (%s), want error", got, o.Message)
	}
}
