package checks

import (
	"os"
	"strconv"
	"strings"
)

// loadAverage reads /proc/loadavg: "0.13 0.21 0.13 1/84 10325".
func loadAverage() ([3]float64, bool) {
	var load [3]float64
	b, err := os.ReadFile(procPath("loadavg"))
	if err != nil {
		return load, false
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return load, false
	}
	for i := range load {
		if load[i], err = strconv.ParseFloat(f[i], 64); err != nil {
			return load, false
		}
	}
	return load, true
}
