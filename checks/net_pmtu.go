package checks

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "net.pmtu",
			Title: "Large packets reach the host",
			Doc: "Finds the largest packet that reaches a host with \"don't fragment\" set, by sending echo requests of chosen sizes. " +
				"A black hole is when large packets vanish and no router says \"fragmentation needed\": then downloads and web pages stall " +
				"while small exchanges (ping, DNS) work, typical of VPN and PPPoE links. " +
				"Unprivileged on Linux (ICMP datagram sockets) and Windows (IcmpSendEcho2); elsewhere a skip.",
			Params: []Param{
				{Name: "host", Kind: KindString, Required: true, Doc: "name or IP address of a host that answers ping"},
				{Name: "max", Kind: KindInt, Default: 1500, Check: Between(576, 9000), Doc: "the largest packet to try, in bytes (IP header included); the link's MTU when that is smaller"},
				{Name: "timeout", Kind: KindDuration, Default: "1s", Doc: "how long to wait for the answer to each probe"},
			},
			Fields: []Field{
				{Name: "address", Kind: KindString, Doc: "the IP address probed"},
				{Name: "path_mtu", Kind: KindInt, Doc: "the largest packet, in bytes, that reached the host and came back; 0 when none did"},
				{Name: "link_mtu", Kind: KindInt, Doc: "the MTU of the interface the packets leave by"},
				{Name: "black_hole", Kind: KindBool, Doc: "packets larger than path_mtu vanished without a \"fragmentation needed\" (\"packet too big\") answer"},
			},
			Expect: Assertions{"black_hole": false, "path_mtu": "> 0"},
			// Up to a dozen probes, each waiting its timeout at worst.
			Deadline:   func(p Params) time.Duration { return 14*p.Duration("timeout") + 2*time.Second },
			ErrorKinds: dialKinds,
			Timeout:    16 * time.Second,
			Example:    "host: 1.1.1.1\nmax: 1500",
			Support:    Support{Linux: Works, Windows: Works, Darwin: Skips, Note: "probed over ICMP on Linux and Windows only"},
			Run:        runPMTU,
		}
	})
}

// probeAnswer is what one probe of one size got back.
type probeAnswer int

const (
	probeReplied probeAnswer = iota // the echo came back
	probeTooBig                     // "fragmentation needed" / "packet too big", or too big for the link here
	probeLost                       // nothing came back in time
)

// sizeProber sends one echo request of an IP packet size and says what came
// back; with probeTooBig, the MTU the router or link named (0: none).
type sizeProber interface {
	probe(ctx context.Context, size int) (probeAnswer, int, error)
	Close() error
}

// pmtuResult is what a search found.
type pmtuResult struct {
	pathMTU   int  // largest size that came back; 0: none did
	blackHole bool // a larger size vanished without a word
	reported  int  // the MTU a router named, 0 when none did
	probes    int
}

// searchPMTU finds the largest size from floor to top that comes back.
// floor is probed first (a host that does not answer it answers nothing),
// then top, then a binary search between what came back and what did
// not. A size that vanished is tried once more before it counts as lost,
// so that one dropped packet is no black hole.
func searchPMTU(ctx context.Context, p sizeProber, floor, top int) (pmtuResult, error) {
	var r pmtuResult
	try := func(size int) (probeAnswer, int, error) {
		r.probes++
		a, mtu, err := p.probe(ctx, size)
		if err == nil && a == probeLost && ctx.Err() == nil {
			r.probes++
			a, mtu, err = p.probe(ctx, size)
		}
		return a, mtu, err
	}
	start := time.Now()
	a, _, err := try(floor)
	if err != nil || a != probeReplied {
		return r, err
	}
	// Lost probes cost their whole wait: once the host has answered, wait
	// a few round trips (at least 250ms), not the whole timeout.
	if w, ok := p.(interface{ shortenWait(time.Duration) }); ok {
		w.shortenWait(max(4*time.Since(start), 250*time.Millisecond))
	}
	lo, hi := floor, top+1 // lo came back; hi did not (or is past the top)
	next := top
	for hi-lo > 1 && ctx.Err() == nil { // out of time: what was found stands
		a, mtu, err := try(next)
		if err != nil {
			r.pathMTU = lo
			return r, err
		}
		switch a {
		case probeReplied:
			lo = next
			if next == r.reported {
				hi = lo + 1 // the size the router named fits: that is the path MTU
			}
		case probeTooBig:
			hi = next
			if mtu > lo && mtu < next {
				r.reported = mtu
				next = mtu // the router said what fits: try that first
				continue
			}
		case probeLost:
			hi = next
			r.blackHole = true
		}
		next = lo + (hi-lo)/2
	}
	r.pathMTU = lo
	if lo == top {
		r.blackHole = false
	}
	return r, nil
}

func runPMTU(ctx context.Context, _ *Env, p Params) Outcome {
	host := p.String("host")
	dst, err := resolveOne(ctx, host)
	if err != nil {
		kind := ErrorKindOf(err)
		return Failed(kind, "cannot resolve %s: %s", host, Why(err))
	}
	obs := map[string]any{"address": dst.String()}
	link := linkMTUTo(dst)
	top := int(p.Int("max"))
	if link > 0 {
		obs["link_mtu"] = int64(link)
		top = min(top, link)
	}
	floor := 576 // every IPv4 host accepts this much
	if dst.Is6() {
		floor = 1280 // the IPv6 minimum MTU
	}
	floor = min(floor, top)
	prober, err := newSizeProber(dst, p.Duration("timeout"))
	if errors.Is(err, ErrNotHere) {
		return CouldNotLook(err, "")
	}
	if err != nil {
		kind := ErrorKindOf(err)
		o := Errored(kind, "cannot open an ICMP socket to probe %s: %v", dst, err)
		if kind == ErrorKindPermission {
			o.Message = "this user may not send ICMP echo requests (Linux: net.ipv4.ping_group_range excludes its group)"
			o.Fix = "Rerun as root (sudo tsr diagnose ...), or let the group ping: sudo sysctl net.ipv4.ping_group_range='0 2147483647'"
		}
		return o
	}
	defer prober.Close()
	r, err := searchPMTU(ctx, prober, floor, top)
	obs["path_mtu"], obs["black_hole"] = int64(r.pathMTU), r.blackHole
	if err != nil && r.pathMTU == 0 {
		return Outcome{Observed: obs, ErrorKind: ErrorKindOf(err), Message: "cannot probe " + dst.String() + ": " + Why(err)}
	}
	if r.pathMTU == 0 {
		return Outcome{Observed: obs, ErrorKind: ErrorKindTimeout, Message: dst.String() + " does not answer ping, even with a " +
			strconv.Itoa(floor) + "-byte packet: the path MTU cannot be measured"}
	}
	return Outcome{Observed: obs, Message: pmtuMessage(dst, r, top, link)}
}

// pmtuMessage says what the search found, in words.
func pmtuMessage(dst netip.Addr, r pmtuResult, top, link int) string {
	size := strconv.Itoa(r.pathMTU) + "-byte"
	switch {
	case r.blackHole:
		return "Packets over " + strconv.Itoa(r.pathMTU) + " bytes to " + dst.String() + " vanish and no router says \"fragmentation needed\" " +
			"(a path MTU black hole): small exchanges work, but downloads, web pages and VPN traffic stall. " +
			"The link here takes " + strconv.Itoa(link) + " bytes"
	case r.pathMTU < top && r.reported > 0:
		return "The path MTU to " + dst.String() + " is " + strconv.Itoa(r.pathMTU) + " bytes, below the link's " + strconv.Itoa(top) +
			": a router on the way said so (\"fragmentation needed\"), so path MTU discovery works"
	case r.pathMTU < top:
		return "The path MTU to " + dst.String() + " is " + strconv.Itoa(r.pathMTU) + " bytes, below the link's " + strconv.Itoa(top) +
			" (larger packets were refused)"
	}
	return size + " packets with \"don't fragment\" reach " + dst.String() + " and come back: the whole path takes the link's MTU"
}

// linkMTUTo is the MTU of the interface that packets to dst leave by,
// found by asking the kernel for a route (a UDP "connection" sends
// nothing); 0 when unknown.
func linkMTUTo(dst netip.Addr) int {
	c, err := net.DialUDP("udp", nil, net.UDPAddrFromAddrPort(netip.AddrPortFrom(dst, 9)))
	if err != nil {
		return 0
	}
	local := c.LocalAddr().(*net.UDPAddr).AddrPort().Addr().Unmap()
	c.Close()
	ifs, _ := net.Interfaces()
	for _, ifi := range ifs {
		addrs, _ := ifi.Addrs()
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok {
				if ip, ok := netip.AddrFromSlice(n.IP); ok && ip.Unmap() == local {
					return ifi.MTU
				}
			}
		}
	}
	return 0
}
