//go:build !darwin && !windows

package checks

import (
	"runtime"

	"github.com/jaypipes/ghw"
)

// cpuInfo asks ghw (/proc/cpuinfo and /sys on Linux, WMI on Windows).
func cpuInfo() (cpuFacts, bool) {
	info, err := ghw.CPU(ghwOptions()...)
	if err != nil || info.TotalHardwareThreads == 0 {
		// A container may hide /sys, but this process still knows how many
		// threads it may use; a recorded machine says nothing of it.
		if !host.live {
			return cpuFacts{}, false
		}
		return cpuFacts{Threads: int64(runtime.NumCPU())}, true
	}
	f := cpuFacts{Cores: int64(info.TotalCores), Threads: int64(info.TotalHardwareThreads)}
	if len(info.Processors) > 0 {
		f.Model, f.Vendor = known(info.Processors[0].Model), known(info.Processors[0].Vendor)
	}
	return f, true
}
