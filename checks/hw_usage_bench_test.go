package checks

import (
	"context"
	"testing"
)

// BenchmarkProcessUsage is one reading of every process's processor time,
// resident memory and name: hw.cpu takes two, at its window's start and
// end, and hw.memory one. Its cost is what the top programs add to a check.
func BenchmarkProcessUsage(b *testing.B) {
	procs, ok := processUsage(context.Background())
	if !ok {
		b.Skip("this machine shows no process to tsr")
	}
	for b.Loop() {
		processUsage(context.Background())
	}
	b.ReportMetric(float64(len(procs)), "processes")
}
