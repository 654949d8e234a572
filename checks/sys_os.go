package checks

import (
	"context"
	"strings"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "sys.os",
			Title: "Operating system facts",
			Doc:   "Records what the machine runs: OS, distribution, kernel, architecture, uptime and whether it is virtual. Facts only; it asserts nothing unless the playbook does.",
			Fields: []Field{
				{Name: "os", Kind: KindString, Doc: "linux, darwin or windows"},
				{Name: "platform", Kind: KindString, Doc: "distribution or product with its version, e.g. debian 12"},
				{Name: "version", Kind: KindString, Doc: "the platform's version, e.g. 12"},
				{Name: "kernel", Kind: KindString, Doc: "kernel release"},
				{Name: "arch", Kind: KindString, Doc: "amd64 or arm64"},
				{Name: "hostname", Kind: KindString, Doc: "the machine's name"},
				{Name: "uptime", Kind: KindDuration, Doc: "time since boot"},
				{Name: "virtualization", Kind: KindString, Doc: "the hypervisor or container, e.g. kvm, docker; empty on bare metal or when unknown"},
			},
			ErrorKinds: noOwnKinds,
			Timeout:    2 * time.Second,
			Support:    Support{Linux: Works, Windows: Works, Darwin: Partial, Note: "macOS: no version, uptime or virtualization"},
			Run:        runOS,
		}
	})
}

func runOS(context.Context, *Env, Params) Outcome {
	h := HostFacts()
	_, version, _ := strings.Cut(h.Platform, " ")
	if v := osVersion(); v != "" { // where the platform names more than its version
		version = v
	}
	obs := map[string]any{
		"os": h.OS, "platform": h.Platform, "version": version, "kernel": h.Kernel,
		"arch": h.Arch, "hostname": h.Hostname, "virtualization": virtualization(),
	}
	msg := h.Platform + " (" + h.OS + "/" + h.Arch + ", kernel " + h.Kernel + ")"
	if up, ok := uptime(); ok {
		obs["uptime"] = up
		msg += ", up " + FormatDuration(up.Round(time.Minute))
	}
	if v := obs["virtualization"].(string); v != "" {
		msg += ", on " + v
	}
	return Outcome{Observed: obs, Message: msg}
}
