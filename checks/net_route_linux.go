package checks

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Route flags of /proc/net/route and /proc/net/ipv6_route (linux/route.h).
const (
	rtfUp     = 0x1
	rtfGW     = 0x2
	rtfReject = 0x200
)

// defaultRoutes reads the kernel's main routing table from /proc, which
// needs no privilege and no netlink.
func defaultRoutes(family string) ([]defaultRoute, error) {
	if family == "ipv6" {
		return readRoutes(filepath.Join(netProcRoot, "net", "ipv6_route"), parseRoute6)
	}
	return readRoutes(filepath.Join(netProcRoot, "net", "route"), parseRoute4)
}

func readRoutes(path string, parse func([]string) (defaultRoute, bool)) ([]defaultRoute, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []defaultRoute
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if r, ok := parse(strings.Fields(sc.Text())); ok {
			out = append(out, r)
		}
	}
	return sortRoutes(out), sc.Err()
}

// parseRoute4 reads a /proc/net/route line:
// Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT,
// addresses as hex of the in-memory (network order) 32-bit word.
func parseRoute4(f []string) (defaultRoute, bool) {
	if len(f) < 8 || f[1] != "00000000" || f[7] != "00000000" {
		return defaultRoute{}, false
	}
	flags, err1 := strconv.ParseUint(f[3], 16, 32)
	metric, err2 := strconv.ParseInt(f[6], 10, 64)
	// A blackhole route is listed up, without RTF_REJECT, on device "*":
	// it leads nowhere.
	if err1 != nil || err2 != nil || flags&rtfUp == 0 || flags&rtfReject != 0 || f[0] == "*" {
		return defaultRoute{}, false
	}
	r := defaultRoute{Interface: f[0], Metric: metric, HasMetric: true}
	if gw, err := strconv.ParseUint(f[2], 16, 32); err == nil && gw != 0 && flags&rtfGW != 0 {
		// The kernel prints the network-order word as a host-order number.
		var b [4]byte
		binary.NativeEndian.PutUint32(b[:], uint32(gw))
		r.Gateway = netip.AddrFrom4(b)
	}
	return r, true
}

// parseRoute6 reads a /proc/net/ipv6_route line:
// dst dst_len src src_len next_hop metric refcnt use flags iface.
func parseRoute6(f []string) (defaultRoute, bool) {
	if len(f) < 10 || f[1] != "00" || strings.Trim(f[0], "0") != "" {
		return defaultRoute{}, false
	}
	flags, err1 := strconv.ParseUint(f[8], 16, 32)
	metric, err2 := strconv.ParseUint(f[5], 16, 32)
	if err1 != nil || err2 != nil || flags&rtfUp == 0 || flags&rtfReject != 0 || f[9] == "lo" {
		return defaultRoute{}, false
	}
	r := defaultRoute{Interface: f[9], Metric: int64(metric), HasMetric: true}
	if b, err := hex.DecodeString(f[4]); err == nil && len(b) == 16 {
		if gw := netip.AddrFrom16([16]byte(b)); !gw.IsUnspecified() {
			r.Gateway = gw
		}
	}
	return r, true
}
