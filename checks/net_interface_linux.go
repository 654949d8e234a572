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
	base := filepath.Join(netSysRoot, "class", "net")
	// /sys shows the interfaces of the namespace that mounted it, which
	// need not be ours (unshare -n, a container): the kernel's list for
	// this process says which interfaces there are, and one that /sys
	// does not show (or shows with another index) is described from the
	// net package's flags alone.
	if netSysRoot == "/sys" {
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
	flags, err := readNumber(filepath.Join(dir, "flags"), 16)
	if err != nil {
		return link{}, false // not an interface (bonding_masters)
	}
	l := link{Name: name, Up: flags&iffUp != 0, Loopback: flags&iffLoopback != 0, KnowsWireless: true, KnowsDriver: true}
	index, _ := readNumber(filepath.Join(dir, "ifindex"), 10)
	l.Index = int(index)
	l.MTU, _ = readNumber(filepath.Join(dir, "mtu"), 10)
	if mac, _ := readTrim(filepath.Join(dir, "address")); mac != "00:00:00:00:00:00" {
		l.MAC = mac
	}
	operstate, _ := readTrim(filepath.Join(dir, "operstate"))
	l.Dormant = operstate == "dormant"
	// carrier cannot be read while the interface is down (EINVAL); operstate
	// "unknown" is what virtual interfaces without link detection say.
	if c, err := readTrim(filepath.Join(dir, "carrier")); err == nil {
		l.Carrier = c == "1" && (operstate == "up" || operstate == "unknown")
	} else {
		l.Carrier = operstate == "up"
	}
	// speed is -1 or unreadable when unknown, 4294967295 on some drivers.
	if s, err := readNumber(filepath.Join(dir, "speed"), 10); err == nil && s > 0 && s < 0xffffffff {
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
