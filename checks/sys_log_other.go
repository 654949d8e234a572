//go:build !linux

package checks

import (
	"context"
	"runtime"
)

// readKernelLog: the Windows System event log and the macOS unified log
// are not read yet.
func readKernelLog(context.Context, *Env, int64) ([]logLine, string, Outcome, bool) {
	where := map[string]string{"windows": "the System event log", "darwin": "the unified log"}[runtime.GOOS]
	if where == "" {
		where = "the system log"
	}
	return nil, "", CouldNotLook(NotHere("tsr does not read %s on %s yet", where, runtime.GOOS), ""), false
}
