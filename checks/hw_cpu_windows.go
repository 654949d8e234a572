package checks

import (
	"unsafe"

	"golang.org/x/sys/windows"
	winreg "golang.org/x/sys/windows/registry"
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

var procGetLogicalProcessorInformationEx = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetLogicalProcessorInformationEx")

// cpuInfo asks kernel32 and the registry rather than WMI (which ghw would
// use): WMI answers one query at a time and may take seconds, and the
// processor's facts are at hand without it.
func cpuInfo() (cpuFacts, bool) {
	f := cpuFacts{Threads: int64(windows.GetActiveProcessorCount(windows.ALL_PROCESSOR_GROUPS))}
	var size uint32
	procGetLogicalProcessorInformationEx.Call(0, 0, uintptr(unsafe.Pointer(&size))) // RelationProcessorCore: how big
	if size > 0 {
		buf := make([]byte, size)
		if r, _, _ := procGetLogicalProcessorInformationEx.Call(0, uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&size))); r != 0 {
			f.Cores = countProcessorCores(buf[:size])
		}
	}
	if k, err := winreg.OpenKey(winreg.LOCAL_MACHINE, `HARDWARE\DESCRIPTION\System\CentralProcessor\0`, winreg.QUERY_VALUE); err == nil {
		model, _, _ := k.GetStringValue("ProcessorNameString")
		vendor, _, _ := k.GetStringValue("VendorIdentifier")
		f.Model, f.Vendor = known(model), known(vendor)
		k.Close()
	}
	return f, f.Threads > 0
}
