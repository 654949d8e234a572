package checks

import (
	"net/netip"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// useNetTree points the net checks at a recorded machine under
// testdata/net/NAME and gives its interfaces these addresses.
func useNetTree(t *testing.T, name string, addrs map[string][]string) {
	t.Helper()
	useHostRoot(t, filepath.Join("testdata", "net", name))
	setVar(t, &linkAddrs, func(iface string) ([]netip.Prefix, error) {
		var out []netip.Prefix
		for _, s := range addrs[iface] {
			out = append(out, netip.MustParsePrefix(s))
		}
		return out, nil
	})
}

func TestInterfaceRecorded(t *testing.T) {
	cases := []struct {
		tree, name string
		addrs      map[string][]string
		want       map[string]any
		expectOK   bool
		message    string
	}{
		{
			tree: "ethernet", name: "auto", addrs: map[string][]string{"eth0": {"192.0.2.10/24", "2001:db8::10/64", "fe80::5054:ff:fe12:3456/64"}},
			want: map[string]any{"name": "eth0", "up": true, "carrier": true, "mtu": int64(1500), "mac": "52:54:00:12:34:56",
				"ipv4": []string{"192.0.2.10/24"}, "ipv6": []string{"2001:db8::10/64", "fe80::5054:ff:fe12:3456/64"},
				"has_ipv4": true, "link_local_only": false, "speed_mbps": int64(1000), "wireless": false, "driver": "e1000e"},
			expectOK: true, message: "eth0 is up with a link (1000 Mb/s, e1000e) and holds 192.0.2.10/24",
		},
		{
			tree: "ethernet", name: "docker0", addrs: map[string][]string{"docker0": {"172.17.0.1/16"}},
			want:     map[string]any{"name": "docker0", "driver": "", "has_ipv4": true, "speed_mbps": nil},
			expectOK: true, message: "docker0 is up with a link and holds 172.17.0.1/16",
		},
		{
			// No default route: auto falls back to the device, not the bridge.
			tree: "unplugged", name: "auto",
			want:    map[string]any{"name": "eth0", "up": true, "carrier": false, "speed_mbps": nil, "ipv4": []string{}, "link_local_only": false},
			message: "eth0 has no carrier: the cable is out or the switch port is down",
		},
		{
			tree: "linklocal", name: "auto", addrs: map[string][]string{"enp3s0": {"fe80::5054:ff:fe12:3456/64", "169.254.23.7/16"}},
			want:    map[string]any{"name": "enp3s0", "carrier": true, "has_ipv4": false, "link_local_only": true, "speed_mbps": int64(100), "driver": "r8169"},
			message: "enp3s0 is up with a link, but has only a link-local address 169.254.23.7: DHCP did not answer",
		},
		{
			tree: "wifi", name: "wlan0", addrs: map[string][]string{"wlan0": {"fe80::a634:d9ff:fe01:203/64"}},
			want:    map[string]any{"wireless": true, "carrier": false, "driver": "iwlwifi", "link_local_only": true},
			message: "wlan0 has a link but is dormant: Wi-Fi or 802.1X authentication did not finish",
		},
		{
			tree: "disabled", name: "eth0",
			want:    map[string]any{"up": false, "carrier": false},
			message: "eth0 is disabled (administratively down), so it carries no traffic",
		},
		{
			tree: "ethernet", name: "lo", addrs: map[string][]string{"lo": {"127.0.0.1/8", "::1/128"}},
			want:     map[string]any{"up": true, "carrier": true, "mac": "", "mtu": int64(65536), "link_local_only": false},
			expectOK: true, message: "lo is up with a link and holds 127.0.0.1/8, ::1/128",
		},
	}
	for _, c := range cases {
		t.Run(c.tree+"/"+c.name, func(t *testing.T) {
			useNetTree(t, c.tree, c.addrs)
			o := run(t, "net.interface", map[string]any{"name": c.name})
			want := StatusFail // by the default expectations, not an error kind
			if c.expectOK {
				want = StatusPass
			}
			expectEqual(t, "status", status(t, "net.interface", o), want)
			expectEqual(t, "error_kind", o.ErrorKind, "")
			for field, want := range c.want {
				got, present := o.Observed[field]
				if want == nil {
					if present {
						t.Errorf("%s = %v, want it absent", field, got)
					}
				} else if !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %#v, want %#v", field, got, want)
				}
			}
			if !strings.HasPrefix(o.Message, c.message) {
				t.Errorf("message %q, want it to start with %q", o.Message, c.message)
			}
			if wantFix := c.want["up"] == false; (o.Fix != "") != wantFix || wantFix && !strings.Contains(o.Fix, "enable "+c.name) {
				t.Errorf("fix %q: only a disabled adapter needs its own", o.Fix)
			}
		})
	}
}

func TestInterfaceMissing(t *testing.T) {
	useNetTree(t, "ethernet", nil)
	o := run(t, "net.interface", map[string]any{"name": "eth9"})
	expectEqual(t, "status", status(t, "net.interface", o), StatusFail)
	if o.ErrorKind != "not_found" || !strings.Contains(o.Message, "no network interface named eth9 (there are: lo, eth0, docker0)") {
		t.Errorf("got %q (%s)", o.Message, o.ErrorKind)
	}
}
