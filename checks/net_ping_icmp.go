//go:build !windows

package checks

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"net"
	"os"
	"time"

	"golang.org/x/net/icmp"
	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"
)

// pingMethods are tried in this order until one can open its socket;
// tests narrow the list to exercise one.
var pingMethods = []string{"udp-icmp", "icmp", "tcp"}

// pingWith pings by one method; false when this process may not use it.
func pingWith(ctx context.Context, plan pingPlan, method string) (pingStats, bool) {
	if method == "tcp" {
		return pingTCP(ctx, plan), true
	}
	return pingICMP(ctx, plan, method == "udp-icmp")
}

// echoSession is one run of echo requests over one ICMP socket.
type echoSession struct {
	conn     *icmp.PacketConn
	dst      net.Addr
	v6       bool
	raw      bool // raw sockets see every ICMP packet, so the ID must match
	id, seq0 int
	payload  []byte // a random token: only our own requests come back with it
	timeout  time.Duration
	sentAt   []time.Time
	answered []bool
	stats    pingStats
}

// pingICMP pings over an unprivileged datagram ICMP socket or a raw one.
// It returns false when this process may not open that kind of socket.
func pingICMP(ctx context.Context, plan pingPlan, datagram bool) (pingStats, bool) {
	v6 := plan.dst.Is6()
	network, laddr := "ip4:icmp", "0.0.0.0"
	switch {
	case datagram && v6:
		network, laddr = "udp6", "::"
	case datagram:
		network = "udp4"
	case v6:
		network, laddr = "ip6:ipv6-icmp", "::"
	}
	conn, err := icmp.ListenPacket(network, laddr)
	if err != nil {
		return pingStats{}, false
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.SetReadDeadline(time.Now()) })
	defer stop()

	token := make([]byte, 10)
	rand.Read(token)
	s := &echoSession{
		conn: conn, v6: v6, raw: !datagram, timeout: plan.timeout,
		id: int(binary.BigEndian.Uint16(token)), seq0: int(binary.BigEndian.Uint16(token[2:])),
		payload: append([]byte("tsr-ping:"), token[4:]...),
	}
	if datagram {
		s.dst = &net.UDPAddr{IP: plan.dst.AsSlice(), Zone: plan.dst.Zone()}
	} else {
		s.dst = &net.IPAddr{IP: plan.dst.AsSlice(), Zone: plan.dst.Zone()}
	}
	next := time.Now()
	for i := 0; i < plan.count; i++ {
		s.readUntil(ctx, next, false)
		if ctx.Err() != nil || pastDeadline(ctx, next) {
			s.stats.cutShort = true
			break
		}
		s.send(i)
		next = next.Add(plan.interval)
	}
	if n := len(s.sentAt); n > 0 {
		s.readUntil(ctx, s.sentAt[n-1].Add(plan.timeout), true)
	}
	return s.stats, true
}

func (s *echoSession) send(i int) {
	typ := icmp.Type(ipv4.ICMPTypeEcho)
	if s.v6 {
		typ = ipv6.ICMPTypeEchoRequest
	}
	msg := icmp.Message{Type: typ, Body: &icmp.Echo{ID: s.id, Seq: (s.seq0 + i) & 0xffff, Data: s.payload}}
	b, _ := msg.Marshal(nil) // the kernel fills in the ICMPv6 checksum
	s.sentAt = append(s.sentAt, time.Now())
	s.answered = append(s.answered, false)
	s.stats.sent++
	if _, err := s.conn.WriteTo(b, s.dst); err != nil {
		s.stats.errKind, s.stats.err = ErrorKindOf(err), err
	}
}

// readUntil takes in answers until t; when final, it stops as soon as
// every request is answered.
func (s *echoSession) readUntil(ctx context.Context, t time.Time, final bool) {
	if dl, ok := ctx.Deadline(); ok && dl.Before(t) {
		t = dl
	}
	buf := make([]byte, 1500)
	for ctx.Err() == nil && time.Now().Before(t) {
		if final && len(s.stats.rtts) == len(s.sentAt) {
			return
		}
		s.conn.SetReadDeadline(t)
		n, _, err := s.conn.ReadFrom(buf)
		if err != nil {
			if !errors.Is(err, os.ErrDeadlineExceeded) {
				s.stats.errKind, s.stats.err = ErrorKindOf(err), err
			}
			return
		}
		s.handle(buf[:n], time.Now())
	}
}

func (s *echoSession) handle(b []byte, at time.Time) {
	proto := 1
	if s.v6 {
		proto = 58
	}
	m, err := icmp.ParseMessage(proto, b)
	if err != nil {
		return
	}
	switch m.Type {
	case ipv4.ICMPTypeEchoReply, ipv6.ICMPTypeEchoReply:
		e, ok := m.Body.(*icmp.Echo)
		if ok && bytes.Equal(e.Data, s.payload) && (!s.raw || e.ID == s.id) {
			s.answer(e.Seq, at)
		}
	case ipv4.ICMPTypeDestinationUnreachable, ipv6.ICMPTypeDestinationUnreachable:
		u, ok := m.Body.(*icmp.DstUnreach)
		if id, ok2 := quotedEchoID(u, s.v6); ok && ok2 && id == s.id {
			s.stats.errKind, s.stats.err = ErrorKindUnreachable, nil
			if m.Code == 0 { // network unreachable (v4), no route (v6)
				s.stats.errKind = ErrorKindNoRoute
			}
		}
	}
}

// answer records the reply to request seq, unless it came too late.
func (s *echoSession) answer(seq int, at time.Time) {
	i := (seq - s.seq0) & 0xffff
	if i >= len(s.sentAt) || s.answered[i] || at.Sub(s.sentAt[i]) > s.timeout {
		return
	}
	s.answered[i] = true
	s.stats.rtts = append(s.stats.rtts, at.Sub(s.sentAt[i]))
}

// quotedEchoID reads the echo ID out of the request an ICMP error quotes.
func quotedEchoID(u *icmp.DstUnreach, v6 bool) (int, bool) {
	if u == nil || len(u.Data) < 20 {
		return 0, false
	}
	hdr, echoType := int(u.Data[0]&0x0f)*4, byte(8)
	if v6 {
		hdr, echoType = 40, 128
	}
	if len(u.Data) < hdr+8 || u.Data[hdr] != echoType {
		return 0, false
	}
	return int(binary.BigEndian.Uint16(u.Data[hdr+4:])), true
}
