package checks

import (
	"encoding/binary"
	"net/netip"
)

// ownedSocket is one row of Windows' socket tables: a local address and
// the process that owns it.
type ownedSocket struct {
	Local netip.AddrPort
	PID   uint32
}

// Row sizes of the *_OWNER_PID tables GetExtendedTcpTable and
// GetExtendedUdpTable fill (iprtrmib.h, tcpmib.h, udpmib.h): every field
// is a DWORD but the IPv6 addresses, 16 bytes each.
const (
	tcpRowSize  = 24 // MIB_TCPROW_OWNER_PID: state, local addr, local port, remote addr, remote port, pid
	tcp6RowSize = 56 // MIB_TCP6ROW_OWNER_PID: local addr, scope, port, remote addr, scope, port, state, pid
	udpRowSize  = 12 // MIB_UDPROW_OWNER_PID: local addr, local port, pid
	udp6RowSize = 28 // MIB_UDP6ROW_OWNER_PID: local addr, scope, local port, pid
)

// parseOwnerTable reads a table as the API returns it: a DWORD count,
// then the rows. Addresses are in network order; a port is in network
// order in the low two bytes of its DWORD. Rows the buffer does not hold
// in full are left out.
func parseOwnerTable(buf []byte, proto string, v6 bool) []ownedSocket {
	if len(buf) < 4 {
		return nil
	}
	n := int(binary.LittleEndian.Uint32(buf))
	size, addrAt, portAt, pidAt := tcpRowSize, 4, 8, 20
	switch {
	case proto == "tcp" && v6:
		size, addrAt, portAt, pidAt = tcp6RowSize, 0, 20, 52
	case proto == "udp" && !v6:
		size, addrAt, portAt, pidAt = udpRowSize, 0, 4, 8
	case proto == "udp":
		size, addrAt, portAt, pidAt = udp6RowSize, 0, 20, 24
	}
	var out []ownedSocket
	for i := 0; i < n && 4+(i+1)*size <= len(buf); i++ {
		row := buf[4+i*size : 4+(i+1)*size]
		var ip netip.Addr
		if v6 {
			ip = netip.AddrFrom16([16]byte(row[addrAt : addrAt+16])).Unmap()
		} else {
			ip = netip.AddrFrom4([4]byte(row[addrAt : addrAt+4]))
		}
		port := binary.BigEndian.Uint16(row[portAt:])
		out = append(out, ownedSocket{Local: netip.AddrPortFrom(ip, port), PID: binary.LittleEndian.Uint32(row[pidAt:])})
	}
	return out
}

// pickListener returns the first socket on port that takes traffic for want.
func pickListener(rows []ownedSocket, port uint16, want netip.Addr) (ownedSocket, bool) {
	for _, r := range rows {
		if r.Local.Port() == port && acceptsOn(r.Local.Addr(), want) {
			return r, true
		}
	}
	return ownedSocket{}, false
}
