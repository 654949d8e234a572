package checks

import (
	"os"
	"strconv"
	"strings"
	"time"
)

func uptime() (time.Duration, bool) {
	b, err := os.ReadFile(procPath("uptime"))
	if err != nil {
		return 0, false
	}
	secs, err := strconv.ParseFloat(strings.Fields(string(b) + " 0")[0], 64)
	if err != nil {
		return 0, false
	}
	return time.Duration(secs * float64(time.Second)), true
}

// virtualization names a container or hypervisor from what Linux exposes,
// the way systemd-detect-virt does, without running it.
func virtualization() string {
	if _, err := os.Stat(rootPath(".dockerenv")); err == nil {
		return "docker"
	}
	if b, err := os.ReadFile(rootPath("run", "systemd", "container")); err == nil {
		return strings.TrimSpace(string(b))
	}
	vendor, _ := os.ReadFile(sysPath("class", "dmi", "id", "sys_vendor"))
	product, _ := os.ReadFile(sysPath("class", "dmi", "id", "product_name"))
	dmi := strings.ToLower(string(vendor) + " " + string(product))
	for _, v := range []struct{ needle, name string }{
		{"qemu", "kvm"}, {"kvm", "kvm"}, {"vmware", "vmware"}, {"virtualbox", "oracle"},
		{"microsoft corporation virtual", "microsoft"}, {"xen", "xen"}, {"amazon ec2", "amazon"},
		{"google compute", "google"}, {"firecracker", "firecracker"},
	} {
		if strings.Contains(dmi, v.needle) {
			return v.name
		}
	}
	if cpu, err := os.ReadFile(procPath("cpuinfo")); err == nil && strings.Contains(string(cpu), " hypervisor") {
		return "vm"
	}
	return ""
}

// osVersion: the platform's version is the part after its name.
func osVersion() string { return "" }
