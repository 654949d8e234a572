//go:build unix

package checks

import (
	"os/exec"
	"syscall"
)

// killTree runs the program in its own process group and stops the whole
// group on timeout, so `sh -c 'sleep 100'` does not leave sleep behind.
func killTree(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
