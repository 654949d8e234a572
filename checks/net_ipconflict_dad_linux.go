package checks

import (
	"bufio"
	"encoding/hex"
	"net/netip"
	"os"
	"strconv"
	"strings"
)

// ifaFDADFailed is IFA_F_DADFAILED (linux/if_addr.h).
const ifaFDADFailed = 0x08

// dadFailedAddrs lists the IPv6 addresses of interface index (0: of every
// interface) whose duplicate address detection failed: another device on
// the link answered for them, so the kernel does not use them. The kernel
// shows each address's flags in /proc/net/if_inet6, to anyone.
func dadFailedAddrs(index int) ([]string, error) {
	f, err := os.Open(procPath("net", "if_inet6"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseIfInet6(bufio.NewScanner(f), index), nil
}

// parseIfInet6 reads lines of "address ifindex prefixlen scope flags name",
// all hexadecimal but the name, and keeps the addresses flagged dadfailed.
func parseIfInet6(sc *bufio.Scanner, index int) []string {
	out := []string{}
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 6 {
			continue
		}
		ifindex, err1 := strconv.ParseInt(f[1], 16, 64)
		flags, err2 := strconv.ParseUint(f[4], 16, 32)
		raw, err3 := hex.DecodeString(f[0])
		if err1 != nil || err2 != nil || err3 != nil || len(raw) != 16 || (index != 0 && int(ifindex) != index) {
			continue
		}
		if flags&ifaFDADFailed != 0 {
			out = append(out, netip.AddrFrom16([16]byte(raw)).String())
		}
	}
	return out
}
