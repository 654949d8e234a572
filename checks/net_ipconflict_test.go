package checks

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
)

// An ARP probe this OS cannot send is a skip with NotHere's reason, like
// every other "not on this OS" answer; one this run lacks the privilege
// for is a skip that says how to get it; any other failure is an error.
func TestARPProbeThatCannotBeSent(t *testing.T) {
	o := arpProbeFailed("en0", fmt.Errorf("arp: %w", NotHere("the IP conflict check works only on Linux and Windows")))
	if status(t, "net.ipconflict", o) != StatusSkip || o.Skip != "the IP conflict check works only on Linux and Windows" {
		t.Errorf("not-here outcome = %+v, want a skip with the reason", o)
	}
	o = arpProbeFailed("eth0", &os.SyscallError{Syscall: "socket", Err: syscall.EPERM})
	if status(t, "net.ipconflict", o) != StatusSkip || !strings.Contains(o.Skip, "setcap cap_net_raw+ep") {
		t.Errorf("permission outcome = %+v, want a skip saying how to get the privilege", o)
	}
	o = arpProbeFailed("eth0", &os.SyscallError{Syscall: "sendto", Err: syscall.ENETDOWN})
	if status(t, "net.ipconflict", o) != StatusError || !strings.HasPrefix(o.Message, "cannot send an ARP probe on eth0: sendto: ") {
		t.Errorf("other failure = %+v, want an error saying what failed", o)
	}
}
