package checks

import (
	"context"
	"net"
	"net/netip"
	"time"
)

// neighbourAnswered says whether ip, an IPv4 host on one of this
// machine's networks, answers ARP right now: it is up even if it drops
// ping. It asks afresh (the ARP cache may remember a host that just died)
// and needs CAP_NET_RAW; without it there is no evidence either way.
func neighbourAnswered(ctx context.Context, ip netip.Addr) bool {
	if !ip.Is4() {
		return false
	}
	ifs, err := net.Interfaces()
	if err != nil {
		return false
	}
	for _, i := range ifs {
		if i.Flags&net.FlagUp == 0 || i.Flags&net.FlagLoopback != 0 || len(i.HardwareAddr) != 6 {
			continue
		}
		addrs, _ := i.Addrs()
		for _, a := range addrs {
			p, err := netip.ParsePrefix(a.String())
			if err != nil || !p.Masked().Contains(ip) || p.Addr() == ip {
				continue
			}
			ctx, cancel := context.WithTimeout(ctx, time.Second)
			mac, err := arpProbe(ctx, i.Index, i.HardwareAddr, ip)
			cancel()
			return err == nil && mac != nil
		}
	}
	return false
}
