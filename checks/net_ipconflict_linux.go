package checks

import (
	"context"
	"encoding/binary"
	"errors"
	"net"
	"net/netip"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// conflictProbeWords says how the probe looked, for the message of a
// check that found no conflict.
var conflictProbeWords = " within " + FormatDuration(arpListen)

// arpProbe broadcasts RFC 5227 ARP probes for addr ("who has addr? tell
// 0.0.0.0") from an AF_PACKET socket and returns the hardware address of
// whoever claims addr within arpListen; nil when nobody does. Claims from
// this machine's own interfaces do not count: Linux answers for any local
// address on every interface, so a second NIC on the same network, or the
// peer of a veth pair, would answer for ours.
func arpProbe(ctx context.Context, ifindex int, mac net.HardwareAddr, addr netip.Addr) (net.HardwareAddr, error) {
	proto := int(htons(unix.ETH_P_ARP))
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_DGRAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, proto)
	if err != nil {
		return nil, os.NewSyscallError("socket", err)
	}
	f := os.NewFile(uintptr(fd), "arp") // non-blocking: reads honour deadlines
	defer f.Close()
	if err := unix.Bind(fd, &unix.SockaddrLinklayer{Protocol: uint16(proto), Ifindex: ifindex}); err != nil {
		return nil, os.NewSyscallError("bind", err)
	}
	broadcast := &unix.SockaddrLinklayer{Protocol: uint16(proto), Ifindex: ifindex, Halen: 6, Addr: [8]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}
	probe := arpPacket(mac, addr)
	own := localMACs(mac)
	stop := context.AfterFunc(ctx, func() { f.SetReadDeadline(time.Now()) })
	defer stop()

	start := time.Now()
	end := start.Add(arpListen)
	if dl, ok := ctx.Deadline(); ok && dl.Before(end) {
		end = dl
	}
	// Two probes, as one can be lost; RFC 5227 sends three over seconds.
	sends := []time.Time{start, start.Add(arpListen * 2 / 5)}
	rawConn, err := f.SyscallConn()
	if err != nil {
		return nil, err
	}
	buf := make([]byte, 128)
	for ctx.Err() == nil && time.Now().Before(end) {
		if len(sends) > 0 && !time.Now().Before(sends[0]) {
			if err := unix.Sendto(fd, probe, 0, broadcast); err != nil {
				return nil, os.NewSyscallError("sendto", err)
			}
			sends = sends[1:]
		}
		until := end
		if len(sends) > 0 {
			until = sends[0]
		}
		f.SetReadDeadline(until)
		var n int
		var from unix.Sockaddr
		var rerr error
		err := rawConn.Read(func(fd uintptr) bool {
			n, from, rerr = unix.Recvfrom(int(fd), buf, 0)
			return rerr != unix.EAGAIN
		})
		if errors.Is(err, os.ErrDeadlineExceeded) {
			continue
		}
		if err == nil {
			err = rerr
		}
		if err != nil {
			return nil, err
		}
		if ll, ok := from.(*unix.SockaddrLinklayer); ok && ll.Pkttype == unix.PACKET_OUTGOING {
			continue
		}
		if other := arpClaim(buf[:n], own, addr); other != nil {
			return other, nil
		}
	}
	return nil, nil
}

// arpPacket builds an ARP probe: sender IP 0.0.0.0, so that nobody's cache
// learns from it, target addr.
func arpPacket(mac net.HardwareAddr, addr netip.Addr) []byte {
	b := make([]byte, 28)
	binary.BigEndian.PutUint16(b[0:], 1)      // Ethernet
	binary.BigEndian.PutUint16(b[2:], 0x0800) // IPv4
	b[4], b[5] = 6, 4
	binary.BigEndian.PutUint16(b[6:], 1) // request
	copy(b[8:14], mac)
	a := addr.As4()
	copy(b[24:28], a[:])
	return b
}

// localMACs returns the hardware addresses of this machine's interfaces,
// mac among them.
func localMACs(mac net.HardwareAddr) map[string]bool {
	own := map[string]bool{string(mac): true}
	ifs, _ := net.Interfaces() // without the list, only mac is ours
	for _, i := range ifs {
		if len(i.HardwareAddr) > 0 {
			own[string(i.HardwareAddr)] = true
		}
	}
	return own
}

// arpClaim returns the sender of an ARP packet that says it holds addr,
// unless that is one of our own hardware addresses.
func arpClaim(b []byte, own map[string]bool, addr netip.Addr) net.HardwareAddr {
	if len(b) < 28 || binary.BigEndian.Uint16(b[0:]) != 1 || binary.BigEndian.Uint16(b[2:]) != 0x0800 || b[4] != 6 || b[5] != 4 {
		return nil
	}
	sha, spa := net.HardwareAddr(b[8:14]), netip.AddrFrom4([4]byte(b[14:18]))
	if spa != addr || own[string(sha)] {
		return nil
	}
	return append(net.HardwareAddr(nil), sha...)
}

func htons(v uint16) uint16 { return v<<8 | v>>8 }
