package checks

import (
	"bytes"
	"net"
	"net/netip"
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
		o := runNet(t, "net.ipconflict", c.with)
		wantStatus(t, o, "skip")
		if !strings.HasPrefix(o.Skip, c.skip) {
			t.Errorf("%v: skip %q, want %q", c.with, o.Skip, c.skip)
		}
	}
	o := runNet(t, "net.ipconflict", map[string]any{"interface": "eth9"})
	if o.ErrorKind != "not_found" || o.Error {
		t.Errorf("missing interface: %+v", o)
	}

	useNetTree(t, "ethernet", map[string][]string{"eth0": {"169.254.3.4/16"}})
	o = runNet(t, "net.ipconflict", nil)
	if o.Skip != "eth0 has no IPv4 address, so none can conflict" {
		t.Errorf("no address: %+v", o)
	}
	o = runNet(t, "net.ipconflict", map[string]any{"address": "2001:db8::1"})
	if !o.Error || o.ErrorKind != "parameter" {
		t.Errorf("IPv6 address: %+v", o)
	}
}
