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
	Register(func() *Type {
		return &Type{
			Name:  "hw.cpu",
			Title: "CPU load is reasonable",
			Doc: "Records the processor (model, vendor, cores, threads) and the load averages, watches for a short window how busy the processors are and which programs keep them busy, " +
				"and judges the 1-minute load per hardware thread. Where the OS tells, it adds how long work waited for a processor (Linux pressure) and how often the processor slowed down because it was too hot.",
			Params: []Param{windowParam},
			Fields: []Field{
				{Name: "model", Kind: KindString, Doc: "processor model name, e.g. Intel(R) Core(TM) i7-1185G7"},
				{Name: "vendor", Kind: KindString, Doc: "processor vendor, e.g. GenuineIntel, AuthenticAMD, Apple"},
				{Name: "cores", Kind: KindInt, Doc: "physical cores, all packages together"},
				{Name: "threads", Kind: KindInt, Doc: "hardware threads (logical processors)"},
				{Name: "load1", Kind: KindFloat, Doc: "load average over 1 minute (not on Windows)"},
				{Name: "load5", Kind: KindFloat, Doc: "load average over 5 minutes (not on Windows)"},
				{Name: "load15", Kind: KindFloat, Doc: "load average over 15 minutes (not on Windows)"},
				{Name: "load_per_core", Kind: KindFloat, Doc: "load1 divided by threads: above 1 means work waits for a processor"},
				{Name: "utilization_percent", Kind: KindPercent, Doc: "how busy all processors together were over the window"},
				{Name: "top", Kind: KindRecords, Doc: "the programs that used the most processor time over the window. " + topPlatforms,
					Record: topRecord(Field{Name: "cpu_percent", Kind: KindPercent, Doc: "its processor time over the window, as a share of one processor (as top shows it: a program busy on two processors shows 200%)"})},
				{Name: "pressure_some_avg10", Kind: KindPercent, Doc: "share of the last 10 seconds in which some program waited for a processor (Linux PSI)"},
				{Name: "throttle_count", Kind: KindInt, Doc: "how often the processors slowed down because they were too hot, since boot (Linux, Intel)"},
			},
			Warn:       Assertions{"load_per_core": "< 2"},
			ErrorKinds: noOwnKinds,
			Timeout:    3 * time.Second,
			Deadline:   windowDeadline,
			Support:    Support{Linux: Works, Windows: Partial, Darwin: Partial, Note: "Windows has no load averages; macOS lists other users' programs only to root; pressure and throttling are Linux only"},
			Run:        runCPU,
		}
	})
}

// cpuFacts is what the machine says about its processors.
type cpuFacts struct {
	Model, Vendor  string
	Cores, Threads int64
}

// cpuTimeSample is the machine's processor time counters at one reading,
// in any one unit: the busy share is 1 - Δidle/Δtotal.
type cpuTimeSample struct{ Idle, Total uint64 }

// cpuWindow is what hw.cpu saw change over its window.
type cpuWindow struct {
	Utilization    float64
	HaveUtil       bool
	Top            []procTop
	HaveTop        bool
	Span           time.Duration
	InterruptedErr error
}

// watchCPU reads the processor times and every process's time, does
// meanwhile's slower work (WMI on Windows) while the window passes, and
// reads them again at its end.
func watchCPU(ctx context.Context, window time.Duration, meanwhile func()) cpuWindow {
	start := time.Now()
	times0, haveTimes := cpuTimes()
	procs0, haveProcs := processUsage(ctx)
	meanwhile()
	w := cpuWindow{}
	if !haveTimes && !haveProcs {
		return w
	}
	if err := waitWindow(ctx, window-time.Since(start)); err != nil {
		w.InterruptedErr = err
		return w
	}
	w.Span = max(window, time.Since(start))
	if times1, ok := cpuTimes(); ok && haveTimes && times1.Total > times0.Total {
		idle := float64(times1.Idle-times0.Idle) / float64(times1.Total-times0.Total)
		w.Utilization, w.HaveUtil = math.Round((1-idle)*1000)/10, true
	}
	if procs1, ok := processUsage(ctx); ok && haveProcs {
		w.Top, w.HaveTop = topByCPU(procs0, procs1, w.Span), true
	}
	return w
}

func runCPU(ctx context.Context, _ *Env, p Params) Outcome {
	var cpu cpuFacts
	var load [3]float64
	var haveCPU, haveLoad bool
	w := watchCPU(ctx, p.Duration("window"), func() {
		cpu, haveCPU = cpuInfo()
		load, haveLoad = loadAverage()
	})
	if w.InterruptedErr != nil {
		return Failed(ErrorKindOf(w.InterruptedErr), "stopped before the %s sample window ended", FormatDuration(p.Duration("window")))
	}
	if !haveCPU && !haveLoad && !w.HaveUtil {
		return CouldNotLook(NotHere("this %s machine shows neither its processors nor its load to tsr", runtime.GOOS), "")
	}
	obs := map[string]any{}
	parts := cpuFactParts(cpu, obs)
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
	if w.HaveUtil {
		obs["utilization_percent"] = w.Utilization
		parts = append(parts, fmt.Sprintf("%.0f%% busy over %s", w.Utilization, FormatDuration(w.Span)))
	}
	if psi, ok := readPressure("cpu"); ok {
		obs["pressure_some_avg10"] = psi
		if psi >= 1 {
			parts = append(parts, fmt.Sprintf("work waited for a processor %.0f%% of the last 10s", psi))
		}
	}
	if n, ok := throttleCount(); ok {
		obs["throttle_count"] = n
		if n > 0 {
			parts = append(parts, fmt.Sprintf("slowed down %d times since boot because it was too hot", n))
		}
	}
	msg := strings.Join(parts, ", ")
	if w.HaveTop {
		obs["top"] = cpuRecords(w.Top)
		if named := nameTop(w.Top, func(t procTop) (string, bool) {
			return fmt.Sprintf("%.0f%%", t.CPUPercent), t.CPUPercent >= 1
		}); named != "" {
			msg += "; busiest: " + named
		}
	}
	return Outcome{Observed: obs, Message: msg}
}

// cpuFactParts records the processor's facts and describes them.
func cpuFactParts(cpu cpuFacts, obs map[string]any) []string {
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
	return parts
}
