//go:build !linux

package checks

import (
	"fmt"
	"runtime"
)

// diskCountersNow: tsr reads no per-disk busy time on this OS yet.
func diskCountersNow() (map[string]diskCounters, error) {
	return nil, fmt.Errorf("per-disk busy time and latency are not read on %s yet", runtime.GOOS)
}
