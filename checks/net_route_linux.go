package checks

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// Route flags of /proc/net/route and /proc/net/ipv6_route (linux/route.h).
const (
	rtfUp     = 0x1
	rtfGW     = 0x2
	rtfReject = 0x200
)

// defaultRoutes reads the default routes of the kernel's main routing
// table. /proc/net/route holds only the main table; /proc/net/ipv6_route
// holds every table's routes (a VPN's table 51820 too), so IPv6 asks
// netlink, which says each route's table. A recorded machine is read from
// its ipv6_route file.
func defaultRoutes(family string) ([]defaultRoute, error) {
	if family == "ipv6" {
		if host.live {
			return netlinkRoutes6()
		}
		return readRoutes(procPath("net", "ipv6_route"), parseRoute6)
	}
	return readRoutes(procPath("net", "route"), parseRoute4)
}

// rtmFCloned marks a cached (cloned) route in rtm_flags (linux/rtnetlink.h).
const rtmFCloned = 0x200

// netlinkRoutes6 dumps the IPv6 routes over netlink (no privilege needed)
// and keeps the main table's unicast default routes.
func netlinkRoutes6() ([]defaultRoute, error) {
	b, err := syscall.NetlinkRIB(syscall.RTM_GETROUTE, syscall.AF_INET6)
	if err != nil {
		return nil, os.NewSyscallError("netlink", err)
	}
	routes, err := parseRouteMessages(b, func(index int) string {
		if ifi, err := net.InterfaceByIndex(index); err == nil {
			return ifi.Name
		}
		return "if" + strconv.Itoa(index)
	})
	return sortRoutes(routes), err
}

// parseRouteMessages reads an RTM_GETROUTE dump: the unicast routes to
// ::/0 or 0.0.0.0/0 of the main table, a multipath route as its first hop.
// ifname names an interface index.
func parseRouteMessages(b []byte, ifname func(int) string) ([]defaultRoute, error) {
	msgs, err := syscall.ParseNetlinkMessage(b)
	if err != nil {
		return nil, os.NewSyscallError("netlink", err)
	}
	var out []defaultRoute
	for i := range msgs {
		m := &msgs[i]
		switch m.Header.Type {
		case syscall.NLMSG_DONE:
			return out, nil
		case syscall.NLMSG_ERROR:
			if len(m.Data) >= 4 {
				if errno := -int32(binary.NativeEndian.Uint32(m.Data)); errno != 0 {
					return out, os.NewSyscallError("netlink", syscall.Errno(errno))
				}
			}
			continue
		case syscall.RTM_NEWROUTE:
		default:
			continue
		}
		if len(m.Data) < syscall.SizeofRtMsg {
			continue
		}
		// struct rtmsg: family, dst_len, src_len, tos, table, protocol,
		// scope, type, flags.
		dstLen, table, typ := m.Data[1], uint32(m.Data[4]), m.Data[7]
		flags := binary.NativeEndian.Uint32(m.Data[8:12])
		if dstLen != 0 || typ != syscall.RTN_UNICAST || flags&rtmFCloned != 0 {
			continue
		}
		attrs, err := syscall.ParseNetlinkRouteAttr(m)
		if err != nil {
			continue
		}
		r := defaultRoute{HasMetric: true}
		oif := 0
		for _, a := range attrs {
			switch a.Attr.Type {
			case syscall.RTA_TABLE: // tables past 255 are named only here
				if len(a.Value) >= 4 {
					table = binary.NativeEndian.Uint32(a.Value)
				}
			case syscall.RTA_GATEWAY:
				r.Gateway = gatewayAddr(a.Value)
			case syscall.RTA_OIF:
				if len(a.Value) >= 4 {
					oif = int(binary.NativeEndian.Uint32(a.Value))
				}
			case syscall.RTA_PRIORITY:
				if len(a.Value) >= 4 {
					r.Metric = int64(binary.NativeEndian.Uint32(a.Value))
				}
			case syscall.RTA_MULTIPATH:
				if gw, index, ok := firstNexthop(a.Value); ok {
					r.Gateway, oif = gw, index
				}
			}
		}
		if table != syscall.RT_TABLE_MAIN || oif == 0 {
			continue
		}
		r.Interface = ifname(oif)
		out = append(out, r)
	}
	return out, nil
}

// firstNexthop reads the first struct rtnexthop of an RTA_MULTIPATH
// attribute (len, flags, hops, ifindex) and the RTA_GATEWAY among the
// attributes that follow it.
func firstNexthop(b []byte) (gw netip.Addr, ifindex int, ok bool) {
	if len(b) < syscall.SizeofRtNexthop {
		return netip.Addr{}, 0, false
	}
	n := int(binary.NativeEndian.Uint16(b))
	if n < syscall.SizeofRtNexthop || n > len(b) {
		return netip.Addr{}, 0, false
	}
	ifindex = int(int32(binary.NativeEndian.Uint32(b[4:8])))
	for rest := b[syscall.SizeofRtNexthop:n]; len(rest) >= syscall.SizeofRtAttr; {
		l := int(binary.NativeEndian.Uint16(rest))
		if l < syscall.SizeofRtAttr || l > len(rest) {
			break
		}
		if binary.NativeEndian.Uint16(rest[2:]) == syscall.RTA_GATEWAY {
			gw = gatewayAddr(rest[syscall.SizeofRtAttr:l])
		}
		l = (l + syscall.RTA_ALIGNTO - 1) &^ (syscall.RTA_ALIGNTO - 1)
		if l > len(rest) {
			break
		}
		rest = rest[l:]
	}
	return gw, ifindex, true
}

// gatewayAddr reads an RTA_GATEWAY value; invalid when unspecified.
func gatewayAddr(b []byte) netip.Addr {
	a, ok := netip.AddrFromSlice(b)
	if !ok || a.IsUnspecified() {
		return netip.Addr{}
	}
	return a
}

func readRoutes(path string, parse func([]string) (defaultRoute, bool)) ([]defaultRoute, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []defaultRoute
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if r, ok := parse(strings.Fields(sc.Text())); ok {
			out = append(out, r)
		}
	}
	return sortRoutes(out), sc.Err()
}

// parseRoute4 reads a /proc/net/route line:
// Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT,
// addresses as hex of the in-memory (network order) 32-bit word.
func parseRoute4(f []string) (defaultRoute, bool) {
	if len(f) < 8 || f[1] != "00000000" || f[7] != "00000000" {
		return defaultRoute{}, false
	}
	flags, err1 := strconv.ParseUint(f[3], 16, 32)
	metric, err2 := strconv.ParseInt(f[6], 10, 64)
	// A blackhole route is listed up, without RTF_REJECT, on device "*":
	// it leads nowhere.
	if err1 != nil || err2 != nil || flags&rtfUp == 0 || flags&rtfReject != 0 || f[0] == "*" {
		return defaultRoute{}, false
	}
	r := defaultRoute{Interface: f[0], Metric: metric, HasMetric: true}
	if gw, err := strconv.ParseUint(f[2], 16, 32); err == nil && gw != 0 && flags&rtfGW != 0 {
		// The kernel prints the network-order word as a host-order number.
		var b [4]byte
		binary.NativeEndian.PutUint32(b[:], uint32(gw))
		r.Gateway = netip.AddrFrom4(b)
	}
	return r, true
}

// parseRoute6 reads a /proc/net/ipv6_route line:
// dst dst_len src src_len next_hop metric refcnt use flags iface.
func parseRoute6(f []string) (defaultRoute, bool) {
	if len(f) < 10 || f[1] != "00" || strings.Trim(f[0], "0") != "" {
		return defaultRoute{}, false
	}
	flags, err1 := strconv.ParseUint(f[8], 16, 32)
	metric, err2 := strconv.ParseUint(f[5], 16, 32)
	if err1 != nil || err2 != nil || flags&rtfUp == 0 || flags&rtfReject != 0 || f[9] == "lo" {
		return defaultRoute{}, false
	}
	r := defaultRoute{Interface: f[9], Metric: int64(metric), HasMetric: true}
	if b, err := hex.DecodeString(f[4]); err == nil && len(b) == 16 {
		if gw := netip.AddrFrom16([16]byte(b)); !gw.IsUnspecified() {
			r.Gateway = gw
		}
	}
	return r, true
}
