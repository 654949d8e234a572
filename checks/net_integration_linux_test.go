package checks

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
)

// Addresses below live only inside the namespaces the tests create.

// twoHosts links namespaces a (a0, 10.213.0.1) and b (b0, 10.213.0.2).
func twoHosts(t *testing.T) (a, b string) {
	testutil.NeedNetns(t)
	a, b = newNetns(t), newNetns(t)
	testutil.Veth(t, a, "a0", b, "b0")
	testutil.IP(t, "-n", a, "addr", "add", "10.213.0.1/24", "dev", "a0")
	testutil.IP(t, "-n", b, "addr", "add", "10.213.0.2/24", "dev", "b0")
	testutil.IP(t, "-n", a, "link", "set", "a0", "up")
	testutil.IP(t, "-n", b, "link", "set", "b0", "up")
	testutil.WaitOperState(t, a, "a0", "up")
	return a, b
}

func TestNetnsInterface(t *testing.T) {
	a, b := twoHosts(t)
	ask := netnsRequest{Type: "net.interface", With: map[string]any{"name": "a0"}}

	o := inNetns(t, a, ask)
	wantObserved(t, o, map[string]any{"up": true, "carrier": true, "ipv4": []string{"10.213.0.1/24"}, "has_ipv4": true, "link_local_only": false, "driver": ""})
	if st := status(t, "net.interface", o); st != StatusPass {
		t.Errorf("a working link is %s: %s", st, o.Message)
	}

	// The far end goes down: the cable is as good as unplugged.
	testutil.IP(t, "-n", b, "link", "set", "b0", "down")
	testutil.WaitOperState(t, a, "a0", "down")
	o = inNetns(t, a, ask)
	wantObserved(t, o, map[string]any{"up": true, "carrier": false})
	if o.Message != "a0 has no carrier: the cable is out or the switch port is down" || status(t, "net.interface", o) != StatusFail {
		t.Errorf("carrier down: %q", o.Message)
	}

	// DHCP never answered: only a self-assigned address.
	testutil.IP(t, "-n", b, "link", "set", "b0", "up")
	testutil.IP(t, "-n", a, "addr", "flush", "dev", "a0")
	testutil.IP(t, "-n", a, "addr", "add", "169.254.7.7/16", "dev", "a0")
	testutil.WaitOperState(t, a, "a0", "up")
	o = inNetns(t, a, ask)
	wantObserved(t, o, map[string]any{"carrier": true, "has_ipv4": false, "link_local_only": true})
	if !strings.HasPrefix(o.Message, "a0 is up with a link, but has only a link-local address 169.254.7.7: DHCP did not answer") || status(t, "net.interface", o) != StatusFail {
		t.Errorf("link-local only: %q", o.Message)
	}

	testutil.IP(t, "-n", a, "link", "set", "a0", "down")
	o = inNetns(t, a, ask)
	wantObserved(t, o, map[string]any{"up": false, "carrier": false})
	if !strings.HasPrefix(o.Message, "a0 is disabled") {
		t.Errorf("admin down: %q", o.Message)
	}
}

// TestNetnsAutoAndRoute: auto follows the default route, not the first
// interface that is up.
func TestNetnsAutoAndRoute(t *testing.T) {
	testutil.NeedNetns(t)
	a, b := newNetns(t), newNetns(t)
	testutil.IP(t, "-n", a, "link", "add", "d0", "type", "veth", "peer", "name", "d1") // up first, lower index
	testutil.IP(t, "-n", a, "link", "set", "d0", "up")
	testutil.Veth(t, a, "a0", b, "b0")
	testutil.IP(t, "-n", a, "addr", "add", "10.213.0.1/24", "dev", "a0")
	testutil.IP(t, "-n", a, "link", "set", "a0", "up")
	testutil.IP(t, "-n", b, "link", "set", "b0", "up")

	o := inNetns(t, a, netnsRequest{Type: "net.route"})
	if o.Observed["has_default"] != false || o.ErrorKind != "no_route" || status(t, "net.route", o) != StatusFail {
		t.Errorf("without a default route: %+v", o)
	}
	if o := inNetns(t, a, netnsRequest{Type: "net.interface"}); o.Observed["name"] != "d0" {
		t.Errorf("auto without a default route picked %v, want the first up: d0", o.Observed["name"])
	}

	testutil.IP(t, "-n", a, "route", "add", "default", "via", "10.213.0.2", "dev", "a0", "metric", "50")
	o = inNetns(t, a, netnsRequest{Type: "net.route"})
	wantObserved(t, o, map[string]any{"has_default": true, "gateway": "10.213.0.2", "interface": "a0", "metric": int64(50)})
	if o.ErrorKind != "" || status(t, "net.route", o) != StatusPass {
		t.Errorf("with a default route: %+v", o)
	}
	if o := inNetns(t, a, netnsRequest{Type: "net.interface"}); o.Observed["name"] != "a0" {
		t.Errorf("auto picked %v, want the default route's a0", o.Observed["name"])
	}

	testutil.IP(t, "-n", a, "-6", "addr", "add", "2001:db8:213::1/64", "dev", "a0", "nodad")
	testutil.IP(t, "-n", a, "-6", "route", "add", "default", "via", "2001:db8:213::2", "dev", "a0", "metric", "300")
	o = inNetns(t, a, netnsRequest{Type: "net.route", With: map[string]any{"family": "ipv6"}})
	wantObserved(t, o, map[string]any{"has_default": true, "gateway": "2001:db8:213::2", "interface": "a0", "metric": int64(300)})

	// A VPN's default route in a table of its own (wg-quick: 51820) is
	// not the main table's default, however low its metric.
	testutil.IP(t, "-n", a, "-6", "route", "add", "default", "via", "2001:db8:213::7", "dev", "a0", "metric", "1", "table", "51820")
	o = inNetns(t, a, netnsRequest{Type: "net.route", With: map[string]any{"family": "ipv6"}})
	wantObserved(t, o, map[string]any{"has_default": true, "gateway": "2001:db8:213::2", "interface": "a0", "metric": int64(300)})
}

func TestNetnsPing(t *testing.T) {
	a, b := twoHosts(t)
	ping := func(methods []string, with map[string]any) Outcome {
		if with["host"] == nil {
			with["host"] = "10.213.0.2"
		}
		return inNetns(t, a, netnsRequest{Type: "net.ping", With: with, Methods: methods})
	}

	// Root: raw ICMP.
	o := ping(nil, map[string]any{"interval": "50ms"})
	wantObserved(t, o, map[string]any{"method": "icmp", "sent": int64(3), "received": int64(3), "loss_percent": 0.0, "address": "10.213.0.2"})
	if st := status(t, "net.ping", o); st != StatusPass {
		t.Errorf("clean ping is %s: %s", st, o.Message)
	}

	// Without CAP_NET_RAW and with ping sockets closed to every group (a
	// new namespace's ping_group_range is "1 0"): TCP, and b's refusals
	// count as answers since nothing listens there.
	unprivileged := func() Outcome {
		return inNetns(t, a, netnsRequest{Type: "net.ping", With: map[string]any{"host": "10.213.0.2", "interval": "20ms"}, DropNetRaw: true})
	}
	o = unprivileged()
	wantObserved(t, o, map[string]any{"method": "tcp", "received": int64(3)})
	if !strings.Contains(o.Message, "TCP handshakes to port 443, as ICMP is not permitted here") {
		t.Errorf("TCP ping message %q", o.Message)
	}

	// Unprivileged ICMP sockets, once the namespace's sysctl allows them.
	if _, err := testutil.NsExec(a, "sh", "-c", "echo 0 2147483647 > /proc/sys/net/ipv4/ping_group_range"); err != nil {
		t.Fatal(err)
	}
	o = unprivileged()
	wantObserved(t, o, map[string]any{"method": "udp-icmp", "received": int64(3)})

	// A name from the hosts file; and one that no DNS server can be asked
	// about, as the namespace has no route to any.
	o = ping(nil, map[string]any{"host": "localhost", "count": 1})
	if addr, _ := o.Observed["address"].(string); (addr != "127.0.0.1" && addr != "::1") || !strings.HasPrefix(o.Message, "localhost ("+addr+") answered 1 of 1") {
		t.Errorf("ping localhost: %+v", o)
	}
	o = ping(nil, map[string]any{"host": "tsr-test.invalid", "count": 1})
	if status(t, "net.ping", o) != StatusFail || o.ErrorKind == "" || o.Observed["received"] != nil || !strings.HasPrefix(o.Message, "cannot resolve tsr-test.invalid: ") {
		t.Errorf("ping an unknown name: %+v", o)
	}

	// Nobody holds the address: no answer, a fail.
	o = ping(nil, map[string]any{"host": "10.213.0.99", "count": 2, "interval": "50ms", "timeout": "500ms"})
	wantObserved(t, o, map[string]any{"sent": int64(2), "received": int64(0), "loss_percent": 100.0})
	if k := o.ErrorKind; (k != "timeout" && k != "unreachable") || status(t, "net.ping", o) != StatusFail {
		t.Errorf("unanswered ping: %+v", o)
	}

	// No route to the network at all.
	o = ping(nil, map[string]any{"host": "10.99.0.1", "count": 1, "timeout": "500ms"})
	if o.ErrorKind != "no_route" || o.Observed["received"] != int64(0) {
		t.Errorf("ping without a route: %+v", o)
	}

	// Half the requests dropped on the way in.
	testutil.Nft(t, b, testutil.Loss("input", "icmp type echo-request", 50))
	o = ping(nil, map[string]any{"count": 40, "interval": "10ms", "timeout": "300ms"})
	got, loss := o.Observed["received"].(int64), o.Observed["loss_percent"].(float64)
	if got < 5 || got > 35 || loss != float64(40-got)*100/40 {
		t.Errorf("with 50%% loss: received %d of 40, loss %v%%", got, loss)
	}
	if st := status(t, "net.ping", o); st != StatusWarn {
		t.Errorf("50%% loss is %s, want warn (expect met, warn missed): %s", st, o.Message)
	}
	if !strings.Contains(o.Message, "% lost") {
		t.Errorf("message %q does not say what was lost", o.Message)
	}
}

// sharedAddrHosts hangs a (a0, 02:00:00:00:21:01) and b (b0,
// 02:00:00:00:21:02) off one bridge in a third namespace, both holding
// 10.213.1.1/24.
func sharedAddrHosts(t *testing.T) (a, b string) {
	testutil.NeedNetns(t)
	sw, a, b := newNetns(t), newNetns(t), newNetns(t)
	testutil.IP(t, "-n", sw, "link", "add", "br0", "type", "bridge")
	testutil.IP(t, "-n", sw, "link", "set", "br0", "up")
	for _, h := range []struct{ ns, dev, port, mac string }{
		{a, "a0", "pa", "02:00:00:00:21:01"}, {b, "b0", "pb", "02:00:00:00:21:02"},
	} {
		testutil.Veth(t, h.ns, h.dev, sw, h.port)
		testutil.IP(t, "-n", h.ns, "link", "set", h.dev, "address", h.mac)
		testutil.IP(t, "-n", h.ns, "addr", "add", "10.213.1.1/24", "dev", h.dev) // the same address twice
		testutil.IP(t, "-n", sw, "link", "set", h.port, "master", "br0")
		testutil.IP(t, "-n", sw, "link", "set", h.port, "up")
		testutil.IP(t, "-n", h.ns, "link", "set", h.dev, "up")
	}
	testutil.WaitOperState(t, a, "a0", "up")
	testutil.WaitOperState(t, b, "b0", "up")
	return a, b
}

func TestNetnsIPConflict(t *testing.T) {
	a, b := sharedAddrHosts(t)
	o := inNetns(t, a, netnsRequest{Type: "net.ipconflict"}) // auto, auto
	wantObserved(t, o, map[string]any{"address": "10.213.1.1", "conflict": true, "conflicting_mac": "02:00:00:00:21:02"})
	if status(t, "net.ipconflict", o) != StatusFail || !strings.Contains(o.Message, "another device (02:00:00:00:21:02) also uses 10.213.1.1 on a0") {
		t.Errorf("duplicate address: %+v", o)
	}

	testutil.IP(t, "-n", b, "addr", "flush", "dev", "b0")
	testutil.IP(t, "-n", b, "addr", "add", "10.213.1.2/24", "dev", "b0")
	o = inNetns(t, a, netnsRequest{Type: "net.ipconflict", With: map[string]any{"interface": "a0"}})
	wantObserved(t, o, map[string]any{"address": "10.213.1.1", "conflict": false, "conflicting_mac": ""})
	if status(t, "net.ipconflict", o) != StatusPass || o.ErrorKind != "" {
		t.Errorf("no conflict: %+v", o)
	}
	// Asking about b's address finds b.
	o = inNetns(t, a, netnsRequest{Type: "net.ipconflict", With: map[string]any{"address": "10.213.1.2"}})
	wantObserved(t, o, map[string]any{"conflict": true, "conflicting_mac": "02:00:00:00:21:02"})

	o = inNetns(t, a, netnsRequest{Type: "net.ipconflict", DropNetRaw: true})
	if status(t, "net.ipconflict", o) != StatusSkip || !strings.Contains(o.Skip, "setcap cap_net_raw+ep") || !strings.Contains(o.Skip, "sudo tsr diagnose") {
		t.Errorf("without CAP_NET_RAW: %+v", o)
	}
}

// TestNetnsIPConflictOwnInterfaces: this machine's other interfaces answer
// a probe for its own address (Linux replies for any local address on
// any interface); that is no other device.
func TestNetnsIPConflictOwnInterfaces(t *testing.T) {
	testutil.NeedNetns(t)

	// Both ends of a veth pair in one namespace: the peer answers.
	a := newNetns(t)
	testutil.IP(t, "-n", a, "link", "add", "e0", "type", "veth", "peer", "name", "e1")
	testutil.IP(t, "-n", a, "link", "set", "e0", "address", "02:00:00:00:31:01")
	testutil.IP(t, "-n", a, "link", "set", "e1", "address", "02:00:00:00:31:02")
	testutil.IP(t, "-n", a, "addr", "add", "10.213.2.1/24", "dev", "e0")
	testutil.IP(t, "-n", a, "link", "set", "e0", "up")
	testutil.IP(t, "-n", a, "link", "set", "e1", "up")
	testutil.WaitOperState(t, a, "e0", "up")
	o := inNetns(t, a, netnsRequest{Type: "net.ipconflict", With: map[string]any{"interface": "e0"}})
	wantObserved(t, o, map[string]any{"address": "10.213.2.1", "conflict": false, "conflicting_mac": ""})
	if status(t, "net.ipconflict", o) != StatusPass {
		t.Errorf("the own veth peer counted as another device: %+v", o)
	}

	// Two NICs of this machine on one LAN (a bridge), and another host.
	h, b := newNetns(t), newNetns(t)
	testutil.IP(t, "-n", h, "link", "add", "br0", "type", "bridge")
	testutil.IP(t, "-n", h, "link", "set", "br0", "up")
	for i, port := range []struct{ dev, peer, ns string }{{"h0", "p0", h}, {"h1", "p1", h}, {"b0", "pb", b}} {
		testutil.Veth(t, port.ns, port.dev, h, port.peer)
		testutil.IP(t, "-n", port.ns, "link", "set", port.dev, "address", fmt.Sprintf("02:00:00:00:32:0%d", i+1))
		testutil.IP(t, "-n", h, "link", "set", port.peer, "master", "br0")
		testutil.IP(t, "-n", h, "link", "set", port.peer, "up")
		testutil.IP(t, "-n", port.ns, "addr", "add", fmt.Sprintf("10.213.3.%d/24", i+1), "dev", port.dev)
		testutil.IP(t, "-n", port.ns, "link", "set", port.dev, "up")
		testutil.WaitOperState(t, port.ns, port.dev, "up")
	}
	o = inNetns(t, h, netnsRequest{Type: "net.ipconflict", With: map[string]any{"interface": "h0"}})
	wantObserved(t, o, map[string]any{"address": "10.213.3.1", "conflict": false, "conflicting_mac": ""})
	if status(t, "net.ipconflict", o) != StatusPass {
		t.Errorf("the second NIC on the LAN counted as another device: %+v", o)
	}
	// Another host that takes the address is still found.
	testutil.IP(t, "-n", b, "addr", "add", "10.213.3.1/24", "dev", "b0")
	o = inNetns(t, h, netnsRequest{Type: "net.ipconflict", With: map[string]any{"interface": "h0"}})
	wantObserved(t, o, map[string]any{"address": "10.213.3.1", "conflict": true, "conflicting_mac": "02:00:00:00:32:03"})
}

// TestNetnsInterfaceForeignSys: under `unshare -n` (or in a container)
// /sys still shows the host's interfaces; the namespace's own are
// described from the kernel's flags rather than dropped, and a host
// interface of the same name is not taken for one of ours.
func TestNetnsInterfaceForeignSys(t *testing.T) {
	a, b := twoHosts(t)
	if _, err := os.Lstat("/sys/class/net/a0"); err == nil {
		t.Skip("this machine has an interface a0 of its own")
	}
	hostSysAgrees := func(dev, situation string) {
		t.Helper()
		o, ip := settledLink(t, a, dev, func() Outcome {
			return inNetnsHostSys(t, a, netnsRequest{Type: "net.interface", With: map[string]any{"name": dev}})
		})
		agree(t, situation, o, ip)
		for _, unknown := range []string{"speed_mbps", "wireless", "driver"} {
			if v, ok := o.Observed[unknown]; ok {
				t.Errorf("%s: %s = %v, but nothing here can tell", situation, unknown, v)
			}
		}
	}
	hostSysAgrees("a0", "an interface the host's /sys does not show")
	if o := inNetnsHostSys(t, a, netnsRequest{Type: "net.interface"}); o.Observed["name"] != "a0" {
		t.Errorf("auto picked %v (%s), want a0", o.Observed["name"], o.Message)
	}
	testutil.IP(t, "-n", b, "link", "set", "b0", "down")
	testutil.WaitOperState(t, a, "a0", "down")
	hostSysAgrees("a0", "the far end down, the host's /sys")

	// One of ours named like a host interface, with another index and MTU.
	entries, _ := os.ReadDir("/sys/class/net")
	for _, e := range entries {
		raw, err := os.ReadFile("/sys/class/net/" + e.Name() + "/ifindex")
		index, _ := strconv.Atoi(strings.TrimSpace(string(raw)))
		if e.Name() == "lo" || err != nil || index == 0 {
			continue
		}
		testutil.IP(t, "-n", a, "link", "add", e.Name(), "index", strconv.Itoa(index+50), "mtu", "1280", "type", "veth", "peer", "name", "c0", "netns", b)
		testutil.IP(t, "-n", a, "addr", "add", "10.213.9.1/24", "dev", e.Name())
		testutil.IP(t, "-n", a, "link", "set", e.Name(), "up")
		testutil.IP(t, "-n", b, "link", "set", "c0", "up")
		testutil.WaitOperState(t, a, e.Name(), "up")
		hostSysAgrees(e.Name(), "a namesake of the host's "+e.Name())
		return
	}
	t.Log("the host has no interface besides lo to take the name of")
}

// TestNetnsPingSaysWhy: a send error of no known kind is quoted, not
// reduced to "other".
func TestNetnsPingSaysWhy(t *testing.T) {
	testutil.NeedNetns(t)
	ns := newNetns(t)
	// A link-local address whose zone names no interface: the kernel
	// refuses to connect to it (EINVAL).
	o := inNetns(t, ns, netnsRequest{Type: "net.ping", Methods: []string{"tcp"}, With: map[string]any{"host": "fe80::1%tsr-no-such-if", "count": 1, "timeout": "300ms"}})
	t.Log(o.Message)
	if o.ErrorKind != "other" || !strings.HasPrefix(o.Message, "fe80::1%tsr-no-such-if answered none of 1 pings") ||
		strings.HasSuffix(o.Message, ": other") || !strings.Contains(o.Message, "invalid argument") {
		t.Errorf("ping with a send error: %+v", o)
	}
}

// TestNetnsIPConflictIPv6: b holds 2001:db8:21::1 first; when a adds it
// too, a's duplicate address detection fails. Reading that needs no
// privilege.
func TestNetnsIPConflictIPv6(t *testing.T) {
	a, b := sharedAddrHosts(t)
	testutil.IP(t, "-n", b, "addr", "add", "2001:db8:21::1/64", "dev", "b0", "nodad")
	testutil.IP(t, "-n", a, "addr", "add", "2001:db8:21::1/64", "dev", "a0")
	testutil.IP(t, "-n", a, "addr", "add", "2001:db8:21::2/64", "dev", "a0")
	testutil.WaitFor(t, "duplicate address detection in "+a, func() bool {
		out, _ := testutil.NsExec(a, "ip", "-6", "-o", "addr", "show", "dev", "a0")
		failed, passed := false, false
		for _, line := range strings.Split(out, "\n") {
			failed = failed || strings.Contains(line, "2001:db8:21::1/64") && strings.Contains(line, "dadfailed")
			passed = passed || strings.Contains(line, "2001:db8:21::2/64") && !strings.Contains(line, "tentative")
		}
		return failed && passed
	})
	o := inNetns(t, a, netnsRequest{Type: "net.ipconflict", DropNetRaw: true})
	wantObserved(t, o, map[string]any{"conflict": true, "duplicates_v6": []string{"2001:db8:21::1"}})
	if status(t, "net.ipconflict", o) != StatusFail || !strings.HasPrefix(o.Message, "Another device also uses the IPv6 address 2001:db8:21::1 on a0 (duplicate address detection failed)") ||
		!strings.Contains(o.Message, "IPv4 was not checked: sending an ARP probe needs root") {
		t.Errorf("duplicate IPv6 address without CAP_NET_RAW: %+v", o)
	}
	o = inNetns(t, a, netnsRequest{Type: "net.ipconflict", With: map[string]any{"address": "2001:db8:21::2"}, DropNetRaw: true})
	wantObserved(t, o, map[string]any{"address": "2001:db8:21::2", "conflict": false})
	o = inNetns(t, b, netnsRequest{Type: "net.ipconflict"})
	wantObserved(t, o, map[string]any{"duplicates_v6": []string{}})
}

// TestNetnsDNSNoRoute: a DNS server on a network this host has no route
// to ends the DNS checks with no_route, an error kind they declare, so
// that a playbook's fix can be keyed by it. The namespace has only its
// loopback: the query never leaves it.
func TestNetnsDNSNoRoute(t *testing.T) {
	ns := newNetns(t)
	for _, req := range []netnsRequest{
		{Type: "dns.resolve", With: map[string]any{"name": "example.com", "server": "10.9.9.9"}},
		{Type: "dns.nxdomain", With: map[string]any{"server": "10.9.9.9:53"}},
		{Type: "dns.compare", With: map[string]any{"name": "example.com", "servers": []string{"10.9.9.9", "10.9.9.10"}}},
	} {
		o := inNetns(t, ns, req) // the child fails on a kind its type does not declare
		if o.ErrorKind != ErrorKindNoRoute || status(t, req.Type, o) != StatusFail {
			t.Errorf("%s to a server without a route: %+v", req.Type, o)
		}
		if req.Type == "dns.resolve" {
			expectContains(t, "dns.resolve message", o.Message, "could not ask 10.9.9.9: no route to that network")
		}
	}
}
