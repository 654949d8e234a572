package checks

import (
	"fmt"

	"golang.org/x/sys/windows"
	winreg "golang.org/x/sys/windows/registry"
)

// privileged: an elevated token, as "Run as administrator" gives; an
// administrator's ordinary (filtered) token is not.
func privileged() bool { return windows.GetCurrentProcessToken().IsElevated() }

// platformKernel names the product from the registry ("Windows 11 Pro
// 23H2, build 22631.2861"); the kernel is the NT version RtlGetVersion
// tells, which no compatibility shim lowers.
func platformKernel() (platform, kernel string) {
	v := windows.RtlGetVersion()
	kernel = fmt.Sprintf("%d.%d.%d", v.MajorVersion, v.MinorVersion, v.BuildNumber)
	return readWindowsRelease().platform(), kernel
}

// osVersion is the feature update and the build: "23H2, build 22631.2861".
func osVersion() string { return readWindowsRelease().version() }

func readWindowsRelease() windowsRelease {
	r := windowsRelease{CurrentBuild: fmt.Sprint(windows.RtlGetVersion().BuildNumber)}
	k, err := winreg.OpenKey(winreg.LOCAL_MACHINE, `SOFTWARE\Microsoft\Windows NT\CurrentVersion`, winreg.QUERY_VALUE)
	if err != nil {
		return r
	}
	defer k.Close()
	str := func(name string) string { s, _, _ := k.GetStringValue(name); return s }
	r.ProductName, r.DisplayVersion, r.ReleaseID = str("ProductName"), str("DisplayVersion"), str("ReleaseId")
	// The build is RtlGetVersion's, which nothing rewrites; the registry's
	// patch level counts only when its build agrees.
	if ubr, _, err := k.GetIntegerValue("UBR"); err == nil && str("CurrentBuild") == r.CurrentBuild {
		r.UBR = uint32(ubr)
	}
	return r
}
