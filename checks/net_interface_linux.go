package checks

import (
	"net"
	"os"
	"path/filepath"
	"sort"
)

// Interface flags of /sys/class/net/X/flags (linux/if.h).
const (
	iffUp       = 0x1
	iffLoopback = 0x8
)

// listLinks reads /sys/class/net, which says more than the flags the net
// package has: carrier, operstate, speed, Wi-Fi and driver.
func listLinks() ([]link, error) {
	base := sysPath("class", "net")
	// /sys shows the interfaces of the namespace that mounted it, which
	// need not be ours (unshare -n, a container): on the live machine the
	// kernel's list for this process says which interfaces there are, and
	// one that /sys does not show (or shows with another index) is
	// described from the net package's flags alone. A recorded machine
	// is its /sys.
	if host.live {
		if ifs, err := net.Interfaces(); err == nil {
			links := make([]link, 0, len(ifs))
			for _, ifi := range ifs {
				l, ok := readLink(filepath.Join(base, ifi.Name), ifi.Name)
				if !ok || l.Index != ifi.Index {
					l = netLink(ifi)
				}
				links = append(links, l)
			}
			sort.SliceStable(links, func(i, j int) bool { return links[i].Index < links[j].Index })
			return links, nil
		}
	}
	entries, err := os.ReadDir(base)
	if err != nil {
		return nil, err
	}
	var links []link
	for _, e := range entries {
		if l, ok := readLink(filepath.Join(base, e.Name()), e.Name()); ok {
			links = append(links, l)
		}
	}
	sort.SliceStable(links, func(i, j int) bool { return links[i].Index < links[j].Index })
	return links, nil
}

// netLink describes an interface that /sys does not show from the net
// package: up is IFF_UP, carrier IFF_RUNNING (operstate up or unknown);
// speed, Wi-Fi, driver and whether a device backs it stay unknown.
func netLink(ifi net.Interface) link {
	l := link{
		Name: ifi.Name, Index: ifi.Index, MTU: int64(ifi.MTU),
		Up: ifi.Flags&net.FlagUp != 0, Carrier: ifi.Flags&net.FlagRunning != 0,
		Loopback: ifi.Flags&net.FlagLoopback != 0,
	}
	if mac := ifi.HardwareAddr.String(); mac != "00:00:00:00:00:00" {
		l.MAC = mac
	}
	return l
}

func readLink(dir, name string) (link, bool) {
	flags, ok := readHex(filepath.Join(dir, "flags"))
	if !ok {
		return link{}, false // not an interface (bonding_masters)
	}
	l := link{Name: name, Up: flags&iffUp != 0, Loopback: flags&iffLoopback != 0, KnowsWireless: true, KnowsDriver: true}
	index, _ := readInt(filepath.Join(dir, "ifindex"))
	l.Index = int(index)
	l.MTU, _ = readInt(filepath.Join(dir, "mtu"))
	if mac, _ := readTrimmed(filepath.Join(dir, "address")); mac != "00:00:00:00:00:00" {
		l.MAC = mac
	}
	operstate, _ := readTrimmed(filepath.Join(dir, "operstate"))
	l.Dormant = operstate == "dormant"
	// carrier cannot be read while the interface is down (EINVAL); operstate
	// "unknown" is what virtual interfaces without link detection say.
	if c, ok := readTrimmed(filepath.Join(dir, "carrier")); ok {
		l.Carrier = c == "1" && (operstate == "up" || operstate == "unknown")
	} else {
		l.Carrier = operstate == "up"
	}
	// speed is -1 or unreadable when unknown, 4294967295 on some drivers.
	if s, ok := readInt(filepath.Join(dir, "speed")); ok && s > 0 && s < 0xffffffff {
		l.SpeedMbps = s
	}
	l.Wireless = exists(filepath.Join(dir, "wireless")) || exists(filepath.Join(dir, "phy80211"))
	if target, err := os.Readlink(filepath.Join(dir, "device", "driver")); err == nil {
		l.Driver = filepath.Base(target)
	}
	l.Physical = exists(filepath.Join(dir, "device"))
	return l, true
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
