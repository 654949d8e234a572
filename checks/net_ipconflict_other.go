//go:build !linux && !windows

package checks

import (
	"context"
	"net"
	"net/netip"
)

func arpProbe(context.Context, int, net.HardwareAddr, netip.Addr) (net.HardwareAddr, error) {
	return nil, NotHere("the IP conflict check works only on Linux and Windows")
}

const conflictProbeWords = ""
