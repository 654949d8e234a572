package checks

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// memoryStats reads /proc/meminfo, whose sizes are in KiB ("kB").
func memoryStats() (memStats, error) {
	f, err := os.Open(procPath("meminfo"))
	if err != nil {
		return memStats{}, err
	}
	defer f.Close()
	kv := map[string]int64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			continue
		}
		n, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			continue
		}
		if len(fields) > 1 && fields[1] == "kB" {
			n *= 1024
		}
		kv[key] = n
	}
	if err := sc.Err(); err != nil {
		return memStats{}, err
	}
	total, ok := kv["MemTotal"]
	if !ok {
		return memStats{}, fmt.Errorf("%s has no MemTotal", procPath("meminfo"))
	}
	avail, ok := kv["MemAvailable"]
	if !ok { // kernels before 3.14: the estimate free(1) used then
		avail = kv["MemFree"] + kv["Buffers"] + kv["Cached"]
	}
	return memStats{Total: total, Available: avail, SwapTotal: kv["SwapTotal"], SwapFree: kv["SwapFree"]}, nil
}
