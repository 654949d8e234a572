package checks

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// hostRoot is where the host's /proc and /sys are read from: "/" on a
// running machine, a recorded tree in tests. ghw is pointed at the same
// root (WithChroot), so one variable moves every data source at once.
var hostRoot = "/"

// procPath is a path under the host's /proc.
func procPath(elem ...string) string {
	return filepath.Join(append([]string{hostRoot, "proc"}, elem...)...)
}

// sysPath is a path under the host's /sys.
func sysPath(elem ...string) string {
	return filepath.Join(append([]string{hostRoot, "sys"}, elem...)...)
}

// devPath is a path under the host's /dev (the kernel log, /dev/kmsg).
func devPath(elem ...string) string {
	return filepath.Join(append([]string{hostRoot, "dev"}, elem...)...)
}

// readTrimmed reads a small sysfs or procfs file without its newline.
func readTrimmed(path string) (string, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", false
	}
	return strings.TrimSpace(string(b)), true
}

// readInt reads a sysfs file holding one integer.
func readInt(path string) (int64, bool) {
	s, ok := readTrimmed(path)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}
