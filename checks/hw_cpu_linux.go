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

// cpuTimes reads the first line of /proc/stat: "cpu user nice system idle
// iowait irq softirq steal guest guest_nice", in 1/100 s. Idle and iowait
// are idle time; guest time is already counted in user.
func cpuTimes() (cpuTimeSample, bool) {
	b, err := os.ReadFile(procPath("stat"))
	if err != nil {
		return cpuTimeSample{}, false
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "cpu" {
		return cpuTimeSample{}, false
	}
	var s cpuTimeSample
	for i, v := range f[1:min(len(f), 9)] {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return cpuTimeSample{}, false
		}
		s.Total += n
		if i == 3 || i == 4 {
			s.Idle += n
		}
	}
	return s, true
}
