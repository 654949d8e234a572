package checks

import (
	"os"
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
	m := memStats{Total: int64(st.TotalPhys), Available: int64(st.AvailPhys)}
	// The swap is the page files' own size and use. MEMORYSTATUSEX's "page
	// file" figures are the commit limit and charge instead, and memory
	// committed but never touched made them read as a full page file.
	if total, inUse, ok := pageFiles(); ok {
		m.SwapTotal, m.SwapFree = total, total-min(inUse, total)
	}
	return m, nil
}

// pageFiles asks NtQuerySystemInformation(SystemPageFileInformation) for
// every page file's size and use, which any user may read.
func pageFiles() (total, inUse int64, ok bool) {
	buf := make([]byte, 4096)
	for range 4 {
		var n uint32
		err := windows.NtQuerySystemInformation(windows.SystemPageFileInformation, unsafe.Pointer(&buf[0]), uint32(len(buf)), &n)
		if err == windows.STATUS_INFO_LENGTH_MISMATCH {
			buf = make([]byte, max(int(n), 2*len(buf)))
			continue
		}
		if err != nil {
			return 0, 0, false
		}
		pages, used := pageFileTotals(buf[:n])
		page := int64(os.Getpagesize())
		return int64(pages) * page, int64(used) * page, true
	}
	return 0, 0, false
}
