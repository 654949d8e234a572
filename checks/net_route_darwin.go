package checks

import (
	"net"
	"net/netip"
	"syscall"

	"golang.org/x/net/route"
	"golang.org/x/sys/unix"
)

// defaultRoutes reads the routing table through a routing-socket dump
// (sysctl NET_RT_DUMP), the way netstat -rn does, without cgo.
func defaultRoutes(family string) ([]defaultRoute, error) {
	af := syscall.AF_INET
	if family == "ipv6" {
		af = syscall.AF_INET6
	}
	rib, err := route.FetchRIB(af, route.RIBTypeRoute, 0)
	if err != nil {
		return nil, err
	}
	msgs, err := route.ParseRIB(route.RIBTypeRoute, rib)
	if err != nil {
		return nil, err
	}
	var out []defaultRoute
	for _, m := range msgs {
		rm, ok := m.(*route.RouteMessage)
		// Interface-scoped copies of the default route would repeat it.
		if !ok || rm.Flags&unix.RTF_UP == 0 || rm.Flags&unix.RTF_IFSCOPE != 0 || len(rm.Addrs) <= unix.RTAX_NETMASK {
			continue
		}
		if !zeroRouteAddr(rm.Addrs[unix.RTAX_DST], false) || !zeroRouteAddr(rm.Addrs[unix.RTAX_NETMASK], true) {
			continue
		}
		r := defaultRoute{}
		if ifi, err := net.InterfaceByIndex(rm.Index); err == nil {
			r.Interface = ifi.Name
		}
		switch gw := rm.Addrs[unix.RTAX_GATEWAY].(type) {
		case *route.Inet4Addr:
			r.Gateway = netip.AddrFrom4(gw.IP)
		case *route.Inet6Addr:
			r.Gateway = netip.AddrFrom16(gw.IP)
		}
		out = append(out, r)
	}
	return out, nil
}

// zeroRouteAddr says whether a is the all-zeros address; a missing netmask
// means /0.
func zeroRouteAddr(a route.Addr, missingOK bool) bool {
	switch x := a.(type) {
	case nil:
		return missingOK
	case *route.Inet4Addr:
		return x.IP == [4]byte{}
	case *route.Inet6Addr:
		return x.IP == [16]byte{}
	}
	return false
}
