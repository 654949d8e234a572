package checks

// systemTimesSample turns GetSystemTimes' three counters into a sample:
// Windows counts the idle time inside the kernel time, so the total is
// kernel plus user, not the three added up.
func systemTimesSample(idle, kernel, user uint64) cpuTimeSample {
	return cpuTimeSample{Idle: idle, Total: kernel + user}
}
