package checks

import (
	"context"
	"errors"
	"strings"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// processMemoryCounters is PROCESS_MEMORY_COUNTERS; x/sys/windows does
// not wrap GetProcessMemoryInfo, so it is called through kernel32's K32
// export directly.
type processMemoryCounters struct {
	Size                       uint32
	PageFaultCount             uint32
	PeakWorkingSetSize         uintptr
	WorkingSetSize             uintptr
	QuotaPeakPagedPoolUsage    uintptr
	QuotaPagedPoolUsage        uintptr
	QuotaPeakNonPagedPoolUsage uintptr
	QuotaNonPagedPoolUsage     uintptr
	PagefileUsage              uintptr
	PeakPagefileUsage          uintptr
}

var procGetProcessMemoryInfo = windows.NewLazySystemDLL("kernel32.dll").NewProc("K32GetProcessMemoryInfo")

// processUsage walks a Toolhelp snapshot and asks each process it may
// query for its processor times and working set (its resident memory);
// those it may not (other users' services without privilege) are left out.
func processUsage(ctx context.Context) (map[int]procUsage, bool) {
	snap, err := windows.CreateToolhelp32Snapshot(windows.TH32CS_SNAPPROCESS, 0)
	if err != nil {
		return nil, false
	}
	defer windows.CloseHandle(snap)
	out := map[int]procUsage{}
	entry := windows.ProcessEntry32{Size: uint32(unsafe.Sizeof(windows.ProcessEntry32{}))}
	for err = windows.Process32First(snap, &entry); err == nil; err = windows.Process32Next(snap, &entry) {
		if ctx.Err() != nil {
			return nil, false
		}
		if u, ok := queryProcess(entry.ProcessID); ok {
			u.Name = strings.TrimSuffix(windows.UTF16ToString(entry.ExeFile[:]), ".exe")
			out[int(entry.ProcessID)] = u
		}
	}
	if !errors.Is(err, windows.ERROR_NO_MORE_FILES) {
		return nil, false
	}
	return out, len(out) > 0
}

func queryProcess(pid uint32) (procUsage, bool) {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, pid)
	if err != nil {
		return procUsage{}, false
	}
	defer windows.CloseHandle(h)
	var created, exited, kernel, user windows.Filetime
	if err := windows.GetProcessTimes(h, &created, &exited, &kernel, &user); err != nil {
		return procUsage{}, false
	}
	u := procUsage{CPU: time.Duration(filetimeTicks(kernel)+filetimeTicks(user)) * 100} // 100 ns ticks
	mc := processMemoryCounters{}
	mc.Size = uint32(unsafe.Sizeof(mc))
	if r, _, _ := procGetProcessMemoryInfo.Call(uintptr(h), uintptr(unsafe.Pointer(&mc)), uintptr(mc.Size)); r != 0 {
		u.RSS = int64(mc.WorkingSetSize)
	}
	return u, true
}

// Windows keeps no pressure, throttle or swap counters tsr reads.

func readPressure(string) (float64, bool) { return 0, false }

func throttleCount() (int64, bool) { return 0, false }

func vmCounters() (map[string]int64, bool) { return nil, false }
