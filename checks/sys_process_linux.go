package checks

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
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
		if exe, ok := readProcLink(filepath.Join(dir, "exe")); ok {
			if filepath.Base(strings.TrimSuffix(exe, " (deleted)")) == name {
				pids = append(pids, pid)
				continue
			}
		}
		if comm, ok := readProcComm(filepath.Join(dir, "comm")); ok && commMatches(comm, name, 15) {
			pids = append(pids, pid)
		}
	}
	return pids, nil
}

// readProcLink reads a symbolic link of /proc. A scan reads one per
// process: a buffer on the stack spares the allocations of os.Readlink.
func readProcLink(path string) (string, bool) {
	var buf [512]byte
	n, err := syscall.Readlink(path, buf[:])
	if err != nil {
		return "", false
	}
	if n < len(buf) {
		return string(buf[:n]), true
	}
	long, err := os.Readlink(path) // longer than the buffer: may have been cut
	return long, err == nil
}

// readProcComm reads a process's comm (at most 16 bytes) with one read:
// a scan reads one per process, and os.ReadFile's file object, stat and
// second read cost more than the read itself.
func readProcComm(path string) (string, bool) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return "", false
	}
	defer syscall.Close(fd)
	var buf [64]byte
	n, err := syscall.Read(fd, buf[:])
	if err != nil || n < 0 {
		return "", false
	}
	return strings.TrimSpace(string(buf[:n])), true
}
