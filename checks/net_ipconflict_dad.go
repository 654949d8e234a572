package checks

import (
	"context"
	"net/netip"
	"slices"
	"strings"
)

// runIPConflictWithDAD adds IPv6 to the ARP probe: the kernel runs
// duplicate address detection (RFC 4862) for every IPv6 address and marks
// those another device holds "dadfailed". Where that state cannot be read
// (another OS, a recorded tree without it), the ARP probe's outcome stands. An IPv6 address given as the
// address parameter is looked up there only.
func runIPConflictWithDAD(ctx context.Context, env *Env, p Params) Outcome {
	want, err := netip.ParseAddr(p.String("address"))
	if err == nil && want.Is6() && !want.Is4In6() {
		return ipv6Conflict(p.String("interface"), want)
	}
	o := runIPConflict(ctx, env, p)
	name, dups, ok := dadFailures(p.String("interface"))
	if !ok {
		return o
	}
	if o.Observed == nil {
		o.Observed = map[string]any{}
	}
	o.Observed["duplicates_v6"] = dups
	if len(dups) == 0 {
		return o
	}
	v4 := "IPv4: " + o.Message
	switch {
	case o.Skip != "":
		v4 = "IPv4 was not checked: " + o.Skip
	case o.Error:
		v4 = "IPv4 was not checked: " + o.Message
	}
	o.Observed["conflict"] = true
	return Outcome{Observed: o.Observed, Fix: "", Message: dadMessage(name, dups) + ". " + v4}
}

// ipv6Conflict says whether one IPv6 address failed duplicate address detection.
func ipv6Conflict(iface string, want netip.Addr) Outcome {
	name, dups, ok := dadFailures(iface)
	if !ok {
		return Skipped("this machine does not show which IPv6 addresses failed duplicate address detection")
	}
	obs := map[string]any{"address": want.String(), "conflict": slices.Contains(dups, want.String()), "conflicting_mac": "", "duplicates_v6": dups}
	if obs["conflict"] == true {
		return Outcome{Observed: obs, Message: dadMessage(name, []string{want.String()})}
	}
	return Outcome{Observed: obs, Message: want.String() + " passed duplicate address detection on " + name + " (or is not an address of it)"}
}

// dadFailures picks the interface as the ARP probe does and lists its
// addresses that failed duplicate address detection; ok is false where
// the OS does not tell.
func dadFailures(iface string) (name string, dups []string, ok bool) {
	links, err := listLinks()
	if err != nil {
		return "", nil, false
	}
	l, _, found := pickLink(links, iface)
	if !found || l.Loopback {
		return "", nil, false
	}
	dups, err = dadFailedAddrs(l.Index)
	return l.Name, dups, err == nil
}

func dadMessage(iface string, dups []string) string {
	noun, it := "address "+dups[0], "it"
	if len(dups) > 1 {
		noun, it = "addresses "+strings.Join(dups, ", "), "them"
	}
	return "Another device also uses the IPv6 " + noun + " on " + iface +
		" (duplicate address detection failed), so this machine does not use " + it + ": connections over IPv6 may fail"
}
