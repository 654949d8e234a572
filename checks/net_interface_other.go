//go:build !linux && !windows && !darwin

package checks

import "net"

// listLinks asks the OS through the net package: carrier is the running
// flag (IFF_RUNNING); speed, Wi-Fi and driver stay unknown.
func listLinks() ([]link, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, err
	}
	links := make([]link, 0, len(ifs))
	for _, ifi := range ifs {
		loopback := ifi.Flags&net.FlagLoopback != 0
		links = append(links, link{
			Name: ifi.Name, Index: ifi.Index, MTU: int64(ifi.MTU), MAC: ifi.HardwareAddr.String(),
			Up: ifi.Flags&net.FlagUp != 0, Carrier: ifi.Flags&net.FlagRunning != 0,
			Loopback: loopback, Physical: !loopback,
		})
	}
	return links, nil
}
