//go:build unix

package testutil

import (
	"fmt"
	"os"
	"strings"
	"syscall"
)

// Alive says whether process pid still runs: a zombie, killed but not yet
// reaped by whoever inherited it, does not.
func Alive(pid int) bool {
	if stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		_, state, _ := strings.Cut(string(stat), ") ")
		return !strings.HasPrefix(state, "Z") && !strings.HasPrefix(state, "X")
	}
	if _, err := os.Stat("/proc/self/stat"); err == nil {
		return false // /proc works, and pid is not in it
	}
	return syscall.Kill(pid, 0) == nil
}
