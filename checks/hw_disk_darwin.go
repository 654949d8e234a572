package checks

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// dataVolume holds everything users write on macOS 10.15 and later; / is
// the sealed, read-only system volume, which would always look read-only.
const dataVolume = "/System/Volumes/Data"

func diskUsageOf(path string) (diskUsage, error) {
	path = filepath.Clean(path)
	if path == "/" {
		if _, err := os.Stat(dataVolume); err == nil {
			path = dataVolume
		}
	}
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return diskUsage{}, &os.PathError{Op: "statfs", Path: path, Err: err}
	}
	bsize := int64(st.Bsize)
	return diskUsage{
		Mountpoint: unix.ByteSliceToString(st.Mntonname[:]),
		FSType:     unix.ByteSliceToString(st.Fstypename[:]),
		Total:      int64(st.Blocks) * bsize,
		Used:       int64(st.Blocks-st.Bfree) * bsize,
		Avail:      int64(st.Bavail) * bsize,
		Inodes:     int64(st.Files),
		InodesFree: int64(st.Ffree),
		ReadOnly:   st.Flags&unix.MNT_RDONLY != 0,
	}, nil
}
