package checks

import (
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
)

// routedHosts links a client (10.213.2.1) to a server (10.213.3.2) through
// a router (10.213.2.254, 10.213.3.254), every link with MTU 1500.
func routedHosts(t *testing.T) (client, router, server string) {
	testutil.NeedNetns(t)
	client, router, server = newNetns(t), newNetns(t), newNetns(t)
	testutil.Veth(t, client, "c0", router, "r0")
	testutil.Veth(t, server, "s0", router, "r1")
	for _, a := range [][]string{
		{client, "c0", "10.213.2.1/24"}, {router, "r0", "10.213.2.254/24"},
		{router, "r1", "10.213.3.254/24"}, {server, "s0", "10.213.3.2/24"},
	} {
		testutil.IP(t, "-n", a[0], "addr", "add", a[2], "dev", a[1])
		testutil.IP(t, "-n", a[0], "link", "set", a[1], "up")
	}
	testutil.IP(t, "-n", client, "route", "add", "default", "via", "10.213.2.254")
	testutil.IP(t, "-n", server, "route", "add", "default", "via", "10.213.3.254")
	testutil.NsSh(t, router, "echo 1 > /proc/sys/net/ipv4/ip_forward")
	testutil.WaitOperState(t, client, "c0", "up")
	testutil.WaitOperState(t, server, "s0", "up")
	return client, router, server
}

func TestNetnsPMTU(t *testing.T) {
	client, router, _ := routedHosts(t)
	ask := netnsRequest{Type: "net.pmtu", With: map[string]any{"host": "10.213.3.2", "timeout": "300ms"}}

	o := inNetns(t, client, ask)
	wantObserved(t, o, map[string]any{"address": "10.213.3.2", "path_mtu": int64(1500), "link_mtu": int64(1500), "black_hole": false})
	expectEqual(t, "clear path", status(t, "net.pmtu", o), "pass")
	expectContains(t, "clear path message", o.Message, "1500-byte packets with \"don't fragment\" reach 10.213.3.2 and come back")

	// The server side's link takes 1280: the router says "fragmentation needed".
	testutil.IP(t, "-n", router, "link", "set", "r1", "mtu", "1280")
	o = inNetns(t, client, ask)
	wantObserved(t, o, map[string]any{"path_mtu": int64(1280), "link_mtu": int64(1500), "black_hole": false})
	expectEqual(t, "smaller path status", status(t, "net.pmtu", o), "pass")
	expectContains(t, "smaller path message", o.Message, "a router on the way said so")
	testutil.IP(t, "-n", router, "link", "set", "r1", "mtu", "1500")

	// The router drops what is over 1280 bytes and says nothing.
	testutil.Nft(t, router, testutil.DropOver("forward", 1280))
	o = inNetns(t, client, ask)
	wantObserved(t, o, map[string]any{"path_mtu": int64(1280), "black_hole": true})
	expectEqual(t, "black hole status", status(t, "net.pmtu", o), "fail")
	if !strings.HasPrefix(o.Message, "Packets over 1280 bytes to 10.213.3.2 vanish and no router says \"fragmentation needed\"") {
		t.Errorf("black hole message: %s", o.Message)
	}

	// The same through an unprivileged ping socket, which the group
	// range lets this process open, without CAP_NET_RAW.
	testutil.NsSh(t, client, "echo '0 2147483647' > /proc/sys/net/ipv4/ping_group_range")
	unprivileged := ask
	unprivileged.DropNetRaw = true
	o = inNetns(t, client, unprivileged)
	wantObserved(t, o, map[string]any{"path_mtu": int64(1280), "black_hole": true})

	// A host that answers nothing cannot be measured: a fail that says so.
	o = inNetns(t, client, netnsRequest{Type: "net.pmtu", With: map[string]any{"host": "10.213.3.99", "timeout": "200ms"}})
	expectEqual(t, "silent host status", status(t, "net.pmtu", o), "fail")
	expectEqual(t, "silent host error_kind", o.ErrorKind, "timeout")
	expectContains(t, "silent host message", o.Message, "does not answer ping, even with a 576-byte packet")
}
