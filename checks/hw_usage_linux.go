package checks

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// userHZ is the unit of the times in /proc/[pid]/stat and /proc/stat:
// Linux fixes it at 100 per second for every program to read.
const userHZ = 100

// processUsage reads /proc/[pid]/stat of every process; those that end
// while it reads are left out.
func processUsage(ctx context.Context) (map[int]procUsage, bool) {
	entries, err := os.ReadDir(procPath())
	if err != nil {
		return nil, false
	}
	page := int64(os.Getpagesize())
	out := map[int]procUsage{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ctx.Err() != nil {
			return nil, false
		}
		if u, ok := parseProcStat(procPath(e.Name(), "stat"), page); ok {
			out[pid] = u
		}
	}
	return out, len(out) > 0
}

// parseProcStat reads "pid (comm) state ppid ... utime stime ... rss ...";
// comm may hold spaces and parentheses, so fields count from the last ')'.
func parseProcStat(path string, page int64) (procUsage, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return procUsage{}, false
	}
	s := string(b)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return procUsage{}, false
	}
	f := strings.Fields(s[end+1:])
	if len(f) < 22 { // f[0] is field 3 (state): utime 14, stime 15, rss 24
		return procUsage{}, false
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	rss, err3 := strconv.ParseInt(f[21], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return procUsage{}, false
	}
	return procUsage{
		Name: s[open+1 : end],
		CPU:  time.Duration(utime+stime) * time.Second / userHZ,
		RSS:  rss * page,
	}, true
}

// readPressure reads the "some avg10" of /proc/pressure/NAME (kernels 4.20
// and later built with PSI).
func readPressure(name string) (float64, bool) {
	s, ok := readTrimmed(procPath("pressure", name))
	if !ok {
		return 0, false
	}
	return pressureAvg10(s)
}

// throttleCount adds up how often the processors slowed down because they
// were too hot since boot: each core's count, and each package's once.
func throttleCount() (int64, bool) {
	dirs, _ := filepath.Glob(sysPath("devices", "system", "cpu", "cpu[0-9]*", "thermal_throttle"))
	var total int64
	found := false
	packages := map[string]bool{}
	for _, dir := range dirs {
		if n, ok := readInt(filepath.Join(dir, "core_throttle_count")); ok {
			total += n
			found = true
		}
		pkg, _ := readTrimmed(filepath.Join(dir, "..", "topology", "physical_package_id"))
		if packages[pkg] {
			continue
		}
		if n, ok := readInt(filepath.Join(dir, "package_throttle_count")); ok {
			packages[pkg] = true
			total += n
			found = true
		}
	}
	return total, found
}

// vmCounters reads the named counters of /proc/vmstat ("pswpin 1234").
func vmCounters() (map[string]int64, bool) {
	b, err := os.ReadFile(procPath("vmstat"))
	if err != nil {
		return nil, false
	}
	out := map[string]int64{}
	for _, line := range strings.Split(string(b), "\n") {
		key, val, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(val), 10, 64); err == nil {
			out[key] = n
		}
	}
	return out, true
}
