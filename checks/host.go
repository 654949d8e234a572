package checks

import (
	"os"
	"runtime"
	"sync"
)

// Host holds the facts about this machine that reports carry and that
// playbooks reach as ${host.FIELD}.
type Host struct {
	Hostname   string `json:"hostname"`
	OS         string `json:"os"`
	Platform   string `json:"platform"` // distribution or product and its version: "debian 12"
	Kernel     string `json:"kernel"`
	Arch       string `json:"arch"`
	Privileged bool   `json:"privileged"` // root or Administrator
	Home       string `json:"-"`          // the user's home folder, for playbooks; not a report field
}

// HostFields are the names ${host.FIELD} accepts.
var HostFields = []string{"hostname", "os", "platform", "kernel", "arch", "privileged", "home"}

var (
	hostOnce  sync.Once
	hostFacts Host
)

// HostFacts reads the facts once per process: they do not change during a run.
func HostFacts() Host {
	hostOnce.Do(func() {
		name, _ := os.Hostname()
		home, _ := os.UserHomeDir()
		hostFacts = Host{Hostname: name, OS: runtime.GOOS, Arch: runtime.GOARCH, Privileged: privileged(), Home: home}
		hostFacts.Platform, hostFacts.Kernel = platformKernel()
	})
	return hostFacts
}

// Get returns a host fact by its ${host.FIELD} name.
func (h Host) Get(field string) (any, bool) {
	switch field {
	case "hostname":
		return h.Hostname, true
	case "os":
		return h.OS, true
	case "platform":
		return h.Platform, true
	case "kernel":
		return h.Kernel, true
	case "arch":
		return h.Arch, true
	case "privileged":
		return h.Privileged, true
	case "home":
		return h.Home, true
	}
	return nil, false
}
