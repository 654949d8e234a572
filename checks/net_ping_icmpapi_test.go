package checks

import "testing"

// TestICMPStatusKind: what Windows' ICMP API answers reads as the same
// error kinds as the sockets' answers on Linux, and the statuses with no
// kind of their own are said in words.
func TestICMPStatusKind(t *testing.T) {
	for status, want := range map[uint32]ErrorKind{
		0: "", 11010: "timeout", 11002: "no_route", 1231: "no_route", 11003: "unreachable",
		11013: "unreachable", 1232: "unreachable", 11050: "other", 11009: "other",
	} {
		if got := icmpStatusKind(status); got != want {
			t.Errorf("status %d: kind %q, want %q", status, got, want)
		}
	}
	for _, status := range []uint32{11001, 11006, 11008, 11009, 11011, 11015, 11016, 11050} {
		if icmpStatusKind(status) == "other" && icmpStatusText(status) == "" {
			t.Errorf("status %d has neither a kind nor words", status)
		}
	}
}
