package checks

import (
	"encoding/binary"
	"net/netip"
	"reflect"
	"strings"
	"syscall"
	"testing"
)

func TestRouteRecorded(t *testing.T) {
	cases := []struct {
		tree, family string
		want         map[string]any
		message      string
	}{
		// The wlan0 default has metric 600, so eth0's (100) wins.
		{"ethernet", "ipv4", map[string]any{"has_default": true, "gateway": "192.0.2.1", "interface": "eth0", "metric": int64(100)},
			"the default IPv4 route leaves via 192.0.2.1 on eth0"},
		// The "unreachable" default on lo does not count.
		{"ethernet", "IPv6", map[string]any{"has_default": true, "gateway": "fe80::1", "interface": "eth0", "metric": int64(1024)},
			"the default IPv6 route leaves via fe80::1 on eth0"},
		{"unplugged", "ipv4", map[string]any{"has_default": false}, "there is no default IPv4 route: this machine reaches only its local network"},
		{"unplugged", "ipv6", map[string]any{"has_default": false}, "there is no default IPv6 route"},
		// A link route to 169.254/16 is not a default route.
		{"linklocal", "ipv4", map[string]any{"has_default": false}, "there is no default IPv4 route"},
	}
	for _, c := range cases {
		t.Run(c.tree+"/"+c.family, func(t *testing.T) {
			useNetTree(t, c.tree, nil)
			o := run(t, "net.route", map[string]any{"family": c.family})
			if !reflect.DeepEqual(o.Observed, c.want) {
				t.Errorf("observed %v, want %v", o.Observed, c.want)
			}
			if !strings.HasPrefix(o.Message, c.message) {
				t.Errorf("message %q, want it to start with %q", o.Message, c.message)
			}
			has := c.want["has_default"].(bool)
			expectEqual(t, "status", status(t, "net.route", o), map[bool]Status{true: StatusPass, false: StatusFail}[has])
			expectEqual(t, "error kind", o.ErrorKind, map[bool]ErrorKind{true: "", false: ErrorKindNoRoute}[has])
		})
	}
}

func TestRouteUnreadable(t *testing.T) {
	useNetTree(t, "no-such-tree", nil)
	o := run(t, "net.route", nil)
	expectEqual(t, "status", status(t, "net.route", o), StatusError)
}

func TestParseRouteLines(t *testing.T) {
	// A default route without a gateway (a PPP or VPN link).
	r, ok := parseRoute4(strings.Fields("ppp0 00000000 00000000 0001 0 0 0 00000000 0 0 0"))
	if !ok || r.Gateway.IsValid() || r.Interface != "ppp0" {
		t.Errorf("point-to-point default: %+v %v", r, ok)
	}
	// A route that is down is ignored.
	if _, ok := parseRoute4(strings.Fields("eth0 00000000 010200C0 0002 0 0 0 00000000 0 0 0")); ok {
		t.Error("a route without RTF_UP counted as a default route")
	}
	// `ip route add blackhole default`: up, no RTF_REJECT, no device.
	if r, ok := parseRoute4(strings.Fields("* 00000000 00000000 0001 0 0 0 00000000 0 0 0")); ok {
		t.Errorf("a blackhole route counted as a default route: %+v", r)
	}
	if _, ok := parseRoute4([]string{"Iface", "Destination"}); ok {
		t.Error("the header counted as a route")
	}
}

// rtAttr encodes one route attribute, padded to 4 bytes.
func rtAttr(typ uint16, value []byte) []byte {
	b := binary.NativeEndian.AppendUint16(nil, uint16(syscall.SizeofRtAttr+len(value)))
	b = binary.NativeEndian.AppendUint16(b, typ)
	b = append(b, value...)
	for len(b)%syscall.RTA_ALIGNTO != 0 {
		b = append(b, 0)
	}
	return b
}

func u32(v uint32) []byte { return binary.NativeEndian.AppendUint32(nil, v) }

// rtRoute encodes an RTM_NEWROUTE message of an IPv6 route.
func rtRoute(dstLen, table, typ uint8, attrs ...[]byte) []byte {
	body := []byte{syscall.AF_INET6, dstLen, 0, 0, table, 3 /* boot */, 0, typ, 0, 0, 0, 0}
	for _, a := range attrs {
		body = append(body, a...)
	}
	b := binary.NativeEndian.AppendUint32(nil, uint32(syscall.SizeofNlMsghdr+len(body)))
	b = binary.NativeEndian.AppendUint16(b, syscall.RTM_NEWROUTE)
	b = binary.NativeEndian.AppendUint16(b, syscall.NLM_F_MULTI)
	b = append(b, make([]byte, 8)...) // seq, pid
	return append(b, body...)
}

func TestParseRouteMessages(t *testing.T) {
	ip := func(s string) []byte { return netip.MustParseAddr(s).AsSlice() }
	nexthop := func(ifindex uint32, gw string) []byte {
		attr := rtAttr(syscall.RTA_GATEWAY, ip(gw))
		b := binary.NativeEndian.AppendUint16(nil, uint16(syscall.SizeofRtNexthop+len(attr)))
		b = append(b, 0, 0)
		b = binary.NativeEndian.AppendUint32(b, ifindex)
		return append(b, attr...)
	}
	var dump []byte
	for _, m := range [][]byte{
		// Table 100, and wg-quick's 51820 (rtm_table says only "compat"):
		// lower metrics, but only policy rules lead there.
		rtRoute(0, 100, syscall.RTN_UNICAST, rtAttr(syscall.RTA_TABLE, u32(100)), rtAttr(syscall.RTA_GATEWAY, ip("2001:db8::9")), rtAttr(syscall.RTA_OIF, u32(2)), rtAttr(syscall.RTA_PRIORITY, u32(10))),
		rtRoute(0, syscall.RT_TABLE_COMPAT, syscall.RTN_UNICAST, rtAttr(syscall.RTA_TABLE, u32(51820)), rtAttr(syscall.RTA_OIF, u32(7)), rtAttr(syscall.RTA_PRIORITY, u32(1))),
		// Not a default route.
		rtRoute(64, syscall.RT_TABLE_MAIN, syscall.RTN_UNICAST, rtAttr(syscall.RTA_TABLE, u32(syscall.RT_TABLE_MAIN)), rtAttr(syscall.RTA_OIF, u32(2)), rtAttr(syscall.RTA_PRIORITY, u32(256))),
		// An unreachable default on lo leads nowhere.
		rtRoute(0, syscall.RT_TABLE_MAIN, syscall.RTN_UNREACHABLE, rtAttr(syscall.RTA_TABLE, u32(syscall.RT_TABLE_MAIN)), rtAttr(syscall.RTA_OIF, u32(1)), rtAttr(syscall.RTA_PRIORITY, u32(0))),
		// The main table: a multipath route, and a plain one.
		rtRoute(0, syscall.RT_TABLE_MAIN, syscall.RTN_UNICAST, rtAttr(syscall.RTA_TABLE, u32(syscall.RT_TABLE_MAIN)), rtAttr(syscall.RTA_PRIORITY, u32(50)),
			rtAttr(syscall.RTA_MULTIPATH, append(nexthop(3, "2001:db8::5"), nexthop(2, "2001:db8::6")...))),
		rtRoute(0, syscall.RT_TABLE_MAIN, syscall.RTN_UNICAST, rtAttr(syscall.RTA_GATEWAY, ip("fe80::1")), rtAttr(syscall.RTA_OIF, u32(2)), rtAttr(syscall.RTA_PRIORITY, u32(1024))),
	} {
		dump = append(dump, m...)
	}
	done := binary.NativeEndian.AppendUint32(nil, syscall.SizeofNlMsghdr+4)
	done = binary.NativeEndian.AppendUint16(done, syscall.NLMSG_DONE)
	dump = append(append(dump, done...), make([]byte, 10+4)...) // flags, seq, pid; the error code 0

	names := map[int]string{1: "lo", 2: "eth0", 3: "eth1", 7: "wg0"}
	got, err := parseRouteMessages(dump, func(i int) string { return names[i] })
	if err != nil {
		t.Fatal(err)
	}
	want := []defaultRoute{
		{Gateway: netip.MustParseAddr("2001:db8::5"), Interface: "eth1", Metric: 50, HasMetric: true},
		{Gateway: netip.MustParseAddr("fe80::1"), Interface: "eth0", Metric: 1024, HasMetric: true},
	}
	if !reflect.DeepEqual(sortRoutes(got), want) {
		t.Errorf("routes %+v, want %+v", got, want)
	}
}
