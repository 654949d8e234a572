package checks

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "hw.io",
			Title: "Disks are not saturated",
			Doc: "Watches every disk for a short window: how much of the time it was busy and how long a request took on average. " +
				"A disk busy nearly all the time, or slow to answer, makes the whole machine feel slow; a failing disk often shows as very slow requests. Linux (/proc/diskstats); Windows (each physical disk's IOCTL_DISK_PERFORMANCE counters, disks named as Disk Management numbers them); skips on macOS.",
			Params: []Param{windowParam},
			Fields: []Field{
				{Name: "disks", Kind: KindRecords, Doc: "one record per disk", Record: []Field{
					{Name: "name", Kind: KindString, Doc: "the disk"},
					{Name: "util_percent", Kind: KindPercent, Doc: "share of the window it was busy"},
					{Name: "await_ms", Kind: KindFloat, Doc: "average time per request in milliseconds, queueing included"},
					{Name: "iops", Kind: KindFloat, Doc: "requests per second"},
				}},
				{Name: "worst_util_percent", Kind: KindPercent, Doc: "the busiest disk's util_percent"},
				{Name: "worst_await_ms", Kind: KindFloat, Doc: "the slowest disk's await_ms"},
			},
			Warn:       Assertions{"worst_util_percent": "< 90", "worst_await_ms": "< 100"},
			ErrorKinds: noOwnKinds,
			Timeout:    3 * time.Second,
			Deadline:   windowDeadline,
			Support:    Support{Linux: Works, Windows: Works, Darwin: Skips, Note: "per-disk busy time from /proc/diskstats on Linux, IOCTL_DISK_PERFORMANCE on Windows"},
			Run:        runIO,
		}
	})
}

// diskCounters is one disk's line of /proc/diskstats that hw.io reads:
// requests completed, the milliseconds they took, and the milliseconds the
// disk was busy.
type diskCounters struct {
	Requests, RequestMS, BusyMS uint64
}

// diskActivity is one disk over the window.
type diskActivity struct {
	Name        string
	UtilPercent float64
	AwaitMS     float64
	IOPS        float64
}

func runIO(ctx context.Context, _ *Env, p Params) Outcome {
	before, err := diskCountersNow()
	if err != nil {
		return CouldNotLook(err, "cannot read the disks' counters")
	}
	window := p.Duration("window")
	start := time.Now()
	if err := waitWindow(ctx, window); err != nil {
		return Failed(ErrorKindOf(err), "stopped before the %s sample window ended", FormatDuration(window))
	}
	span := max(window, time.Since(start))
	after, err := diskCountersNow()
	if err != nil {
		return CouldNotLook(err, "cannot read the disks' counters")
	}
	disks := diskActivities(before, after, span)
	if len(disks) == 0 {
		return Skipped("no disks to watch")
	}
	return describeIO(disks, span)
}

// diskActivities compares two readings of the disks seen in both.
func diskActivities(before, after map[string]diskCounters, span time.Duration) []diskActivity {
	var out []diskActivity
	ms := float64(span) / float64(time.Millisecond)
	for name, a := range after {
		b, ok := before[name]
		if !ok || a.Requests < b.Requests || a.BusyMS < b.BusyMS || a.RequestMS < b.RequestMS {
			continue // the counters wrapped or the disk was replaced
		}
		d := diskActivity{Name: name}
		d.UtilPercent = math.Round(min(100, float64(a.BusyMS-b.BusyMS)/ms*100)*10) / 10
		if n := a.Requests - b.Requests; n > 0 {
			d.AwaitMS = math.Round(float64(a.RequestMS-b.RequestMS)/float64(n)*100) / 100
			d.IOPS = math.Round(float64(n)/span.Seconds()*10) / 10
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func describeIO(disks []diskActivity, span time.Duration) Outcome {
	records := make([]map[string]any, len(disks))
	busiest, slowest := disks[0], disks[0]
	for i, d := range disks {
		records[i] = map[string]any{"name": d.Name, "util_percent": d.UtilPercent, "await_ms": d.AwaitMS, "iops": d.IOPS}
		if d.UtilPercent > busiest.UtilPercent {
			busiest = d
		}
		if d.AwaitMS > slowest.AwaitMS {
			slowest = d
		}
	}
	parts := []string{describeDisk(busiest)}
	if slowest.Name != busiest.Name && slowest.AwaitMS > 0 {
		parts = append(parts, describeDisk(slowest))
	}
	msg := strings.Join(parts, "; ") + fmt.Sprintf(" (over %s", FormatDuration(span))
	if others := len(disks) - len(parts); others > 0 {
		msg += fmt.Sprintf(", %d other disks less busy", others)
	}
	return Outcome{
		Observed: map[string]any{"disks": records, "worst_util_percent": busiest.UtilPercent, "worst_await_ms": slowest.AwaitMS},
		Message:  msg + ")",
	}
}

// describeDisk says "sda busy 98% of the time, 240 ms per request".
func describeDisk(d diskActivity) string {
	if d.IOPS == 0 {
		return fmt.Sprintf("%s idle", d.Name)
	}
	return fmt.Sprintf("%s busy %.0f%% of the time, %s ms per request, %.0f requests/s", d.Name, d.UtilPercent, formatMS(d.AwaitMS), d.IOPS)
}

// formatMS prints milliseconds with the precision a person needs.
func formatMS(ms float64) string {
	if ms >= 10 {
		return fmt.Sprintf("%.0f", ms)
	}
	return fmt.Sprintf("%.2g", ms)
}
