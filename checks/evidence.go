package checks

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
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

// hostEvidenceFiles are the host's own files that explain its network:
// where names are looked up and what the routing tables say.
var hostEvidenceFiles = map[string][]string{
	"linux":   {"etc/resolv.conf", "etc/hosts", "etc/nsswitch.conf", "proc/net/route", "proc/net/ipv6_route", "proc/net/arp"},
	"darwin":  {"etc/resolv.conf", "etc/hosts"},
	"windows": {"Windows/System32/drivers/etc/hosts"},
}

// HostEvidence gathers the host's network facts for a bundle: the files
// above (read through the host seam) and the interface table. What cannot
// be read is left out; a bundle is evidence, not a check.
func HostEvidence() []Evidence {
	var out []Evidence
	for _, rel := range hostEvidenceFiles[runtime.GOOS] {
		root := hostRoot
		if runtime.GOOS == "windows" {
			root = os.Getenv("SystemDrive") + `\`
		}
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err == nil {
			out = append(out, Evidence{Name: "host/" + rel, Data: data})
		}
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
