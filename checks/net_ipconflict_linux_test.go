package checks

import (
	"bufio"
	"bytes"
	"net"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func TestARPPackets(t *testing.T) {
	us := net.HardwareAddr{2, 0, 0, 0, 0, 1}
	them := net.HardwareAddr{2, 0, 0, 0, 0, 2}
	second := net.HardwareAddr{2, 0, 0, 0, 0, 3} // another NIC of ours
	own := map[string]bool{string(us): true, string(second): true}
	addr := netip.MustParseAddr("192.0.2.10")
	probe := arpPacket(us, addr)
	want := []byte{0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 10}
	if !bytes.Equal(probe, want) {
		t.Fatalf("probe % x\nwant  % x", probe, want)
	}
	// Our own probe, seen going out, claims nothing.
	if arpClaim(probe, own, addr) != nil {
		t.Error("our own probe counted as a claim")
	}
	reply := arpPacket(them, addr)
	reply[7] = 2                       // a reply...
	copy(reply[14:18], addr.AsSlice()) // ...from the address's holder
	if got := arpClaim(reply, own, addr); got.String() != them.String() {
		t.Errorf("claim by %v, want %v", got, them)
	}
	if arpClaim(reply, own, netip.MustParseAddr("192.0.2.11")) != nil {
		t.Error("a claim on another address counted")
	}
	if arpClaim(reply, map[string]bool{string(them): true}, addr) != nil {
		t.Error("a claim with our own MAC counted")
	}
	copy(reply[8:14], second)
	if got := arpClaim(reply, own, addr); got != nil {
		t.Errorf("a claim from our other interface %v counted", got)
	}
	if arpClaim(reply[:20], own, addr) != nil {
		t.Error("a short packet counted")
	}
}

// TestIPConflictDoesNotApply covers the cases that must not send anything.
func TestIPConflictDoesNotApply(t *testing.T) {
	useNetTree(t, "unplugged", map[string][]string{"lo": {"127.0.0.1/8"}})
	for _, c := range []struct {
		with map[string]any
		skip string
	}{
		{map[string]any{"interface": "lo"}, "lo does not use ARP"},
		{map[string]any{}, "eth0 has no link"},
	} {
		o := run(t, "net.ipconflict", c.with)
		expectEqual(t, "status", status(t, "net.ipconflict", o), StatusSkip)
		if !strings.HasPrefix(o.Skip, c.skip) {
			t.Errorf("%v: skip %q, want %q", c.with, o.Skip, c.skip)
		}
	}
	o := run(t, "net.ipconflict", map[string]any{"interface": "eth9"})
	if o.ErrorKind != "not_found" || status(t, "net.ipconflict", o) != StatusFail {
		t.Errorf("missing interface: %+v", o)
	}

	useNetTree(t, "ethernet", map[string][]string{"eth0": {"169.254.3.4/16"}})
	o = run(t, "net.ipconflict", nil)
	if o.Skip != "eth0 has no IPv4 address, so none can conflict" {
		t.Errorf("no address: %+v", o)
	}
	// An IPv6 address is looked up in the DAD state, which this recorded
	// tree does not have.
	o = run(t, "net.ipconflict", map[string]any{"address": "2001:db8::1"})
	if o.Skip != "this machine does not show which IPv6 addresses failed duplicate address detection" {
		t.Errorf("IPv6 address: %+v", o)
	}
}

func TestParseIfInet6(t *testing.T) {
	// Lines in the format of /proc/net/if_inet6 (made up for the test,
	// the format as Linux 6.1 writes it): a global address that
	// failed DAD (flags 0x88: dadfailed, tentative), one that passed
	// (0x80: permanent) and a link-local one, on ifindex 2 and 3.
	const table = `20010db8007700000000000000000010 02 40 00 88     eth0
20010db8007700000000000000000011 02 40 00 80     eth0
fe8000000000000000b0fffffe000066 03 40 20 80    wlan0
20010db8000000000000000000000099 03 40 00 08    wlan0
`
	got := parseIfInet6(bufio.NewScanner(strings.NewReader(table)), 2)
	if !slices.Equal(got, []string{"2001:db8:77::10"}) {
		t.Errorf("eth0: %v", got)
	}
	got = parseIfInet6(bufio.NewScanner(strings.NewReader(table)), 0)
	if !slices.Equal(got, []string{"2001:db8:77::10", "2001:db8::99"}) {
		t.Errorf("every interface: %v", got)
	}
}
