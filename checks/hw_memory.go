package checks

import (
	"context"
	"fmt"
	"math"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "hw.memory",
			Title: "Memory is not exhausted",
			Doc: "Reads how much memory the machine has and how much is still available to programs without swapping, and how much swap is in use; " +
				"names the programs that hold the most memory and, where the OS tells, watches for a short window how much the machine swaps, how long programs waited for memory (Linux pressure) and how many were killed for lack of it.",
			Params: []Param{windowParam},
			Fields: []Field{
				{Name: "total", Kind: KindBytes, Doc: "memory the OS can use"},
				{Name: "available", Kind: KindBytes, Doc: "memory programs can still get without swapping (Linux MemAvailable)"},
				{Name: "used_percent", Kind: KindPercent, Doc: "(total - available) / total"},
				{Name: "swap_total", Kind: KindBytes, Doc: "swap space; 0 when there is none"},
				{Name: "swap_used_percent", Kind: KindPercent, Doc: "share of the swap space in use; 0 when there is none"},
				{Name: "top", Kind: KindRecords, Doc: "the programs holding the most memory. " + topPlatforms,
					Record: topRecord(Field{Name: "rss", Kind: KindBytes, Doc: "its resident memory (the working set on Windows)"})},
				{Name: "pressure_some_avg10", Kind: KindPercent, Doc: "share of the last 10 seconds in which some program waited for memory (Linux PSI)"},
				{Name: "swap_in_per_s", Kind: KindFloat, Doc: "pages read back from swap per second over the window (Linux)"},
				{Name: "swap_out_per_s", Kind: KindFloat, Doc: "pages written out to swap per second over the window (Linux)"},
				{Name: "oom_kills", Kind: KindInt, Doc: "programs the kernel killed because memory ran out, since boot (Linux 4.13 and later)"},
			},
			Expect:     Assertions{"used_percent": "< 98%"},
			Warn:       Assertions{"used_percent": "< 90%"},
			ErrorKinds: noOwnKinds,
			Timeout:    3 * time.Second,
			Deadline:   windowDeadline,
			Support:    Support{Linux: Works, Windows: Partial, Darwin: Partial, Note: "macOS lists other users' programs only to root; pressure, swap rates and OOM kills are Linux only"},
			Run:        runMemory,
		}
	})
}

// memStats are the operating system's memory counters, in bytes.
type memStats struct {
	Total, Available, SwapTotal, SwapFree int64
}

func runMemory(ctx context.Context, _ *Env, p Params) Outcome {
	m, err := memoryStats()
	if err != nil {
		return Errored(ErrorKindOf(err), "cannot read the memory counters: %v", err)
	}
	if m.Total <= 0 {
		return Errored(ErrorKindOther, "the OS reports no memory at all")
	}
	activity, err := watchMemory(ctx, p.Duration("window"), m.SwapTotal > 0)
	if err != nil {
		return Failed(ErrorKindOf(err), "stopped before the %s sample window ended", FormatDuration(p.Duration("window")))
	}
	obs := map[string]any{
		"total":             m.Total,
		"available":         m.Available,
		"used_percent":      percentOf(m.Total-m.Available, m.Total),
		"swap_total":        m.SwapTotal,
		"swap_used_percent": percentOf(m.SwapTotal-m.SwapFree, m.SwapTotal),
	}
	msg := fmt.Sprintf("%.1f%% of %s memory used (%s available)", obs["used_percent"], FormatBytes(m.Total), FormatBytes(m.Available))
	if m.SwapTotal > 0 {
		msg += fmt.Sprintf(", swap %.1f%% of %s used", obs["swap_used_percent"], FormatBytes(m.SwapTotal))
	} else {
		msg += ", no swap"
	}
	return Outcome{Observed: obs, Message: msg + activity.describe(obs)}
}

// memoryActivity is what hw.memory saw of swapping and memory pressure.
type memoryActivity struct {
	SwapIn, SwapOut float64 // pages per second
	HaveSwap        bool
	OOMKills        int64
	HaveOOM         bool
	Top             []procTop
	HaveTop         bool
}

// watchMemory reads the swap counters, lets the window pass when there are
// any and the machine has swap (without, nothing can be swapped: the rates
// are 0 at once), and reads them again with the programs' resident memory.
func watchMemory(ctx context.Context, window time.Duration, haveSwap bool) (memoryActivity, error) {
	var a memoryActivity
	vm0, haveVM := vmCounters()
	span := window
	if haveVM && haveSwap {
		start := time.Now()
		if err := waitWindow(ctx, window); err != nil {
			return a, err
		}
		span = max(window, time.Since(start))
	}
	if vm1, ok := vmCounters(); ok && haveVM {
		_, hasIn := vm1["pswpin"]
		_, hasOut := vm1["pswpout"]
		if hasIn && hasOut {
			rate := func(key string) float64 {
				return math.Round(float64(vm1[key]-vm0[key])/span.Seconds()*10) / 10
			}
			a.SwapIn, a.SwapOut, a.HaveSwap = rate("pswpin"), rate("pswpout"), true
		}
		a.OOMKills, a.HaveOOM = vm1["oom_kill"]
	}
	if procs, ok := processUsage(ctx); ok {
		a.Top, a.HaveTop = topByRSS(procs), true
	}
	return a, nil
}

// describe records the activity and says what matters of it.
func (a memoryActivity) describe(obs map[string]any) string {
	var msg string
	if a.HaveSwap {
		obs["swap_in_per_s"], obs["swap_out_per_s"] = a.SwapIn, a.SwapOut
		if a.SwapIn > 0 || a.SwapOut > 0 {
			msg += fmt.Sprintf(", swapping %.0f pages/s in and %.0f out", a.SwapIn, a.SwapOut)
		}
	}
	if psi, ok := readPressure("memory"); ok {
		obs["pressure_some_avg10"] = psi
		if psi >= 1 {
			msg += fmt.Sprintf(", programs waited for memory %.0f%% of the last 10s", psi)
		}
	}
	if a.HaveOOM {
		obs["oom_kills"] = a.OOMKills
		if a.OOMKills > 0 {
			msg += fmt.Sprintf(", %d programs killed for lack of memory since boot", a.OOMKills)
		}
	}
	if a.HaveTop {
		obs["top"] = rssRecords(a.Top)
		if named := nameTop(a.Top, func(t procTop) (string, bool) { return FormatBytes(t.RSS), t.RSS > 0 }); named != "" {
			msg += "; largest: " + named
		}
	}
	return msg
}
