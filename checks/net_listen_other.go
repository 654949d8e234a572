//go:build !linux

package checks

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"syscall"
	"time"
)

// findListener connects to the port on this machine: without a socket
// table to read, a completed handshake is the proof. UDP has no handshake.
func findListener(ctx context.Context, proto string, port uint16, want netip.Addr) (netip.AddrPort, error) {
	if proto != "tcp" {
		return netip.AddrPort{}, NotHere("looking for UDP listeners works only on Linux: UDP has no handshake to try")
	}
	if !want.IsValid() || want.IsUnspecified() {
		want = netip.AddrFrom4([4]byte{127, 0, 0, 1})
	}
	target := netip.AddrPortFrom(want, port)
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", target.String())
	if err != nil {
		if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, context.DeadlineExceeded) {
			return netip.AddrPort{}, nil
		}
		return netip.AddrPort{}, err
	}
	conn.Close()
	return target, nil
}
