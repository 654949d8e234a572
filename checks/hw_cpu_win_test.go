package checks

import "testing"

// TestSystemTimesSample: a processor that was busy half of a window reads
// 50% busy, not the 67% that counting idle time twice would give.
func TestSystemTimesSample(t *testing.T) {
	before := systemTimesSample(1000, 1500, 500) // kernel 1500 includes idle 1000
	after := systemTimesSample(2000, 2800, 1200) // 2000 more ticks, 1000 of them idle
	busy := 1 - float64(after.Idle-before.Idle)/float64(after.Total-before.Total)
	if busy != 0.5 {
		t.Errorf("busy %.3f, want 0.5", busy)
	}
}
