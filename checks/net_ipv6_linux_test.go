package checks

import (
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
)

func TestNetnsIPv6(t *testing.T) {
	client, router, server := routedHosts(t)
	ask := netnsRequest{Type: "net.ipv6", With: map[string]any{"host": "2001:db8:3::2", "timeout": "1s"}}

	o := inNetns(t, client, ask)
	wantObserved(t, o, map[string]any{"global_addresses": []string{}, "default_route": false})
	expectEqual(t, "IPv4-only status", status(t, "net.ipv6", o), "pass")
	expectEqual(t, "IPv4-only message", o.Message, "IPv4-only network: no global IPv6 address, so nothing waits for IPv6")

	// nodad: the addresses are usable at once, not after duplicate address detection.
	for _, a := range [][]string{
		{client, "c0", "2001:db8:2::1/64"}, {router, "r0", "2001:db8:2::fe/64"},
		{router, "r1", "2001:db8:3::fe/64"}, {server, "s0", "2001:db8:3::2/64"},
	} {
		testutil.IP(t, "-n", a[0], "addr", "add", a[2], "dev", a[1], "nodad")
	}
	// The link-local addresses that neighbour discovery speaks from must be
	// past their own duplicate address detection.
	for _, ns := range []string{client, router, server} {
		testutil.WaitFor(t, "link-local addresses in "+ns, func() bool {
			out, err := testutil.NsExec(ns, "ip", "-6", "addr", "show", "tentative")
			return err == nil && strings.TrimSpace(out) == ""
		})
	}
	o = inNetns(t, client, ask)
	wantObserved(t, o, map[string]any{"global_addresses": []string{"2001:db8:2::1"}, "default_route": false, "reachable": false})
	expectEqual(t, "no route status", status(t, "net.ipv6", o), "warn")
	expectContains(t, "no route message", o.Message, "IPv6 is configured (2001:db8:2::1) but there is no IPv6 default route: every connection")

	testutil.IP(t, "-n", client, "-6", "route", "add", "default", "via", "2001:db8:2::fe")
	testutil.IP(t, "-n", server, "-6", "route", "add", "default", "via", "2001:db8:3::fe")
	testutil.Serve(t, listenIn(t, server, "[2001:db8:3::2]:443"), nil)
	testutil.NsSh(t, router, "echo 1 > /proc/sys/net/ipv6/conf/all/forwarding")
	o = inNetns(t, client, ask)
	wantObserved(t, o, map[string]any{"reachable": true})
	expectEqual(t, "dual stack status", status(t, "net.ipv6", o), "pass")
	expectContains(t, "dual stack message", o.Message, "IPv6 works: connected to 2001:db8:3::2 at [2001:db8:3::2]:443 in ")

	// The router stops forwarding IPv6: packets to the server vanish there.
	// (Last: hosts drop their routes through a router that stops being one.)
	testutil.NsSh(t, router, "echo 0 > /proc/sys/net/ipv6/conf/all/forwarding")
	o = inNetns(t, client, ask)
	wantObserved(t, o, map[string]any{"default_route": true, "reachable": false, "address": "2001:db8:3::2"})
	expectEqual(t, "not forwarded status", status(t, "net.ipv6", o), "warn")
	expectEqual(t, "not forwarded error_kind", o.ErrorKind, "") // a warn: IPv4 still works
	if !strings.Contains(o.Message, "but does not reach 2001:db8:3::2 ([2001:db8:3::2]:443: no answer before the timeout): every connection to a site that has an IPv6 address waits for a fallback to IPv4") {
		t.Errorf("not forwarded message: %s", o.Message)
	}

}
