package checks

import (
	"context"
	"encoding/binary"
	"errors"
	"net/netip"
	"os"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// icmpSizeProber probes over an unprivileged ICMP datagram socket ("ping
// socket") with IP_MTU_DISCOVER set to IP_PMTUDISC_PROBE: "don't fragment"
// on every packet, sized by the link and not by the kernel's cached path
// MTU. "Fragmentation needed" arrives on the socket's error queue
// (IP_RECVERR) with the MTU the router named.
// Where ping sockets are not allowed (net.ipv4.ping_group_range, "1 0"
// in a fresh network namespace), a privileged process uses a raw socket
// with the same options.
type icmpSizeProber struct {
	fd   int
	v6   bool
	raw  bool   // a raw socket: it sees every echo reply, and IPv4 ones with their IP header
	id   uint16 // the echo ID, on a raw socket (a ping socket sets its own)
	seq  uint16
	wait time.Duration
}

func newSizeProber(dst netip.Addr, wait time.Duration) (sizeProber, error) {
	family, proto, level := unix.AF_INET, unix.IPPROTO_ICMP, unix.IPPROTO_IP
	if dst.Is6() {
		family, proto, level = unix.AF_INET6, unix.IPPROTO_ICMPV6, unix.IPPROTO_IPV6
	}
	raw := false
	fd, err := unix.Socket(family, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, proto)
	if err != nil && privileged() {
		raw = true
		fd, err = unix.Socket(family, unix.SOCK_RAW|unix.SOCK_CLOEXEC, proto)
	}
	if err != nil {
		return nil, os.NewSyscallError("socket", err)
	}
	opts := [][2]int{{unix.IP_MTU_DISCOVER, unix.IP_PMTUDISC_PROBE}, {unix.IP_RECVERR, 1}}
	var sa unix.Sockaddr = &unix.SockaddrInet4{Addr: dst.As4()}
	if dst.Is6() {
		opts = [][2]int{{unix.IPV6_MTU_DISCOVER, unix.IPV6_PMTUDISC_PROBE}, {unix.IPV6_RECVERR, 1}, {unix.IPV6_DONTFRAG, 1}}
		sa = &unix.SockaddrInet6{Addr: dst.As16()}
	}
	for _, o := range opts {
		if err := unix.SetsockoptInt(fd, level, o[0], o[1]); err != nil {
			unix.Close(fd)
			return nil, os.NewSyscallError("setsockopt", err)
		}
	}
	if err := unix.Connect(fd, sa); err != nil {
		unix.Close(fd)
		return nil, os.NewSyscallError("connect", err)
	}
	now := time.Now().UnixNano()
	return &icmpSizeProber{fd: fd, v6: dst.Is6(), raw: raw, id: uint16(now >> 16), seq: uint16(now), wait: wait}, nil
}

// shortenWait waits at most d for the answers to the next probes.
func (p *icmpSizeProber) shortenWait(d time.Duration) { p.wait = min(p.wait, d) }

func (p *icmpSizeProber) Close() error { return unix.Close(p.fd) }

// headers is the IP and ICMP header bytes of a probe.
func (p *icmpSizeProber) headers() int {
	if p.v6 {
		return 40 + 8
	}
	return 20 + 8
}

func (p *icmpSizeProber) probe(ctx context.Context, size int) (probeAnswer, int, error) {
	p.seq++
	pkt := make([]byte, size-p.headers()+8)
	pkt[0] = 8 // echo request; the kernel sets the ID and checksum
	if p.v6 {
		pkt[0] = 128
	}
	binary.BigEndian.PutUint16(pkt[6:], p.seq)
	copy(pkt[8:], "tsr-pmtu")
	if p.raw {
		binary.BigEndian.PutUint16(pkt[4:], p.id)
		if !p.v6 { // the kernel sums ICMPv6 itself
			binary.BigEndian.PutUint16(pkt[2:], icmpChecksum(pkt))
		}
	}
	if _, err := unix.Write(p.fd, pkt); err != nil {
		if errors.Is(err, unix.EMSGSIZE) {
			return probeTooBig, p.kernelMTU(), nil // too big for the link here
		}
		return probeLost, 0, os.NewSyscallError("send", err)
	}
	deadline := time.Now().Add(p.wait)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	buf := make([]byte, size+64)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return probeLost, 0, nil
		}
		fds := []unix.PollFd{{Fd: int32(p.fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, int(left/time.Millisecond)+1)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return probeLost, 0, os.NewSyscallError("poll", err)
		}
		if n == 0 {
			continue
		}
		if fds[0].Revents&unix.POLLERR != 0 {
			if mtu, ours := p.readError(); ours {
				return probeTooBig, mtu, nil
			}
			continue
		}
		m, err := unix.Read(p.fd, buf)
		if err != nil {
			continue // a pending ICMP error: the error queue tells which
		}
		if p.isReply(buf[:m]) {
			return probeReplied, 0, nil
		}
	}
}

// readError takes one error off the socket's error queue: the MTU a
// "fragmentation needed" named, and whether it is about this probe.
func (p *icmpSizeProber) readError() (mtu int, ours bool) {
	buf, oob := make([]byte, 64), make([]byte, 512)
	n, oobn, _, _, err := unix.Recvmsg(p.fd, buf, oob, unix.MSG_ERRQUEUE|unix.MSG_DONTWAIT)
	if err != nil {
		return 0, false
	}
	msgs, err := unix.ParseSocketControlMessage(oob[:oobn])
	if err != nil {
		return 0, false
	}
	for _, m := range msgs {
		recverr := (m.Header.Level == unix.SOL_IP && m.Header.Type == unix.IP_RECVERR) ||
			(m.Header.Level == unix.SOL_IPV6 && m.Header.Type == unix.IPV6_RECVERR)
		if !recverr || len(m.Data) < int(unsafe.Sizeof(unix.SockExtendedErr{})) {
			continue
		}
		ee := (*unix.SockExtendedErr)(unsafe.Pointer(&m.Data[0]))
		if ee.Errno != uint32(unix.EMSGSIZE) {
			continue
		}
		// The queue returns the probe that caused the error.
		ours = n >= 8 && binary.BigEndian.Uint16(buf[6:]) == p.seq
		return int(ee.Info), ours
	}
	return 0, false
}

// kernelMTU is the MTU the kernel knows for the connected destination.
func (p *icmpSizeProber) kernelMTU() int {
	level, opt := unix.IPPROTO_IP, unix.IP_MTU
	if p.v6 {
		level, opt = unix.IPPROTO_IPV6, unix.IPV6_MTU
	}
	mtu, err := unix.GetsockoptInt(p.fd, level, opt)
	if err != nil {
		return 0
	}
	return mtu
}

// isReply says whether b is the echo reply to the current probe.
func (p *icmpSizeProber) isReply(b []byte) bool {
	if p.raw && !p.v6 && len(b) > 0 {
		b = b[int(b[0]&0x0f)*4:] // a raw IPv4 socket reads the IP header too
	}
	reply := byte(0)
	if p.v6 {
		reply = 129
	}
	if len(b) < 8 || b[0] != reply || binary.BigEndian.Uint16(b[6:]) != p.seq {
		return false
	}
	return !p.raw || binary.BigEndian.Uint16(b[4:]) == p.id
}

// icmpChecksum is the Internet checksum of an ICMP message.
func icmpChecksum(b []byte) uint16 {
	var sum uint32
	for i := 0; i+1 < len(b); i += 2 {
		sum += uint32(b[i])<<8 | uint32(b[i+1])
	}
	if len(b)%2 == 1 {
		sum += uint32(b[len(b)-1]) << 8
	}
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	return ^uint16(sum)
}
