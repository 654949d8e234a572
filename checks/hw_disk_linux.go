package checks

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// statfs is a variable so tests can fake a full or read-only filesystem.
var statfs = unix.Statfs

func diskUsageOf(path string) (diskUsage, error) {
	path = filepath.Clean(path)
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	var st unix.Statfs_t
	if err := statfs(path, &st); err != nil {
		return diskUsage{}, &os.PathError{Op: "statfs", Path: path, Err: err}
	}
	m := mountOf(path)
	bsize := st.Frsize // df counts in fragments; Bsize is only the I/O size
	if bsize == 0 {
		bsize = st.Bsize
	}
	return diskUsage{
		Mountpoint: m.point,
		FSType:     m.fstype,
		Total:      int64(st.Blocks) * bsize,
		Used:       int64(st.Blocks-st.Bfree) * bsize,
		Avail:      int64(st.Bavail) * bsize,
		Inodes:     int64(st.Files),
		InodesFree: int64(st.Ffree),
		ReadOnly:   m.readOnly || st.Flags&unix.ST_RDONLY != 0,
	}, nil
}

type mount struct {
	point, fstype string
	readOnly      bool
}

// mountOf finds the mount holding path: the longest mountpoint that is a
// prefix of it, the last one listed when mounts are stacked on one point.
func mountOf(path string) mount {
	best := mount{point: "/"}
	bestLen := -1
	for _, m := range readMounts() {
		if !underMount(path, m.point) || len(m.point) < bestLen {
			continue
		}
		best, bestLen = m, len(m.point)
	}
	return best
}

func underMount(path, point string) bool {
	return point == "/" || path == point || strings.HasPrefix(path, point+"/")
}

// readMounts reads /proc/self/mountinfo, or /proc/mounts on kernels
// without it.
func readMounts() []mount {
	if ms, err := parseMounts(procPath("self", "mountinfo"), true); err == nil {
		return ms
	}
	ms, _ := parseMounts(procPath("mounts"), false)
	return ms
}

// parseMounts reads mountinfo lines
//
//	36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue
//
// or /proc/mounts lines ("/dev/root / ext4 rw,relatime 0 0").
func parseMounts(file string, mountinfo bool) ([]mount, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []mount
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		var m mount
		var opts []string
		if mountinfo {
			sep := -1
			for i, fl := range fields {
				if fl == "-" && i >= 6 {
					sep = i
					break
				}
			}
			if sep < 0 || sep+3 > len(fields) {
				continue
			}
			m.point, m.fstype = unescapeMount(fields[4]), fields[sep+1]
			opts = append(strings.Split(fields[5], ","), strings.Split(fields[sep+3], ",")...)
		} else {
			if len(fields) < 4 {
				continue
			}
			m.point, m.fstype = unescapeMount(fields[1]), fields[2]
			opts = strings.Split(fields[3], ",")
		}
		for _, o := range opts {
			if o == "ro" {
				m.readOnly = true
			}
		}
		out = append(out, m)
	}
	return out, sc.Err()
}

// unescapeMount undoes the kernel's octal escapes (\040 for a space).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
