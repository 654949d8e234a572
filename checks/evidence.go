package checks

import (
	"fmt"
	"net"
	"os"
	"runtime"
	"strings"
)

// Evidence is raw material a probe saw, kept for a bundle (--bundle) so
// tier 2 reads what the verdict came from: the headers a server sent, the
// certificate chain, a DNS answer. Name is a file name ("headers.txt").
type Evidence struct {
	Name string
	Data []byte
}

// hostEvidenceFile is one of the host's own files that explain its network
// (where names are looked up, what the routing tables say), under the name
// a bundle gives it.
type hostEvidenceFile struct {
	name string
	path func() string // read through the host seam
}

func etcFile(name string) func() string     { return func() string { return etcPath(name) } }
func procNetFile(name string) func() string { return func() string { return procPath("net", name) } }

var hostEvidenceFiles = map[string][]hostEvidenceFile{
	"linux": {
		{"etc/resolv.conf", etcFile("resolv.conf")}, {"etc/hosts", etcFile("hosts")}, {"etc/nsswitch.conf", etcFile("nsswitch.conf")},
		{"proc/net/route", procNetFile("route")}, {"proc/net/ipv6_route", procNetFile("ipv6_route")}, {"proc/net/arp", procNetFile("arp")},
	},
	"darwin":  {{"etc/resolv.conf", etcFile("resolv.conf")}, {"etc/hosts", etcFile("hosts")}},
	"windows": {{"Windows/System32/drivers/etc/hosts", etcFile("hosts")}},
}

// HostEvidence gathers the host's network facts for a bundle: the files
// above and, on the live machine (the kernel's list describes no other),
// the interface table. What cannot be read is left out; a bundle is
// evidence, not a check.
func HostEvidence() []Evidence {
	var out []Evidence
	for _, f := range hostEvidenceFiles[runtime.GOOS] {
		if data, err := os.ReadFile(f.path()); err == nil {
			out = append(out, Evidence{Name: "host/" + f.name, Data: data})
		}
	}
	if !host.live {
		return out
	}
	if table := interfaceTable(); table != "" {
		out = append(out, Evidence{Name: "host/interfaces.txt", Data: []byte(table)})
	}
	return out
}

// interfaceTable lists every interface as `ip address` would show the
// essentials: flags, MTU, hardware address and addresses.
func interfaceTable() string {
	ifaces, err := net.Interfaces()
	if err != nil {
		return ""
	}
	var b strings.Builder
	for _, ifc := range ifaces {
		fmt.Fprintf(&b, "%d: %s <%s> mtu %d", ifc.Index, ifc.Name, strings.ToUpper(strings.ReplaceAll(ifc.Flags.String(), "|", ",")), ifc.MTU)
		if len(ifc.HardwareAddr) > 0 {
			fmt.Fprintf(&b, " link %s", ifc.HardwareAddr)
		}
		b.WriteString("\n")
		addrs, _ := ifc.Addrs()
		for _, a := range addrs {
			fmt.Fprintf(&b, "    inet %s\n", a)
		}
	}
	return b.String()
}
