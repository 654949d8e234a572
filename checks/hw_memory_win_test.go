package checks

import (
	"encoding/binary"
	"testing"
)

// TestPageFileTotals: two page files chained by their offsets add up, and
// the chain ends where an entry says so.
func TestPageFileTotals(t *testing.T) {
	buf := make([]byte, 96)
	entry := func(at int, next, total, inUse uint32) {
		binary.LittleEndian.PutUint32(buf[at:], next)
		binary.LittleEndian.PutUint32(buf[at+4:], total)
		binary.LittleEndian.PutUint32(buf[at+8:], inUse)
	}
	entry(0, 48, 262144, 1000)                     // C:\pagefile.sys: 1 GiB in 4 KiB pages
	entry(48, 0, 131072, 24)                       // D:\pagefile.sys
	binary.LittleEndian.PutUint32(buf[80+4:], 999) // past the chain's end: not counted
	total, inUse := pageFileTotals(buf)
	if total != 393216 || inUse != 1024 {
		t.Errorf("total %d in use %d, want 393216 and 1024", total, inUse)
	}
	if total, inUse := pageFileTotals(nil); total != 0 || inUse != 0 {
		t.Errorf("no page file: %d %d", total, inUse)
	}
}
