package checks

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strings"
	"time"
)

func init() {
	Register(&Type{
		Name:  "hw.cpu",
		Title: "CPU load is reasonable",
		Doc:   "Records the processor (model, vendor, cores, threads) and the load averages, and judges the 1-minute load per hardware thread.",
		Fields: []Field{
			{Name: "model", Kind: KindString, Doc: "processor model name, e.g. Intel(R) Core(TM) i7-1185G7"},
			{Name: "vendor", Kind: KindString, Doc: "processor vendor, e.g. GenuineIntel, AuthenticAMD, Apple"},
			{Name: "cores", Kind: KindInt, Doc: "physical cores, all packages together"},
			{Name: "threads", Kind: KindInt, Doc: "hardware threads (logical processors)"},
			{Name: "load1", Kind: KindFloat, Doc: "load average over 1 minute (not on Windows)"},
			{Name: "load5", Kind: KindFloat, Doc: "load average over 5 minutes (not on Windows)"},
			{Name: "load15", Kind: KindFloat, Doc: "load average over 15 minutes (not on Windows)"},
			{Name: "load_per_core", Kind: KindFloat, Doc: "load1 divided by threads: above 1 means work waits for a processor"},
		},
		Warn:    Assertions{"load_per_core": "< 2"},
		Timeout: 3 * time.Second,
		Run:     runCPU,
	})
}

// cpuFacts is what the machine says about its processors.
type cpuFacts struct {
	Model, Vendor  string
	Cores, Threads int64
}

func runCPU(context.Context, *Env, Params) Outcome {
	cpu, haveCPU := cpuInfo()
	load, haveLoad := loadAverage()
	if !haveCPU && !haveLoad {
		return Errored("unsupported", "cannot read the processor facts or the load on %s", runtime.GOOS)
	}
	obs := map[string]any{}
	var parts []string
	if cpu.Model != "" {
		obs["model"] = cpu.Model
		parts = append(parts, cpu.Model)
	}
	if cpu.Vendor != "" {
		obs["vendor"] = cpu.Vendor
	}
	if cpu.Cores > 0 {
		obs["cores"] = cpu.Cores
		parts = append(parts, fmt.Sprintf("%d cores", cpu.Cores))
	}
	if cpu.Threads > 0 {
		obs["threads"] = cpu.Threads
		parts = append(parts, fmt.Sprintf("%d threads", cpu.Threads))
	}
	if haveLoad {
		obs["load1"], obs["load5"], obs["load15"] = load[0], load[1], load[2]
		l := fmt.Sprintf("load %.2f %.2f %.2f", load[0], load[1], load[2])
		if cpu.Threads > 0 {
			perCore := math.Round(load[0]/float64(cpu.Threads)*100) / 100
			obs["load_per_core"] = perCore
			l += fmt.Sprintf(" (%.2f per thread)", perCore)
		}
		parts = append(parts, l)
	}
	return Outcome{Observed: obs, Message: strings.Join(parts, ", ")}
}
