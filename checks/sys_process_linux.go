package checks

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// findProcesses scans /proc: a process matches by the file name of its
// executable or, for those whose exe link cannot be read (other users'
// processes without privilege, kernel threads), by its comm.
func findProcesses(ctx context.Context, name string) ([]int, error) {
	entries, err := os.ReadDir(procPath())
	if err != nil {
		return nil, err
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		dir := procPath(e.Name())
		if exe, err := os.Readlink(filepath.Join(dir, "exe")); err == nil {
			if filepath.Base(strings.TrimSuffix(exe, " (deleted)")) == name {
				pids = append(pids, pid)
				continue
			}
		}
		if comm, ok := readTrimmed(filepath.Join(dir, "comm")); ok && commMatches(comm, name, 15) {
			pids = append(pids, pid)
		}
	}
	return pids, nil
}
