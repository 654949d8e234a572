package checks

import "encoding/binary"

// pageFileTotals adds up what NtQuerySystemInformation's
// SystemPageFileInformation returns: one SYSTEM_PAGEFILE_INFORMATION per
// page file, chained by NextEntryOffset (0 ends the chain), each starting
// with NextEntryOffset, TotalSize, TotalInUse and PeakUsage as DWORDs,
// sizes in pages.
func pageFileTotals(buf []byte) (totalPages, inUsePages uint64) {
	for off := 0; off+12 <= len(buf); {
		entry := buf[off:]
		totalPages += uint64(binary.LittleEndian.Uint32(entry[4:]))
		inUsePages += uint64(binary.LittleEndian.Uint32(entry[8:]))
		next := int(binary.LittleEndian.Uint32(entry))
		if next == 0 {
			break
		}
		off += next
	}
	return totalPages, inUsePages
}
