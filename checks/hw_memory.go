package checks

import (
	"context"
	"fmt"
	"math"
	"time"
)

func init() {
	Register(&Type{
		Name:  "hw.memory",
		Title: "Memory is not exhausted",
		Doc:   "Reads how much memory the machine has and how much is still available to programs without swapping, and how much swap is in use.",
		Fields: []Field{
			{Name: "total", Kind: KindBytes, Doc: "memory the OS can use"},
			{Name: "available", Kind: KindBytes, Doc: "memory programs can still get without swapping (Linux MemAvailable)"},
			{Name: "used_percent", Kind: KindPercent, Doc: "(total - available) / total"},
			{Name: "swap_total", Kind: KindBytes, Doc: "swap space; 0 when there is none"},
			{Name: "swap_used_percent", Kind: KindPercent, Doc: "share of the swap space in use; 0 when there is none"},
		},
		Expect:  Assertions{"used_percent": "< 98%"},
		Warn:    Assertions{"used_percent": "< 90%"},
		Timeout: 2 * time.Second,
		Run:     runMemory,
	})
}

// memStats are the operating system's memory counters, in bytes.
type memStats struct {
	Total, Available, SwapTotal, SwapFree int64
}

func runMemory(context.Context, *Env, Params) Outcome {
	m, err := memoryStats()
	if err != nil {
		return Errored(ErrorKind(err), "cannot read the memory counters: %v", err)
	}
	if m.Total <= 0 {
		return Errored("other", "the OS reports no memory at all")
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
	return Outcome{Observed: obs, Message: msg}
}

// percentOf is part/whole as a percentage with one decimal; 0 of nothing is 0.
func percentOf(part, whole int64) float64 {
	if whole <= 0 {
		return 0
	}
	return math.Round(float64(part)/float64(whole)*1000) / 10
}
