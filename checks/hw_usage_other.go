//go:build !linux

package checks

import "context"

// Elsewhere tsr reads no other program's processor time or memory yet,
// nor pressure, throttling or swap counters: the fields stay absent.

func processUsage(context.Context) (map[int]procUsage, bool) { return nil, false }

func readPressure(string) (float64, bool) { return 0, false }

func throttleCount() (int64, bool) { return 0, false }

func vmCounters() (map[string]int64, bool) { return nil, false }
