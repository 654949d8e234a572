package checks

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

// Windows keeps no load average (its processor queue length is a
// different measure), so the load fields are left out.
func loadAverage() ([3]float64, bool) { return [3]float64{}, false }

var procGetSystemTimes = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetSystemTimes")

// cpuTimes reads GetSystemTimes: every processor's idle, kernel and user
// time together, in 100 ns ticks. Kernel time includes the idle time.
func cpuTimes() (cpuTimeSample, bool) {
	var idle, kernel, user windows.Filetime
	if r, _, _ := procGetSystemTimes.Call(uintptr(unsafe.Pointer(&idle)), uintptr(unsafe.Pointer(&kernel)), uintptr(unsafe.Pointer(&user))); r == 0 {
		return cpuTimeSample{}, false
	}
	return systemTimesSample(filetimeTicks(idle), filetimeTicks(kernel), filetimeTicks(user)), true
}

func filetimeTicks(f windows.Filetime) uint64 {
	return uint64(f.HighDateTime)<<32 | uint64(f.LowDateTime)
}
