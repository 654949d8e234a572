package checks

import (
	"context"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// processUsage asks NtQuerySystemInformation(SystemProcessInformation)
// once for every process's processor time, working set, name and pid,
// which any user may read. Opening each process for GetProcessTimes
// instead took a call or three per process and, under Wine, longer than
// hw.cpu's timeout.
func processUsage(ctx context.Context) (map[int]procUsage, bool) {
	buf, ok := systemProcessInformation()
	if !ok || ctx.Err() != nil {
		return nil, false
	}
	out := map[int]procUsage{}
	base := unsafe.Pointer(&buf[0])
	end := uintptr(len(buf)) * unsafe.Sizeof(buf[0])
	for off := uintptr(0); off+unsafe.Sizeof(windows.SYSTEM_PROCESS_INFORMATION{}) <= end; {
		p := (*windows.SYSTEM_PROCESS_INFORMATION)(unsafe.Add(base, off))
		// Pid 0 is the System Idle Process: its "processor time" is the
		// time the processors were idle.
		if pid := int(p.UniqueProcessID); pid != 0 {
			out[pid] = procUsage{
				Name: p.ImageName.String(),
				CPU:  time.Duration(p.UserTime+p.KernelTime) * 100, // 100 ns ticks
				RSS:  int64(p.WorkingSetSize),
			}
		}
		if p.NextEntryOffset == 0 {
			break
		}
		off += uintptr(p.NextEntryOffset)
	}
	return out, len(out) > 0
}

// systemProcessInformation returns the process records in a buffer
// aligned for them, grown until they fit (processes come and go between
// the calls).
func systemProcessInformation() ([]uint64, bool) {
	buf := make([]uint64, 64<<10) // 512 KiB: some 300 processes and their threads
	for range 4 {
		var n uint32
		size := uint32(len(buf) * 8)
		err := windows.NtQuerySystemInformation(windows.SystemProcessInformation, unsafe.Pointer(&buf[0]), size, &n)
		if err == windows.STATUS_INFO_LENGTH_MISMATCH {
			buf = make([]uint64, max(int(n)/8+8<<10, 2*len(buf)))
			continue
		}
		if err != nil || n == 0 {
			return nil, false
		}
		return buf[:(n+7)/8], true
	}
	return nil, false
}
