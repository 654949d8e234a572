//go:build !linux && !windows

package checks

import (
	"net/netip"
	"time"
)

func newSizeProber(netip.Addr, time.Duration) (sizeProber, error) {
	return nil, NotHere("tsr probes the path MTU only on Linux and Windows")
}
