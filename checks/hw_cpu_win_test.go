package checks

import (
	"encoding/binary"
	"testing"
)

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

// TestCountProcessorCores: one record per core, whatever each record's
// size (a core's record grows with its processor groups).
func TestCountProcessorCores(t *testing.T) {
	record := func(relation, size uint32) []byte {
		b := make([]byte, size)
		binary.LittleEndian.PutUint32(b, relation)
		binary.LittleEndian.PutUint32(b[4:], size)
		return b
	}
	var buf []byte
	buf = append(buf, record(0, 48)...)
	buf = append(buf, record(0, 64)...)
	buf = append(buf, record(2, 80)...) // a cache, had Windows mixed it in
	buf = append(buf, record(0, 48)...)
	if got := countProcessorCores(buf); got != 3 {
		t.Errorf("cores %d, want 3", got)
	}
	if got := countProcessorCores(buf[:120]); got != 2 {
		t.Errorf("cores in a cut buffer %d, want the 2 it holds in full", got)
	}
}
