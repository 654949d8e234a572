package checks

// Windows keeps no load average (its processor queue length is a
// different measure), so the load fields are left out.
func loadAverage() ([3]float64, bool) { return [3]float64{}, false }

// cpuTimes: GetSystemTimes is not read yet, so the utilisation is absent
// on Windows.
func cpuTimes() (cpuTimeSample, bool) { return cpuTimeSample{}, false }
