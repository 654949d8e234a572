package checks

import (
	"encoding/binary"

	"golang.org/x/sys/unix"
)

// memoryStats asks sysctl. macOS publishes no MemAvailable; the closest
// is kern.memorystatus_level, the percentage of memory the kernel's
// memory-pressure logic counts as free, which is what Activity Monitor's
// pressure graph shows.
func memoryStats() (memStats, error) {
	total, err := unix.SysctlUint64("hw.memsize")
	if err != nil {
		return memStats{}, err
	}
	level, err := unix.SysctlUint32("kern.memorystatus_level")
	if err != nil {
		return memStats{}, err
	}
	m := memStats{Total: int64(total), Available: int64(total) / 100 * int64(level)}
	// vm.swapusage: struct xsw_usage { u_int64_t total, avail, used; ... }.
	if b, err := unix.SysctlRaw("vm.swapusage"); err == nil && len(b) >= 24 {
		m.SwapTotal = int64(binary.LittleEndian.Uint64(b[0:8]))
		m.SwapFree = int64(binary.LittleEndian.Uint64(b[8:16]))
	}
	return m, nil
}
