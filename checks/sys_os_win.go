package checks

import (
	"strconv"
	"strings"
)

// windowsRelease is what HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion
// says about the installed Windows.
type windowsRelease struct {
	ProductName    string // "Windows 10 Pro", even on Windows 11
	DisplayVersion string // "23H2"; empty before Windows 10 20H2
	ReleaseID      string // "2004": the version before DisplayVersion existed
	CurrentBuild   string // "22631"
	UBR            uint32 // update build revision: the patch level, 2861
}

// build is "22631.2861", or "22631" without a revision.
func (r windowsRelease) build() string {
	if r.UBR == 0 {
		return r.CurrentBuild
	}
	return r.CurrentBuild + "." + strconv.FormatUint(uint64(r.UBR), 10)
}

// product names the product as people know it. Windows 11 kept "Windows
// 10" in ProductName; its builds start at 22000.
func (r windowsRelease) product() string {
	name := strings.TrimSpace(r.ProductName)
	if name == "" {
		name = "Windows"
	}
	if n, err := strconv.Atoi(r.CurrentBuild); err == nil && n >= 22000 && strings.HasPrefix(name, "Windows 10") {
		name = "Windows 11" + strings.TrimPrefix(name, "Windows 10")
	}
	return name
}

// version is "23H2, build 22631.2861": the feature update and the build.
func (r windowsRelease) version() string {
	v := r.DisplayVersion
	if v == "" {
		v = r.ReleaseID
	}
	if r.CurrentBuild == "" {
		return v
	}
	if v == "" {
		return "build " + r.build()
	}
	return v + ", build " + r.build()
}

// platform is "Windows 11 Pro 23H2, build 22631.2861".
func (r windowsRelease) platform() string {
	switch v := r.version(); {
	case v == "":
		return r.product()
	case strings.HasPrefix(v, "build "):
		return r.product() + ", " + v
	default:
		return r.product() + " " + v
	}
}
