package checks

import (
	"context"
	"time"

	"github.com/shirou/gopsutil/v4/process"
)

// processUsage asks the kernel for every process (sysctl kern.proc.all),
// then each one's name, processor time and resident memory through
// gopsutil, which calls libproc's proc_pidinfo without cgo. macOS gives a
// process's times and memory only to its owner and to root: without root,
// other users' programs read as using nothing.
func processUsage(ctx context.Context) (map[int]procUsage, bool) {
	pids, err := process.PidsWithContext(ctx)
	if err != nil {
		return nil, false
	}
	out := map[int]procUsage{}
	for _, pid := range pids {
		if ctx.Err() != nil {
			return nil, false
		}
		p := &process.Process{Pid: pid}
		name, err1 := p.NameWithContext(ctx)
		times, err2 := p.TimesWithContext(ctx)
		mem, err3 := p.MemoryInfoWithContext(ctx)
		if err1 != nil || err2 != nil || err3 != nil {
			continue
		}
		out[int(pid)] = procUsage{
			Name: name,
			CPU:  time.Duration((times.User + times.System) * float64(time.Second)),
			RSS:  int64(mem.RSS),
		}
	}
	return out, len(out) > 0
}
