package checks

import (
	"os"

	"golang.org/x/sys/unix"
)

func privileged() bool { return os.Geteuid() == 0 }

func platformKernel() (platform, kernel string) {
	kernel, _ = unix.Sysctl("kern.osrelease")
	ver, _ := unix.Sysctl("kern.osproductversion")
	return "macos " + ver, kernel
}
