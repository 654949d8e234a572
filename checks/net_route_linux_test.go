package checks

import (
	"reflect"
	"strings"
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
			o := runNet(t, "net.route", map[string]any{"family": c.family})
			if !reflect.DeepEqual(o.Observed, c.want) {
				t.Errorf("observed %v, want %v", o.Observed, c.want)
			}
			if !strings.HasPrefix(o.Message, c.message) {
				t.Errorf("message %q, want it to start with %q", o.Message, c.message)
			}
			has := c.want["has_default"].(bool)
			if meets("net.route", "expect", o) != has {
				t.Errorf("default expectations met = %v, want %v", !has, has)
			}
			if wantKind := map[bool]string{true: "", false: "no_route"}[has]; o.ErrorKind != wantKind || o.Error {
				t.Errorf("error kind %q (error %v), want %q", o.ErrorKind, o.Error, wantKind)
			}
		})
	}
}

func TestRouteUnreadable(t *testing.T) {
	useNetTree(t, "no-such-tree", nil)
	o := runNet(t, "net.route", nil)
	wantStatus(t, o, "error")
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
