package checks

import (
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
)

func TestIOBusyDiskShowsUtilisationAndLatency(t *testing.T) {
	useWindow(t, recorded("diskbusy/before"), recorded("diskbusy/after"))
	o := run(t, "hw.io", nil)
	got := status(t, "hw.io", o)
	if got != StatusPass {
		t.Errorf("status %s, want pass: 59%% busy is under the default 90 (%s)", got, o.Message)
	}
	disks, _ := o.Observed["disks"].([]map[string]any)
	if len(disks) != 1 {
		t.Fatalf("disks = %v, want only vda: loop and zram devices are not disks", disks)
	}
	want := map[string]any{"name": "vda", "util_percent": 59.2, "await_ms": 0.17, "iops": 6877.0}
	for k, v := range want {
		if disks[0][k] != v {
			t.Errorf("vda %s = %#v, want %#v", k, disks[0][k], v)
		}
	}
	wantObserved(t, o, map[string]any{"worst_util_percent": 59.2, "worst_await_ms": 0.17})
	if !strings.HasPrefix(o.Message, "vda busy 59% of the time, 0.17 ms per request, 6877 requests/s") {
		t.Errorf("message %q", o.Message)
	}
	ct, _ := Lookup("hw.io")
	strict := ct.ParseAssertions(Assertions{"worst_util_percent": "< 50"})
	if v := Judge(ct, o, nil, strict, false, true); v.Status != StatusWarn {
		t.Errorf("with warn worst_util_percent < 50: status %s, want warn", v.Status)
	}
}

func TestIOSlowDiskWarnsNamingIt(t *testing.T) {
	line := func(requests, ms, busy string) string {
		return "   8       0 sda " + requests + " 0 0 " + ms + " 0 0 0 0 0 " + busy + " 0 0 0 0 0\n" +
			"   8       1 sda1 " + requests + " 0 0 " + ms + " 0 0 0 0 0 " + busy + " 0 0 0 0 0\n"
	}
	before := testutil.WriteTree(t, map[string]string{"proc/diskstats": line("1000", "5000", "10000"), "sys/block/sda/dev": "8:0\n"})
	after := testutil.WriteTree(t, map[string]string{"proc/diskstats": line("1004", "5960", "10980"), "sys/block/sda/dev": "8:0\n"})
	useWindow(t, before, after)
	o := run(t, "hw.io", nil)
	got := status(t, "hw.io", o)
	if got != StatusWarn {
		t.Errorf("status %s, want warn (%s)", got, o.Message)
	}
	if !strings.HasPrefix(o.Message, "sda busy 98% of the time, 240 ms per request") {
		t.Errorf("message %q", o.Message)
	}
}

func TestIOWithoutDiskstatsSkips(t *testing.T) {
	useHostRoot(t, t.TempDir())
	o := run(t, "hw.io", nil)
	got := status(t, "hw.io", o)
	if got != StatusSkip || !strings.Contains(o.Skip, "diskstats") {
		t.Errorf("status %s, skip %q", got, o.Skip)
	}
}
