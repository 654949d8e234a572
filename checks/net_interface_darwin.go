package checks

import (
	"net"
	"unsafe"

	"golang.org/x/sys/unix"
)

// listLinks asks the net package, then the interface's media status
// (SIOCGIFMEDIA, what `ifconfig` prints as "status: active"): macOS keeps
// the running flag set on an unplugged Ethernet port.
func listLinks() ([]link, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, err
	}
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM, 0)
	if err == nil {
		defer unix.Close(fd)
	}
	links := make([]link, 0, len(ifs))
	for _, ifi := range ifs {
		loopback := ifi.Flags&net.FlagLoopback != 0
		l := link{
			Name: ifi.Name, Index: ifi.Index, MTU: int64(ifi.MTU), MAC: ifi.HardwareAddr.String(),
			Up: ifi.Flags&net.FlagUp != 0, Carrier: ifi.Flags&net.FlagRunning != 0,
			Loopback: loopback, Physical: !loopback,
		}
		if active, known := mediaActive(fd, ifi.Name); err == nil && known {
			l.Carrier = l.Carrier && active
		}
		links = append(links, l)
	}
	return links, nil
}

// ifmediareq is struct ifmediareq of <net/if_media.h> (packed to 4 bytes).
type ifmediareq struct {
	name    [unix.IFNAMSIZ]byte
	current int32
	mask    int32
	status  int32
	active  int32
	count   int32
	ulist   [2]uint32 // a pointer the kernel leaves alone while count is 0
}

const (
	ifmAvalid = 0x1 // status is valid
	ifmActive = 0x2 // the link is up
)

func mediaActive(fd int, name string) (active, known bool) {
	var req ifmediareq
	copy(req.name[:len(req.name)-1], name)
	if _, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), unix.SIOCGIFMEDIA, uintptr(unsafe.Pointer(&req))); errno != 0 {
		return false, false // no media (loopback, tunnels)
	}
	return req.status&ifmActive != 0, req.status&ifmAvalid != 0
}
