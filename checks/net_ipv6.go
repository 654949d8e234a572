package checks

import (
	"context"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "net.ipv6",
			Title: "IPv6 works or stays out of the way",
			Doc: "Looks at IPv6 as a whole: the machine's global IPv6 addresses, its IPv6 default route, and a TCP connection to the IPv6 address of host. " +
				"No IPv6 at all passes (an IPv4-only network is fine). IPv6 that is configured but does not reach the host warns, " +
				"because then every connection to a site with an IPv6 address waits for a fallback to IPv4.",
			Params: []Param{
				{Name: "host", Kind: KindString, Required: true, Doc: "a name with an IPv6 (AAAA) address, or an IPv6 address, to connect to"},
				{Name: "port", Kind: KindInt, Default: 443, Check: Between(1, 65535), Doc: "TCP port to connect to"},
				{Name: "timeout", Kind: KindDuration, Default: "3s", Doc: "how long the connection may take"},
			},
			Fields: []Field{
				{Name: "global_addresses", Kind: KindList, Doc: "this machine's global IPv6 addresses (not link-local, not unique-local fc00::/7)"},
				{Name: "default_route", Kind: KindBool, Doc: "there is an IPv6 default route"},
				{Name: "address", Kind: KindString, Doc: "the IPv6 address of host that was tried; empty when none was"},
				{Name: "reachable", Kind: KindBool, Doc: "a TCP connection to host over IPv6 opened (observed only when IPv6 is configured)"},
				{Name: "latency", Kind: KindDuration, Doc: "time to open that connection"},
			},
			// reachable is observed only where IPv6 is configured: an
			// IPv4-only network passes over it.
			Warn:       Assertions{"reachable": true},
			ErrorKinds: noOwnKinds,
			Timeout:    5 * time.Second,
			Example:    "host: example.com\nport: 443",
			Support:    Portable,
			Run:        runIPv6,
		}
	})
}

func runIPv6(ctx context.Context, _ *Env, p Params) Outcome {
	globals := globalIPv6Addrs()
	routes, rerr := defaultRoutes("ipv6")
	obs := map[string]any{"global_addresses": globals, "default_route": len(routes) > 0, "address": ""}
	if len(globals) == 0 {
		msg := "IPv4-only network: no global IPv6 address, so nothing waits for IPv6"
		if len(routes) > 0 {
			msg += " (an IPv6 default route exists, but no address to use it)"
		}
		return Outcome{Observed: obs, Message: msg}
	}
	have := "IPv6 is configured (" + strings.Join(globals, ", ") + ")"
	const cost = ": every connection to a site that has an IPv6 address waits for a fallback to IPv4 " +
		"(a pause of up to several seconds in programs without Happy Eyeballs), and IPv6-only sites are out of reach"
	if rerr == nil && len(routes) == 0 {
		obs["reachable"] = false
		return Outcome{Observed: obs, Message: have + " but there is no IPv6 default route" + cost}
	}
	host := p.String("host")
	ctx, cancel := context.WithTimeout(ctx, p.Duration("timeout"))
	defer cancel()
	dst, err := aaaa(ctx, host)
	if err != nil {
		return Outcome{Observed: obs, Message: have + ", but whether it works is not known: " + host + " has no IPv6 address to try (" + Why(err) + ")"}
	}
	obs["address"] = dst.String()
	target := net.JoinHostPort(dst.String(), strconv.FormatInt(p.Int("port"), 10))
	start := time.Now()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp6", target)
	if err != nil {
		obs["reachable"] = false
		return Outcome{Observed: obs, Message: have + " but does not reach " + host + " (" + target + ": " + Why(err) + ")" + cost}
	}
	conn.Close()
	obs["reachable"], obs["latency"] = true, time.Since(start)
	return Outcome{Observed: obs, Message: "IPv6 works: connected to " + host + " at " + target + " in " + FormatDuration(obs["latency"].(time.Duration))}
}

// aaaa returns host's first IPv6 address (host itself when it is one).
func aaaa(ctx context.Context, host string) (netip.Addr, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		if a.Is4() || a.Is4In6() {
			return netip.Addr{}, &net.AddrError{Err: "not an IPv6 address", Addr: host}
		}
		return a, nil
	}
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip6", host)
	if err != nil {
		return netip.Addr{}, err
	}
	return addrs[0], nil
}

// globalIPv6Addrs lists the machine's global IPv6 unicast addresses:
// those a connection to the internet would leave from.
func globalIPv6Addrs() []string {
	out := []string{}
	ifs, _ := net.Interfaces()
	for _, ifi := range ifs {
		if ifi.Flags&net.FlagUp == 0 || ifi.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, _ := ifi.Addrs()
		for _, a := range addrs {
			n, ok := a.(*net.IPNet)
			if !ok {
				continue
			}
			ip, ok := netip.AddrFromSlice(n.IP)
			if ok && ip.Is6() && !ip.Is4In6() && ip.IsGlobalUnicast() && !ip.IsPrivate() {
				out = append(out, ip.String())
			}
		}
	}
	return out
}
