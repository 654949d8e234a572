package checks

import (
	"errors"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// diskCountersNow reads /proc/diskstats for the disks in /sys/block (so
// partitions, which are counted in their disk, are left out), without
// loop, RAM and compressed-RAM devices.
//
// Fields after major, minor and name: reads, reads merged, sectors read,
// ms reading, writes, writes merged, sectors written, ms writing, in
// flight, ms busy, weighted ms, then (4.18+) discards and (5.5+) flushes.
func diskCountersNow() (map[string]diskCounters, error) {
	b, err := os.ReadFile(procPath("diskstats"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, NotHere("this machine has no %s (a container may hide it), so disk activity cannot be read", procPath("diskstats"))
	}
	if err != nil {
		return nil, err
	}
	entries, _ := os.ReadDir(sysPath("block"))
	whole := map[string]bool{}
	for _, e := range entries {
		whole[e.Name()] = true
	}
	out := map[string]diskCounters{}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 14 || (len(whole) > 0 && !whole[f[2]]) || virtualDisk(f[2]) {
			continue
		}
		n := make([]uint64, len(f))
		for i := 3; i < len(f); i++ {
			n[i], _ = strconv.ParseUint(f[i], 10, 64)
		}
		c := diskCounters{Requests: n[3] + n[7], RequestMS: n[6] + n[10], BusyMS: n[12]}
		if len(f) >= 18 {
			c.Requests += n[14]
			c.RequestMS += n[17]
		}
		out[f[2]] = c
	}
	return out, nil
}

func virtualDisk(name string) bool {
	for _, prefix := range []string{"loop", "ram", "zram"} {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}
