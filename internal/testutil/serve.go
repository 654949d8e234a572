package testutil

import (
	"net"
	"testing"
)

// Listen listens on a free TCP port of 127.0.0.1 until the test ends; it
// skips the test when loopback is down.
func Listen(t testing.TB) net.Listener {
	t.Helper()
	NeedLoopback(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}

// ClosedAddr is an address of 127.0.0.1 (host:port) where nothing
// listens, so that a connection there is refused: a port the kernel gave
// the test to listen on, closed again.
func ClosedAddr(t testing.TB) string {
	t.Helper()
	ln := Listen(t)
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// Serve accepts connections on ln until it is closed (at the latest when
// the test ends), hands each to handle in a goroutine of its own, and
// closes it when handle returns. A nil handle closes each connection at
// once: a port that accepts and says nothing.
func Serve(t testing.TB, ln net.Listener, handle func(net.Conn)) {
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				if handle != nil {
					handle(c)
				}
			}()
		}
	}()
}

// ListenUDP listens on a free UDP port of 127.0.0.1 until the test ends;
// it skips the test when loopback is down.
func ListenUDP(t testing.TB) net.PacketConn {
	t.Helper()
	NeedLoopback(t)
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	return pc
}

// ClosedUDPAddr is an address of 127.0.0.1 (host:port) where nothing
// listens for UDP: a port the kernel gave the test, closed again.
func ClosedUDPAddr(t testing.TB) string {
	t.Helper()
	pc := ListenUDP(t)
	pc.Close()
	return pc.LocalAddr().String()
}

// AnswerUDP answers each datagram pc receives with what answer returns
// for it, or not at all when that is nil, until pc is closed.
func AnswerUDP(pc net.PacketConn, answer func(request []byte) []byte) {
	go func() {
		buf := make([]byte, 64<<10)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if reply := answer(buf[:n]); reply != nil {
				pc.WriteTo(reply, from)
			}
		}
	}()
}
