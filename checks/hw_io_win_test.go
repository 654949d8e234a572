package checks

import (
	"strings"
	"testing"
	"time"
)

// Two answers of IOCTL_DISK_PERFORMANCE two seconds apart, with their
// fields as DISK_PERFORMANCE documents them (100 ns units), give busy time
// and time per request as /proc/diskstats's do.
func TestIODiskPerformanceCounters(t *testing.T) {
	const second = 10_000_000 // 100 ns units
	start := int64(133_000_000_000_000_000)
	before := diskPerformance{ReadTime: 50 * second, WriteTime: 20 * second, IdleTime: 900 * second, QueryTime: start, ReadCount: 1000, WriteCount: 500}
	// Over 2 s: idle 0.04 s (98% busy), 16 requests taking 3.84 s in all (240 ms each).
	after := diskPerformance{ReadTime: before.ReadTime + 3*second, WriteTime: before.WriteTime + 84*second/100,
		IdleTime: before.IdleTime + 4*second/100, QueryTime: start + 2*second, ReadCount: 1010, WriteCount: 506}
	idle := after
	idle.QueryTime += 2 * second
	idle.IdleTime += 2 * second // an idle stretch running at the query is counted idle

	disks := diskActivities(map[string]diskCounters{"disk 0": before.counters(), "disk 1": after.counters()},
		map[string]diskCounters{"disk 0": after.counters(), "disk 1": idle.counters()}, 2*time.Second)
	if len(disks) != 2 {
		t.Fatalf("disks %+v, want two", disks)
	}
	if d := disks[0]; d.Name != "disk 0" || d.UtilPercent != 98 || d.AwaitMS != 240 || d.IOPS != 8 {
		t.Errorf("disk 0: %+v; want busy 98%%, 240 ms per request, 8 requests/s", d)
	}
	if d := disks[1]; d.UtilPercent != 0 || d.IOPS != 0 {
		t.Errorf("disk 1: %+v; want idle", d)
	}
	o := describeIO(disks, 2*time.Second)
	if want := "disk 0 busy 98% of the time, 240 ms per request, 8 requests/s"; !strings.Contains(o.Message, want) {
		t.Errorf("message %q, want %q", o.Message, want)
	}
}
