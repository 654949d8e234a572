package checks

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "net.ipconflict",
			Title: "No other device uses this IP address",
			Doc:   "Asks the local network whether another device holds this machine's IPv4 address: on Linux with an RFC 5227 ARP probe (needs root or CAP_NET_RAW), on Windows from its duplicate address detection and an ARP request (no privilege needed). It also reads which of its IPv6 addresses failed duplicate address detection (Linux; no privilege needed).",
			Params: []Param{
				{Name: "interface", Kind: KindString, Default: "auto", Doc: "interface to probe on; auto: the one the default route uses, else the first that is up"},
				{Name: "address", Kind: KindString, Default: "auto", Check: conflictAddressParam, Doc: "IPv4 address to look for (an IPv6 one is looked up in duplicate address detection's state); auto: the interface's own"},
			},
			Fields: []Field{
				{Name: "address", Kind: KindString, Doc: "the IPv4 address probed for"},
				{Name: "conflict", Kind: KindBool, Doc: "another device answered for the address"},
				{Name: "conflicting_mac", Kind: KindString, Doc: "hardware address of that device; empty without a conflict"},
				{Name: "duplicates_v6", Kind: KindList, Doc: "the interface's IPv6 addresses whose duplicate address detection failed (another device holds them), from the kernel's DAD state: no privilege needed"},
			},
			Expect:     Assertions{"conflict": false},
			ErrorKinds: readKinds,
			Timeout:    3 * time.Second,
			Example:    "interface: auto\naddress: auto",
			Support:    Support{Linux: Works, Windows: Works, Darwin: Skips, Note: "Linux sends raw ARP (root); Windows reads its duplicate address detection and asks with SendARP (no privilege)"},
			Run:        runIPConflictWithDAD,
		}
	})
}

// arpListen is how long the probe waits for another device to answer.
const arpListen = time.Second

func runIPConflict(ctx context.Context, _ *Env, p Params) Outcome {
	links, err := listLinks()
	if err != nil {
		return Errored(ErrorKindOf(err), "cannot list the network interfaces: %v", err)
	}
	l, o, ok := pickLink(links, p.String("interface"))
	if !ok {
		return Failed(o.ErrorKind, "%s", o.Message)
	}
	mac, _ := net.ParseMAC(l.MAC)
	switch {
	case l.Loopback || len(mac) != 6:
		return Skipped("%s does not use ARP, so no address can conflict on it", l.Name)
	case !l.Up || !l.Carrier:
		return Skipped("%s has no link, so no other device can be asked", l.Name)
	}
	addr, o, ok := conflictAddress(l.Name, p.String("address"))
	if !ok {
		return o
	}
	other, err := arpProbe(ctx, l.Index, mac, addr)
	if err != nil {
		return arpProbeFailed(l.Name, err)
	}
	obs := map[string]any{"address": addr.String(), "conflict": other != nil, "conflicting_mac": ""}
	if other == nil {
		return Outcome{Observed: obs, Message: "no other device answered for " + addr.String() + " on " + l.Name + conflictProbeWords}
	}
	if len(other) == 0 { // Windows flagged the address without naming the device
		return Outcome{Observed: obs, Message: "Windows found another device using " + addr.String() + " on " + l.Name +
			" when it checked the address: two machines share one IP address, so connections break at random"}
	}
	obs["conflicting_mac"] = other.String()
	return Outcome{Observed: obs, Message: "another device (" + other.String() + ") also uses " + addr.String() + " on " + l.Name +
		": two machines share one IP address, so connections break at random"}
}

// arpProbeFailed is the outcome of an ARP probe that could not be sent on
// iface: a skip when this OS sends none (NotHere) or this run lacks the
// privilege (nothing is known, nothing failed), else an error.
func arpProbeFailed(iface string, err error) Outcome {
	if ErrorKindOf(err) == ErrorKindPermission {
		return Skipped("sending an ARP probe needs root or the CAP_NET_RAW capability: rerun as root (sudo tsr diagnose ...), " +
			"or allow tsr to probe once and for all: sudo setcap cap_net_raw+ep \"$(command -v tsr)\"")
	}
	return CouldNotLook(err, "cannot send an ARP probe on %s", iface)
}

// conflictAddressParam accepts auto or an IP address: IPv4 for ARP, IPv6
// for duplicate address detection's state (runIPConflictWithDAD).
func conflictAddressParam(v any) error {
	s, _ := v.(string)
	if _, err := netip.ParseAddr(s); err != nil && !isAuto(s) {
		return fmt.Errorf("%q: write auto or an IP address", s)
	}
	return nil
}

func isAuto(s string) bool { return s == "" || strings.EqualFold(s, "auto") }

// conflictAddress returns the address to probe for: the one asked for, or
// the interface's first IPv4 address that is not link-local.
func conflictAddress(iface, want string) (netip.Addr, Outcome, bool) {
	if !isAuto(want) {
		// conflictAddressParam let only an address through, and
		// runIPConflictWithDAD took an IPv6 one: this is IPv4.
		a, _ := netip.ParseAddr(want)
		return a.Unmap(), Outcome{}, true
	}
	prefixes, err := linkAddrs(iface)
	if err != nil {
		return netip.Addr{}, Errored(ErrorKindOf(err), "cannot read the addresses of %s: %v", iface, err), false
	}
	for _, p := range prefixes {
		if a := p.Addr(); a.Is4() && !a.IsLinkLocalUnicast() {
			return a, Outcome{}, true
		}
	}
	return netip.Addr{}, Skipped("%s has no IPv4 address, so none can conflict", iface), false
}
