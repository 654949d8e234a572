package checks

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// How many programs the top lists hold, and how many a message names.
const (
	topListed = 5
	topNamed  = 5
)

// windowParam is the sample window of the checks that measure a rate
// (processor time, swapping, disk busy time) between two readings.
var windowParam = Param{Name: "window", Kind: KindDuration, Default: "1s", Check: windowBounds,
	Doc: "how long to watch: rates are measured between a reading at its start and one at its end"}

func windowBounds(v any) error {
	if d, _ := v.(time.Duration); d < 100*time.Millisecond || d > time.Minute {
		return fmt.Errorf("%s is out of range: use 100ms to 1m", FormatDuration(d))
	}
	return nil
}

// windowDeadline is the timeout of a check that watches for its window:
// the window and a little for the readings.
func windowDeadline(p Params) time.Duration { return p.Duration("window") + 2*time.Second }

// waitWindow lets the sample window pass between two readings. Tests
// replace it to move the host seam to a second recorded tree instead of
// waiting.
var waitWindow = func(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		// On a starved machine both may be ready when this runs again:
		// a window that did pass still counts.
		select {
		case <-t.C:
			return nil
		default:
			return ctx.Err()
		}
	}
}

// procUsage is one process at one reading: its name, the processor time it
// has used since it started, and its resident memory.
type procUsage struct {
	Name string
	CPU  time.Duration
	RSS  int64
}

// procTop is one program in a top list.
type procTop struct {
	PID        int
	Name       string
	CPUPercent float64 // share of one processor over the window, as top shows it
	RSS        int64
}

// topByCPU ranks the processes seen in both readings by the processor
// time they used between them.
func topByCPU(before, after map[int]procUsage, window time.Duration) []procTop {
	var out []procTop
	for pid, a := range after {
		b, ok := before[pid]
		if !ok || a.CPU < b.CPU || window <= 0 {
			continue
		}
		pct := math.Round(float64(a.CPU-b.CPU)/float64(window)*1000) / 10
		out = append(out, procTop{PID: pid, Name: a.Name, CPUPercent: pct, RSS: a.RSS})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].CPUPercent != out[j].CPUPercent {
			return out[i].CPUPercent > out[j].CPUPercent
		}
		return out[i].PID < out[j].PID
	})
	return out[:min(len(out), topListed)]
}

// topByRSS ranks the processes by resident memory.
func topByRSS(procs map[int]procUsage) []procTop {
	out := make([]procTop, 0, len(procs))
	for pid, p := range procs {
		out = append(out, procTop{PID: pid, Name: p.Name, RSS: p.RSS})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].RSS != out[j].RSS {
			return out[i].RSS > out[j].RSS
		}
		return out[i].PID < out[j].PID
	})
	return out[:min(len(out), topListed)]
}

// topPlatforms says where the top lists are read.
const topPlatforms = "Linux, Windows, macOS (there other users' programs only when tsr runs as root)"

// topRecord declares the record of a program in a top list: its name and
// pid, and what it is ranked by.
func topRecord(measure Field) []Field {
	return []Field{
		{Name: "name", Kind: KindString, Doc: "the program's name"},
		{Name: "pid", Kind: KindInt, Doc: "its process id"},
		measure,
	}
}

// cpuRecords is a CPU top list as hw.cpu observes it.
func cpuRecords(top []procTop) []map[string]any {
	out := make([]map[string]any, len(top))
	for i, p := range top {
		out[i] = map[string]any{"name": p.Name, "pid": int64(p.PID), "cpu_percent": p.CPUPercent}
	}
	return out
}

// rssRecords is a memory top list as hw.memory observes it.
func rssRecords(top []procTop) []map[string]any {
	out := make([]map[string]any, len(top))
	for i, p := range top {
		out[i] = map[string]any{"name": p.Name, "pid": int64(p.PID), "rss": p.RSS}
	}
	return out
}

// nameTop names the first programs of a top list for a message, as
// "sh (pid 4242) 99.0%", leaving out those that used next to nothing.
func nameTop(top []procTop, show func(procTop) (string, bool)) string {
	var parts []string
	for _, p := range top {
		s, ok := show(p)
		if !ok || len(parts) == topNamed {
			break
		}
		parts = append(parts, fmt.Sprintf("%s (pid %d) %s", p.Name, p.PID, s))
	}
	return strings.Join(parts, ", ")
}

// pressureAvg10 reads the "some avg10" figure of a Linux PSI file
// ("some avg10=1.23 avg60=0.50 avg300=0.10 total=12345"): the share of the
// last 10 seconds in which some task waited for the resource.
func pressureAvg10(text string) (float64, bool) {
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || f[0] != "some" {
			continue
		}
		var v float64
		if _, err := fmt.Sscanf(f[1], "avg10=%g", &v); err == nil {
			return v, true
		}
	}
	return 0, false
}
