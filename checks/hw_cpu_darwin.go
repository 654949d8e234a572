package checks

import (
	"encoding/binary"
	"math"
	"strings"

	"github.com/shirou/gopsutil/v4/cpu"
	"golang.org/x/sys/unix"
)

// cpuInfo asks sysctl directly: ghw's macOS code runs the sysctl program,
// and tsr runs no program without --allow-exec.
func cpuInfo() (cpuFacts, bool) {
	cores, err1 := unix.SysctlUint32("hw.physicalcpu")
	threads, err2 := unix.SysctlUint32("hw.logicalcpu")
	if err1 != nil || err2 != nil {
		return cpuFacts{}, false
	}
	model, _ := unix.Sysctl("machdep.cpu.brand_string")
	vendor, _ := unix.Sysctl("machdep.cpu.vendor") // Intel only
	if vendor == "" && strings.HasPrefix(model, "Apple") {
		vendor = "Apple"
	}
	return cpuFacts{Model: model, Vendor: vendor, Cores: int64(cores), Threads: int64(threads)}, true
}

// loadAverage reads vm.loadavg: struct loadavg { fixpt_t ldavg[3]; long fscale; }.
func loadAverage() ([3]float64, bool) {
	var load [3]float64
	b, err := unix.SysctlRaw("vm.loadavg")
	if err != nil || len(b) < 24 {
		return load, false
	}
	scale := float64(binary.LittleEndian.Uint64(b[16:24]))
	if scale == 0 {
		return load, false
	}
	for i := range load {
		load[i] = math.Round(float64(binary.LittleEndian.Uint32(b[4*i:]))/scale*100) / 100
	}
	return load, true
}

// cpuTimes reads all processors' times together (host_statistics, a Mach
// call gopsutil makes without cgo), in microseconds.
func cpuTimes() (cpuTimeSample, bool) {
	t, err := cpu.Times(false)
	if err != nil || len(t) == 0 {
		return cpuTimeSample{}, false
	}
	us := func(s float64) uint64 { return uint64(s * 1e6) }
	return cpuTimeSample{Idle: us(t[0].Idle), Total: us(t[0].User + t[0].Nice + t[0].System + t[0].Idle)}, true
}
