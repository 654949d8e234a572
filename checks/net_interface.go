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
			Name:  "net.interface",
			Title: "Network link is up",
			Doc:   "Looks at one network interface: whether it is enabled, has a link (cable or Wi-Fi), and which addresses it holds. A link-local address alone means DHCP did not answer.",
			Params: []Param{
				{Name: "name", Kind: KindString, Default: "auto", Doc: "interface name; auto: the one the default route uses, else the first that is up and not loopback"},
			},
			Fields: []Field{
				{Name: "name", Kind: KindString, Doc: "the interface looked at"},
				{Name: "up", Kind: KindBool, Doc: "it is enabled (administratively up)"},
				{Name: "carrier", Kind: KindBool, Doc: "it has a link: a cable to a live switch port, or an associated Wi-Fi network"},
				{Name: "mtu", Kind: KindInt, Doc: "largest packet it sends, in bytes"},
				{Name: "mac", Kind: KindString, Doc: "hardware address; empty when it has none"},
				{Name: "ipv4", Kind: KindList, Doc: "IPv4 addresses in CIDR form, e.g. 192.0.2.10/24"},
				{Name: "ipv6", Kind: KindList, Doc: "IPv6 addresses in CIDR form"},
				{Name: "has_ipv4", Kind: KindBool, Doc: "it holds an IPv4 address that is not link-local"},
				{Name: "link_local_only", Kind: KindBool, Doc: "its only addresses are link-local (169.254.0.0/16, fe80::/10): nobody gave it one"},
				{Name: "speed_mbps", Kind: KindInt, Doc: "negotiated link speed in Mb/s; absent when unknown (Linux, Windows)"},
				{Name: "wireless", Kind: KindBool, Doc: "it is a Wi-Fi interface (Linux, Windows)"},
				{Name: "driver", Kind: KindString, Doc: "kernel driver of the device, e.g. e1000e; empty for virtual interfaces (Linux)"},
				{Name: "dhcp", Kind: KindBool, Doc: "its IPv4 address is to come from DHCP rather than be set by hand (Windows)"},
			},
			Expect:     Assertions{"up": true, "carrier": true, "link_local_only": false},
			ErrorKinds: readKinds,
			Timeout:    2 * time.Second,
			Example:    "name: auto",
			Support:    Support{Linux: Works, Windows: Partial, Darwin: Partial, Note: "the driver is Linux only; macOS tells no speed and no Wi-Fi"},
			Run:        runInterface,
		}
	})
}

// link is what the OS says about one interface.
type link struct {
	Name      string
	Index     int
	Up        bool // administratively up
	Carrier   bool
	Dormant   bool // a link, but authentication (Wi-Fi, 802.1X) is not done
	Loopback  bool
	Physical  bool // backed by a device, not a bridge, veth or tunnel
	MTU       int64
	MAC       string
	SpeedMbps int64 // 0: unknown
	Wireless  bool
	Driver    string
	DHCP      bool // the IPv4 address is to come from DHCP
	// What this OS can tell: fields it cannot are left out, not guessed.
	KnowsWireless, KnowsDriver, KnowsDHCP bool
}

// linkAddrs returns an interface's addresses; tests replace it.
var linkAddrs = func(name string) ([]netip.Prefix, error) {
	ifi, err := net.InterfaceByName(name)
	if err != nil {
		return nil, err
	}
	addrs, err := ifi.Addrs()
	if err != nil {
		return nil, err
	}
	var out []netip.Prefix
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			ip, _ := netip.AddrFromSlice(n.IP)
			ones, _ := n.Mask.Size()
			out = append(out, netip.PrefixFrom(ip.Unmap(), ones))
		}
	}
	return out, nil
}

func runInterface(_ context.Context, _ *Env, p Params) Outcome {
	links, err := listLinks()
	if err != nil {
		return Errored(ErrorKindOf(err), "cannot list the network interfaces: %v", err)
	}
	l, o, ok := pickLink(links, p.String("name"))
	if !ok {
		return o
	}
	addrs, err := linkAddrs(l.Name)
	if err != nil {
		return Errored(ErrorKindOf(err), "cannot read the addresses of %s: %v", l.Name, err)
	}
	obs := map[string]any{"name": l.Name, "up": l.Up, "carrier": l.Carrier, "mtu": l.MTU, "mac": l.MAC}
	if l.KnowsWireless {
		obs["wireless"] = l.Wireless
	}
	if l.KnowsDriver {
		obs["driver"] = l.Driver
	}
	if l.KnowsDHCP {
		obs["dhcp"] = l.DHCP
	}
	if l.SpeedMbps > 0 {
		obs["speed_mbps"] = l.SpeedMbps
	}
	a := classifyAddrs(addrs)
	obs["ipv4"], obs["ipv6"], obs["has_ipv4"], obs["link_local_only"] = a.v4, a.v6, a.routable4, a.linkLocalOnly()
	o = Outcome{Observed: obs, Message: linkMessage(l, a)}
	if !l.Up { // no cable to plug: the adapter is switched off
		o.Fix = "Turn the network adapter on again: in the network settings enable " + l.Name + ", and turn off airplane mode."
	}
	return o
}

// pickLink finds the interface the check is about; when there is none the
// Outcome says so.
func pickLink(links []link, name string) (link, Outcome, bool) {
	if name == "" || strings.EqualFold(name, "auto") {
		if l, ok := autoLink(links); ok {
			return l, Outcome{}, true
		}
		o := Failed(ErrorKindNotFound, "this machine has no network interface apart from loopback")
		o.Observed["up"], o.Observed["carrier"] = false, false
		return link{}, o, false
	}
	var names []string
	for _, l := range links {
		if l.Name == name {
			return l, Outcome{}, true
		}
		names = append(names, l.Name)
	}
	o := Failed(ErrorKindNotFound, "there is no network interface named %s (there are: %s)", name, strings.Join(names, ", "))
	o.Observed["name"], o.Observed["up"], o.Observed["carrier"] = name, false, false
	return link{}, o, false
}

// autoLink picks the interface the default route uses; failing that the
// first one that is up (devices before virtual ones), and failing that the
// first one that is not loopback, so that the check reports it down.
func autoLink(links []link) (link, bool) {
	for _, family := range []string{"ipv4", "ipv6"} {
		if routes, err := defaultRoutes(family); err == nil {
			for _, r := range routes {
				for _, l := range links {
					if l.Name == r.Interface {
						return l, true
					}
				}
			}
		}
	}
	for _, want := range []func(link) bool{
		func(l link) bool { return l.Up && l.Physical },
		func(l link) bool { return l.Up },
		func(link) bool { return true },
	} {
		for _, l := range links {
			if !l.Loopback && want(l) {
				return l, true
			}
		}
	}
	return link{}, false
}

// addrSet sorts an interface's addresses the way the check reports them.
type addrSet struct {
	v4, v6    []string
	routable4 bool
	linkLocal []netip.Addr
	routable  int // addresses that are not link-local
}

func classifyAddrs(prefixes []netip.Prefix) addrSet {
	a := addrSet{v4: []string{}, v6: []string{}}
	for _, p := range prefixes {
		ip := p.Addr()
		if ip.Is4() {
			a.v4 = append(a.v4, p.String())
		} else {
			a.v6 = append(a.v6, netip.PrefixFrom(ip.WithZone(""), p.Bits()).String())
		}
		if ip.IsLinkLocalUnicast() {
			a.linkLocal = append(a.linkLocal, ip)
			continue
		}
		a.routable++
		if ip.Is4() {
			a.routable4 = true
		}
	}
	return a
}

func (a addrSet) linkLocalOnly() bool { return len(a.linkLocal) > 0 && a.routable == 0 }

// linkMessage names the first problem of the interface, or sums it up.
func linkMessage(l link, a addrSet) string {
	switch {
	case !l.Up:
		return l.Name + " is disabled (administratively down), so it carries no traffic"
	case !l.Carrier && l.Dormant:
		return l.Name + " has a link but is dormant: Wi-Fi or 802.1X authentication did not finish"
	case !l.Carrier && l.Wireless:
		return l.Name + " has no carrier: it is not connected to a Wi-Fi network"
	case !l.Carrier:
		return l.Name + " has no carrier: the cable is out or the switch port is down"
	case a.linkLocalOnly():
		ll := a.linkLocal[0]
		for _, ip := range a.linkLocal {
			if ip.Is4() { // the 169.254 address is the telling one
				ll = ip
				break
			}
		}
		// The link itself is fine: say so first, so a check of the link
		// that passes does not read like a fault.
		return fmt.Sprintf("%s is up with a link, but has only a link-local address %s: DHCP did not answer", l.Name, ll.WithZone(""))
	case len(a.v4)+len(a.v6) == 0 && !l.Loopback:
		return l.Name + " is up with a link but has no IP address: DHCP did not answer or none is configured"
	}
	var details []string
	if l.SpeedMbps > 0 {
		details = append(details, fmt.Sprintf("%d Mb/s", l.SpeedMbps))
	}
	if l.Wireless {
		details = append(details, "Wi-Fi")
	}
	if l.Driver != "" {
		details = append(details, l.Driver)
	}
	msg := l.Name + " is up with a link"
	if len(details) > 0 {
		msg += " (" + strings.Join(details, ", ") + ")"
	}
	if all := append(append([]string{}, a.v4...), a.v6...); len(all) > 0 {
		msg += " and holds " + strings.Join(all, ", ")
	}
	return msg
}
