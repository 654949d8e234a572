package checks

import (
	"os"

	"golang.org/x/sys/windows"
)

// diskUsageOf asks for the volume holding path ("/": the system drive). NTFS has no fixed number
// of inodes, so those are left at 0.
func diskUsageOf(path string) (diskUsage, error) {
	path = windowsDiskPath(path, os.Getenv("SystemDrive"))
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return diskUsage{}, err
	}
	vol := make([]uint16, windows.MAX_PATH+1)
	if err := windows.GetVolumePathName(p, &vol[0], uint32(len(vol))); err != nil {
		return diskUsage{}, &os.PathError{Op: "GetVolumePathName", Path: path, Err: err}
	}
	var avail, total, free uint64
	if err := windows.GetDiskFreeSpaceEx(&vol[0], &avail, &total, &free); err != nil {
		return diskUsage{}, &os.PathError{Op: "GetDiskFreeSpaceEx", Path: path, Err: err}
	}
	u := diskUsage{
		Mountpoint: windows.UTF16ToString(vol),
		Total:      int64(total),
		Used:       int64(total - free),
		Avail:      int64(avail),
	}
	var flags uint32
	fsName := make([]uint16, windows.MAX_PATH+1)
	if windows.GetVolumeInformation(&vol[0], nil, 0, nil, nil, &flags, &fsName[0], uint32(len(fsName))) == nil {
		u.FSType = windows.UTF16ToString(fsName)
		u.ReadOnly = flags&windows.FILE_READ_ONLY_VOLUME != 0
	}
	return u, nil
}
