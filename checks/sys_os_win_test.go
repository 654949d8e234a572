package checks

import "testing"

// TestWindowsRelease: the registry's words become the names people use,
// Windows 11 included (its ProductName still says Windows 10).
func TestWindowsRelease(t *testing.T) {
	for _, c := range []struct {
		r                 windowsRelease
		platform, version string
	}{
		{windowsRelease{ProductName: "Windows 10 Pro", DisplayVersion: "23H2", CurrentBuild: "22631", UBR: 2861},
			"Windows 11 Pro 23H2, build 22631.2861", "23H2, build 22631.2861"},
		{windowsRelease{ProductName: "Windows 10 Enterprise", DisplayVersion: "22H2", CurrentBuild: "19045", UBR: 3803},
			"Windows 10 Enterprise 22H2, build 19045.3803", "22H2, build 19045.3803"},
		{windowsRelease{ProductName: "Windows 10 Home", ReleaseID: "1909", CurrentBuild: "18363"},
			"Windows 10 Home 1909, build 18363", "1909, build 18363"},
		{windowsRelease{ProductName: "Windows Server 2025 Datacenter", DisplayVersion: "24H2", CurrentBuild: "26100", UBR: 1742},
			"Windows Server 2025 Datacenter 24H2, build 26100.1742", "24H2, build 26100.1742"},
		{windowsRelease{ProductName: "Windows 7 Professional", CurrentBuild: "7601"},
			"Windows 7 Professional, build 7601", "build 7601"},
		{windowsRelease{}, "Windows", ""},
	} {
		if got := c.r.platform(); got != c.platform {
			t.Errorf("%+v: platform %q, want %q", c.r, got, c.platform)
		}
		if got := c.r.version(); got != c.version {
			t.Errorf("%+v: version %q, want %q", c.r, got, c.version)
		}
	}
}
