package checks

// diskPerformance is what IOCTL_DISK_PERFORMANCE answers for one disk
// (DISK_PERFORMANCE, ntdddisk.h): the times in 100 ns units since the
// counters were enabled, QueryTime the system time of the query, and the
// counts of reads and writes (DWORDs, which wrap).
type diskPerformance struct {
	ReadTime, WriteTime, IdleTime, QueryTime int64
	ReadCount, WriteCount                    uint32
}

// counters turns one answer into the counters hw.io compares. The disk's
// busy time is the query's time less the idle time: the two readings'
// difference is then the window less its idle part, which is what
// Performance Monitor's "% Idle Time" is made from. The idle time counts
// the idle stretch still running at the query (the WDK's diskperf sample,
// which partmgr's counters follow), so a disk idle all window is not busy.
func (p diskPerformance) counters() diskCounters {
	const per100nsInMS = 10000
	busy := max(0, p.QueryTime-p.IdleTime)
	return diskCounters{
		Requests:  uint64(p.ReadCount) + uint64(p.WriteCount),
		RequestMS: uint64(max(0, p.ReadTime+p.WriteTime)) / per100nsInMS,
		BusyMS:    uint64(busy) / per100nsInMS,
	}
}
