package checks

import (
	"encoding/binary"
	"errors"
	"fmt"

	"golang.org/x/sys/windows"
)

// ioctlDiskPerformance is IOCTL_DISK_PERFORMANCE (winioctl.h):
// CTL_CODE(IOCTL_DISK_BASE, 0x0008, METHOD_BUFFERED, FILE_ANY_ACCESS).
const ioctlDiskPerformance = 0x70020

// maxPhysicalDrives is how many \\.\PhysicalDriveN tsr tries: numbers
// can have gaps where a disk was removed.
const maxPhysicalDrives = 32

// diskCountersNow asks each physical disk for its performance counters.
// The device is opened for no access at all, which IOCTL_DISK_PERFORMANCE
// (FILE_ANY_ACCESS) allows without administrator rights.
func diskCountersNow() (map[string]diskCounters, error) {
	out := map[string]diskCounters{}
	var firstErr error
	for n := 0; n < maxPhysicalDrives; n++ {
		p, err := physicalDrivePerformance(n)
		switch {
		case err == nil:
			out[fmt.Sprintf("disk %d", n)] = p.counters()
		case errors.Is(err, windows.ERROR_FILE_NOT_FOUND), errors.Is(err, windows.ERROR_PATH_NOT_FOUND):
		default:
			if firstErr == nil {
				firstErr = fmt.Errorf("PhysicalDrive%d: %w", n, err)
			}
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	switch {
	case firstErr == nil:
		return nil, NotHere("Windows shows tsr no physical disk (\\\\.\\PhysicalDrive0 to %d)", maxPhysicalDrives-1)
	case errors.Is(firstErr, windows.ERROR_ACCESS_DENIED):
		return nil, NotHere("reading the disks' activity needs administrator rights here (%v)", firstErr)
	default:
		return nil, NotHere("Windows gives no disk performance counters here (IOCTL_DISK_PERFORMANCE: %v)", firstErr)
	}
}

// physicalDrivePerformance asks \\.\PhysicalDriveN for DISK_PERFORMANCE.
func physicalDrivePerformance(n int) (diskPerformance, error) {
	path, _ := windows.UTF16PtrFromString(fmt.Sprintf(`\\.\PhysicalDrive%d`, n))
	h, err := windows.CreateFile(path, 0, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE, nil, windows.OPEN_EXISTING, 0, 0)
	if err != nil {
		return diskPerformance{}, err
	}
	defer windows.CloseHandle(h)
	// DISK_PERFORMANCE is 88 bytes; room for a longer answer.
	var buf [256]byte
	var got uint32
	if err := windows.DeviceIoControl(h, ioctlDiskPerformance, nil, 0, &buf[0], uint32(len(buf)), &got, nil); err != nil {
		return diskPerformance{}, err
	}
	if got < 64 {
		return diskPerformance{}, fmt.Errorf("IOCTL_DISK_PERFORMANCE answered %d bytes, fewer than DISK_PERFORMANCE holds", got)
	}
	le := binary.LittleEndian
	// Offsets of DISK_PERFORMANCE: BytesRead 0, BytesWritten 8, ReadTime
	// 16, WriteTime 24, IdleTime 32, ReadCount 40, WriteCount 44,
	// QueueDepth 48, SplitCount 52, QueryTime 56.
	return diskPerformance{
		ReadTime: int64(le.Uint64(buf[16:])), WriteTime: int64(le.Uint64(buf[24:])),
		IdleTime: int64(le.Uint64(buf[32:])), QueryTime: int64(le.Uint64(buf[56:])),
		ReadCount: le.Uint32(buf[40:]), WriteCount: le.Uint32(buf[44:]),
	}, nil
}
