//go:build !linux && !windows

package checks

import "runtime"

// diskCountersNow: tsr reads no per-disk busy time on this OS yet.
func diskCountersNow() (map[string]diskCounters, error) {
	return nil, NotHere("tsr does not read per-disk busy time and latency on %s yet", runtime.GOOS)
}
