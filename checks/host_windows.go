package checks

import (
	"fmt"

	"golang.org/x/sys/windows"
)

func privileged() bool { return windows.GetCurrentProcessToken().IsElevated() }

func platformKernel() (platform, kernel string) {
	v := windows.RtlGetVersion()
	kernel = fmt.Sprintf("%d.%d.%d", v.MajorVersion, v.MinorVersion, v.BuildNumber)
	return "windows " + kernel, kernel
}
