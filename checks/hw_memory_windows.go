package checks

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

// memoryStatusEx is MEMORYSTATUSEX; x/sys/windows does not wrap
// GlobalMemoryStatusEx, so it is called through kernel32 directly.
type memoryStatusEx struct {
	Length               uint32
	MemoryLoad           uint32
	TotalPhys            uint64
	AvailPhys            uint64
	TotalPageFile        uint64
	AvailPageFile        uint64
	TotalVirtual         uint64
	AvailVirtual         uint64
	AvailExtendedVirtual uint64
}

var procGlobalMemoryStatusEx = windows.NewLazySystemDLL("kernel32.dll").NewProc("GlobalMemoryStatusEx")

func memoryStats() (memStats, error) {
	st := memoryStatusEx{}
	st.Length = uint32(unsafe.Sizeof(st))
	if r, _, err := procGlobalMemoryStatusEx.Call(uintptr(unsafe.Pointer(&st))); r == 0 {
		return memStats{}, err
	}
	// The "page file" figures are the commit limit: RAM plus the page files.
	swapTotal := int64(st.TotalPageFile) - int64(st.TotalPhys)
	swapUsed := (int64(st.TotalPageFile) - int64(st.AvailPageFile)) - (int64(st.TotalPhys) - int64(st.AvailPhys))
	swapTotal = max(swapTotal, 0)
	swapUsed = min(max(swapUsed, 0), swapTotal)
	return memStats{Total: int64(st.TotalPhys), Available: int64(st.AvailPhys), SwapTotal: swapTotal, SwapFree: swapTotal - swapUsed}, nil
}
