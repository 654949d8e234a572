package checks

import "encoding/binary"

// systemTimesSample turns GetSystemTimes' three counters into a sample:
// Windows counts the idle time inside the kernel time, so the total is
// kernel plus user, not the three added up.
func systemTimesSample(idle, kernel, user uint64) cpuTimeSample {
	return cpuTimeSample{Idle: idle, Total: kernel + user}
}

// countProcessorCores walks what GetLogicalProcessorInformationEx returns
// for RelationProcessorCore: variable-length records, each starting with
// its relationship and its size (two DWORDs); one record per core.
func countProcessorCores(buf []byte) int64 {
	const relationProcessorCore = 0
	var cores int64
	for len(buf) >= 8 {
		size := int(binary.LittleEndian.Uint32(buf[4:]))
		if size < 8 || size > len(buf) {
			break
		}
		if binary.LittleEndian.Uint32(buf) == relationProcessorCore {
			cores++
		}
		buf = buf[size:]
	}
	return cores
}
