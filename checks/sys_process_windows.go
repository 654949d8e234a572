package checks

import (
	"context"
	"errors"
	"strings"
	"unsafe"

	"golang.org/x/sys/windows"
)

// findProcesses walks a Toolhelp snapshot; names compare without case and
// with or without .exe, as Windows users write them.
func findProcesses(_ context.Context, name string) ([]int, error) {
	snap, err := windows.CreateToolhelp32Snapshot(windows.TH32CS_SNAPPROCESS, 0)
	if err != nil {
		return nil, err
	}
	defer windows.CloseHandle(snap)
	want := strings.TrimSuffix(strings.ToLower(name), ".exe")
	var pids []int
	entry := windows.ProcessEntry32{Size: uint32(unsafe.Sizeof(windows.ProcessEntry32{}))}
	for err = windows.Process32First(snap, &entry); err == nil; err = windows.Process32Next(snap, &entry) {
		exe := strings.ToLower(windows.UTF16ToString(entry.ExeFile[:]))
		if strings.TrimSuffix(exe, ".exe") == want {
			pids = append(pids, int(entry.ProcessID))
		}
	}
	if !errors.Is(err, windows.ERROR_NO_MORE_FILES) {
		return nil, err
	}
	return pids, nil
}
