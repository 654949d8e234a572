package checks

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"os"
	"strconv"
	"strings"
)

// Socket states of /proc/net/tcp and udp (include/net/tcp_states.h).
const (
	tcpListen = "0A"
	udpClose  = "07" // an unconnected UDP socket, the kind a server binds
)

// findListener reads /proc/net/{tcp,tcp6} or {udp,udp6} and returns the
// local address of the first socket that listens on port for want.
func findListener(_ context.Context, proto string, port uint16, want netip.Addr) (listener, error) {
	state := tcpListen
	if proto == "udp" {
		state = udpClose
	}
	var firstErr error
	for _, file := range []string{proto, proto + "6"} {
		found, err := scanSockets(procPath("net", file), state, port, want)
		if found.IsValid() {
			return listener{Addr: found}, nil
		}
		if err != nil && !os.IsNotExist(err) && firstErr == nil { // tcp6 is absent without IPv6
			firstErr = err
		}
	}
	return listener{}, firstErr
}

// scanSockets reads lines "sl local_address rem_address st ...".
func scanSockets(path, state string, port uint16, want netip.Addr) (netip.AddrPort, error) {
	f, err := os.Open(path)
	if err != nil {
		return netip.AddrPort{}, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 || fields[3] != state {
			continue
		}
		local, ok1 := parseProcAddr(fields[1])
		remote, ok2 := parseProcAddr(fields[2])
		// A UDP socket connected to a peer is a client, not a server.
		if !ok1 || !ok2 || local.Port() != port || remote.Port() != 0 {
			continue
		}
		if acceptsOn(local.Addr(), want) {
			return local, nil
		}
	}
	return netip.AddrPort{}, sc.Err()
}

// parseProcAddr reads "0100007F:0016": the address as host-order 32-bit
// words in hex, the port as a plain hex number.
func parseProcAddr(s string) (netip.AddrPort, bool) {
	hexAddr, hexPort, ok := strings.Cut(s, ":")
	raw, err1 := hex.DecodeString(hexAddr)
	port, err2 := strconv.ParseUint(hexPort, 16, 16)
	if !ok || err1 != nil || err2 != nil || (len(raw) != 4 && len(raw) != 16) {
		return netip.AddrPort{}, false
	}
	b := make([]byte, len(raw))
	for i := 0; i < len(raw); i += 4 {
		binary.NativeEndian.PutUint32(b[i:], binary.BigEndian.Uint32(raw[i:]))
	}
	ip, _ := netip.AddrFromSlice(b)
	return netip.AddrPortFrom(ip.Unmap(), uint16(port)), true
}
