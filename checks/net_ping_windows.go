package checks

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// pingMethods: Windows gives every user ICMP through its ICMP API
// (IcmpSendEcho2, Icmp6SendEcho2 for IPv6), with no raw socket; TCP
// handshakes stay for an API that is missing. x/net/icmp's sockets are never tried here: raw
// ones need Administrator, and datagram ones do not exist on Windows
// (under Wine they do, and net.FilePacketConn then crashed on them).
var pingMethods = []string{"icmp", "tcp"}

var (
	modIphlpapi         = windows.NewLazySystemDLL("iphlpapi.dll")
	procIcmpCreateFile  = modIphlpapi.NewProc("IcmpCreateFile")
	procIcmpCloseHandle = modIphlpapi.NewProc("IcmpCloseHandle")
	procIcmpSendEcho2   = modIphlpapi.NewProc("IcmpSendEcho2")
	procIcmp6CreateFile = modIphlpapi.NewProc("Icmp6CreateFile")
	procIcmp6SendEcho2  = modIphlpapi.NewProc("Icmp6SendEcho2")
)

// icmpv6EchoReply is ICMPV6_ECHO_REPLY: a packed 26-byte IPV6_ADDRESS_EX,
// then the status and the round trip.
type icmpv6EchoReply struct {
	Address       [26]byte
	_             [2]byte
	Status        uint32
	RoundTripTime uint32
}

// icmpEchoReply is ICMP_ECHO_REPLY of the process's own width (its Data
// and OptionsData are pointers).
type icmpEchoReply struct {
	Address       uint32
	Status        uint32
	RoundTripTime uint32
	DataSize      uint16
	Reserved      uint16
	Data          uintptr
	Options       struct {
		TTL, TOS, Flags, OptionsSize uint8
		OptionsData                  uintptr
	}
}

// pingWith pings by one method; false when this process cannot use it.
func pingWith(ctx context.Context, plan pingPlan, method string) (pingStats, bool) {
	if method == "tcp" {
		return pingTCP(ctx, plan), true
	}
	if plan.dst.Is4() && procIcmpSendEcho2.Find() != nil || plan.dst.Is6() && procIcmp6SendEcho2.Find() != nil {
		return pingStats{}, false
	}
	return pingICMPAPI(ctx, plan)
}

// pingICMPAPI sends one echo request every interval, each in its own
// blocking IcmpSendEcho2 call (bounded by the timeout), and collects the
// answers as pingTCP does.
func pingICMPAPI(ctx context.Context, plan pingPlan) (pingStats, bool) {
	probe, err := icmpOpen(plan.dst.Is6())
	if err != nil {
		return pingStats{}, false
	}
	icmpClose(probe)
	var st pingStats
	payload := make([]byte, 32)
	copy(payload, "tsr-ping:")
	rand.Read(payload[9:])
	paceEchoes(ctx, plan, &st, func() func(*pingStats) {
		rtt, status, err := icmpEcho(ctx, plan, payload)
		return func(st *pingStats) {
			switch {
			case err != nil:
				st.errKind, st.err = ErrorKindOf(err), err
			case status != ipSuccess:
				st.errKind, st.err = icmpStatusKind(status), nil
				if text := icmpStatusText(status); text != "" {
					st.err = errors.New(text)
				}
			default:
				st.rtts = append(st.rtts, rtt)
			}
		}
	})
	return st, true
}

// icmpEcho sends one echo request and waits for its answer, at most the
// timeout (or what is left of ctx). The round trip is timed around the
// call: the API's own figure is in whole milliseconds.
func icmpEcho(ctx context.Context, plan pingPlan, payload []byte) (time.Duration, uint32, error) {
	h, err := icmpOpen(plan.dst.Is6())
	if err != nil {
		return 0, 0, err
	}
	defer icmpClose(h)
	wait := plan.timeout
	if dl, ok := ctx.Deadline(); ok {
		wait = min(wait, time.Until(dl))
	}
	if wait < time.Millisecond {
		return 0, ipReqTimedOut, nil
	}
	reply := make([]byte, unsafe.Sizeof(icmpEchoReply{})+uintptr(len(payload))+256) // room for an ICMP error's quote
	start := time.Now()
	var n uintptr
	var callErr error
	if plan.dst.Is6() {
		src := windows.RawSockaddrInet6{Family: windows.AF_INET6}
		dst := windows.RawSockaddrInet6{Family: windows.AF_INET6, Addr: plan.dst.As16()}
		n, _, callErr = procIcmp6SendEcho2.Call(uintptr(h), 0, 0, 0,
			uintptr(unsafe.Pointer(&src)), uintptr(unsafe.Pointer(&dst)),
			uintptr(unsafe.Pointer(&payload[0])), uintptr(len(payload)), 0,
			uintptr(unsafe.Pointer(&reply[0])), uintptr(len(reply)), uintptr(wait.Milliseconds()))
	} else {
		dst := plan.dst.As4()
		n, _, callErr = procIcmpSendEcho2.Call(uintptr(h), 0, 0, 0,
			uintptr(binary.LittleEndian.Uint32(dst[:])), // IPAddr: the address bytes in network order
			uintptr(unsafe.Pointer(&payload[0])), uintptr(len(payload)), 0,
			uintptr(unsafe.Pointer(&reply[0])), uintptr(len(reply)), uintptr(wait.Milliseconds()))
	}
	rtt := time.Since(start)
	if n == 0 {
		var errno syscall.Errno
		errors.As(callErr, &errno)
		if s := uint32(errno); s >= ipBufTooSmall && s <= ipGeneralFailure || s == errorNetworkUnreachable || s == errorHostUnreachable {
			return 0, s, nil
		}
		return 0, 0, fmt.Errorf("IcmpSendEcho2: %w", callErr)
	}
	if plan.dst.Is6() {
		return rtt, (*icmpv6EchoReply)(unsafe.Pointer(&reply[0])).Status, nil
	}
	return rtt, (*icmpEchoReply)(unsafe.Pointer(&reply[0])).Status, nil
}

func icmpOpen(v6 bool) (windows.Handle, error) {
	create := procIcmpCreateFile
	if v6 {
		create = procIcmp6CreateFile
	}
	h, _, err := create.Call()
	if windows.Handle(h) == windows.InvalidHandle {
		return 0, fmt.Errorf("%s: %w", create.Name, err)
	}
	return windows.Handle(h), nil
}

func icmpClose(h windows.Handle) { procIcmpCloseHandle.Call(uintptr(h)) }
