package checks

import (
	"context"
	"encoding/binary"
	"errors"
	"net/netip"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// On Windows, IcmpSendEcho2 (iphlpapi, see net_ping_windows.go) sends echo
// requests without privileges; its IP options set "don't fragment", and a
// "fragmentation needed" comes back as the status IP_PACKET_TOO_BIG.

// ipOptionInformation is IP_OPTION_INFORMATION (ipexport.h).
type ipOptionInformation struct {
	TTL, TOS, Flags, OptionsSize uint8
	OptionsData                  uintptr
}

const (
	ipFlagDF          = 0x2
	ipStatusPacketBig = 11009 // IP_PACKET_TOO_BIG
)

type winSizeProber struct {
	handle windows.Handle
	dst    [4]byte
	wait   time.Duration
}

func newSizeProber(dst netip.Addr, wait time.Duration) (sizeProber, error) {
	if !dst.Is4() {
		return nil, NotHere("tsr probes the path MTU over IPv6 only on Linux")
	}
	if procIcmpSendEcho2.Find() != nil {
		return nil, NotHere("this Windows has no ICMP API (IcmpSendEcho2)")
	}
	h, err := icmpOpen(false) // IPv4 only: checked above
	if err != nil {
		return nil, err
	}
	return &winSizeProber{handle: h, dst: dst.As4(), wait: wait}, nil
}

// shortenWait waits at most d for the answers to the next probes.
func (p *winSizeProber) shortenWait(d time.Duration) { p.wait = min(p.wait, d) }

func (p *winSizeProber) Close() error {
	icmpClose(p.handle)
	return nil
}

func (p *winSizeProber) probe(ctx context.Context, size int) (probeAnswer, int, error) {
	payload := make([]byte, max(size-28, 8))
	copy(payload, "tsr-pmtu")
	opts := ipOptionInformation{TTL: 128, Flags: ipFlagDF}
	reply := make([]byte, unsafe.Sizeof(icmpEchoReply{})+uintptr(len(payload))+256)
	wait := p.wait
	if d, ok := ctx.Deadline(); ok {
		wait = min(wait, time.Until(d))
	}
	if wait < time.Millisecond {
		return probeLost, 0, nil
	}
	n, _, callErr := procIcmpSendEcho2.Call(uintptr(p.handle), 0, 0, 0,
		uintptr(binary.LittleEndian.Uint32(p.dst[:])), // IPAddr: the address bytes in network order
		uintptr(unsafe.Pointer(&payload[0])), uintptr(len(payload)), uintptr(unsafe.Pointer(&opts)),
		uintptr(unsafe.Pointer(&reply[0])), uintptr(len(reply)), uintptr(wait.Milliseconds()))
	status := (*icmpEchoReply)(unsafe.Pointer(&reply[0])).Status
	if n == 0 {
		var errno syscall.Errno
		errors.As(callErr, &errno)
		status = uint32(errno)
	}
	switch {
	case n > 0 && status == 0:
		return probeReplied, 0, nil
	case status == ipStatusPacketBig:
		return probeTooBig, 0, nil
	}
	return probeLost, 0, nil
}
