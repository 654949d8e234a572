//go:build !linux

package checks

// Elsewhere tsr reads no pressure, throttling or swap counters yet: the
// fields stay absent.

func readPressure(string) (float64, bool) { return 0, false }

func throttleCount() (int64, bool) { return 0, false }

func vmCounters() (map[string]int64, bool) { return nil, false }
