//go:build !linux && !windows

package checks

import (
	"context"
	"runtime"
)

// readKernelLog: the macOS unified log is not read yet.
func readKernelLog(context.Context, *Env, int64) ([]logLine, string, Outcome, bool) {
	where := map[string]string{"darwin": "the unified log"}[runtime.GOOS]
	if where == "" {
		where = "the system log"
	}
	return nil, "", CouldNotLook(NotHere("tsr does not read %s on %s yet", where, runtime.GOOS), ""), false
}
