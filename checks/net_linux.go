package checks

import (
	"os"
	"strconv"
	"strings"
)

// Where the net.* checks read the kernel's view on Linux; tests point them
// at recorded trees under testdata/.
var (
	netSysRoot  = "/sys"
	netProcRoot = "/proc"
)

// readTrim reads a small /sys or /proc file without its trailing newline.
func readTrim(path string) (string, error) {
	b, err := os.ReadFile(path)
	return strings.TrimSpace(string(b)), err
}

// readNumber reads a decimal (or, with base 16, hex "0x...") number file.
func readNumber(path string, base int) (int64, error) {
	s, err := readTrim(path)
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(strings.TrimPrefix(s, "0x"), base, 64)
}
