package checks

import (
	"bufio"
	"os"
	"strings"
)

func privileged() bool { return os.Geteuid() == 0 }

// platformKernel reads /etc/os-release and the running kernel's release.
func platformKernel() (platform, kernel string) {
	rel, _ := os.ReadFile(procPath("sys", "kernel", "osrelease"))
	kernel = strings.TrimSpace(string(rel))
	f, err := os.Open(etcPath("os-release"))
	if err != nil {
		return "linux", kernel
	}
	defer f.Close()
	vals := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			vals[k] = strings.Trim(v, `"'`)
		}
	}
	platform = strings.TrimSpace(vals["ID"] + " " + vals["VERSION_ID"])
	if platform == "" {
		platform = "linux"
	}
	return platform, kernel
}
