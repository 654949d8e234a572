//go:build !linux && !windows

package checks

import (
	"context"
	"net"
	"net/netip"
)

func arpProbe(context.Context, int, net.HardwareAddr, netip.Addr) (net.HardwareAddr, error) {
	return nil, errNoPacketSocket
}

const conflictProbeWords = ""
