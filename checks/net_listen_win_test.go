package checks

import (
	"encoding/binary"
	"net/netip"
	"testing"
)

// layOwnerTable lays rows out as GetExtendedTcpTable/GetExtendedUdpTable do:
// a count, then each row's DWORDs little-endian, except that addresses and
// ports are in network order.
func layOwnerTable(size int, rows ...func(row []byte)) []byte {
	buf := make([]byte, 4+size*len(rows))
	binary.LittleEndian.PutUint32(buf, uint32(len(rows)))
	for i, fill := range rows {
		fill(buf[4+i*size : 4+(i+1)*size])
	}
	return buf
}

func TestParseOwnerTable(t *testing.T) {
	tcp4 := layOwnerTable(tcpRowSize, func(r []byte) {
		binary.LittleEndian.PutUint32(r[0:], 2) // MIB_TCP_STATE_LISTEN
		copy(r[4:], []byte{127, 0, 0, 1})
		binary.BigEndian.PutUint16(r[8:], 8080)
		binary.LittleEndian.PutUint32(r[20:], 4242)
	}, func(r []byte) {
		binary.LittleEndian.PutUint32(r[0:], 2)
		binary.BigEndian.PutUint16(r[8:], 445) // 0.0.0.0:445
		binary.LittleEndian.PutUint32(r[20:], 4)
	})
	rows := parseOwnerTable(tcp4, "tcp", false)
	want := []ownedSocket{{netip.MustParseAddrPort("127.0.0.1:8080"), 4242}, {netip.MustParseAddrPort("0.0.0.0:445"), 4}}
	if len(rows) != 2 || rows[0] != want[0] || rows[1] != want[1] {
		t.Fatalf("tcp rows %v, want %v", rows, want)
	}
	if r, ok := pickListener(rows, 445, netip.MustParseAddr("192.0.2.7")); !ok || r.PID != 4 {
		t.Errorf("port 445 on 192.0.2.7: %v %v, want the wildcard socket of pid 4", r, ok)
	}
	if _, ok := pickListener(rows, 8080, netip.MustParseAddr("192.0.2.7")); ok {
		t.Error("a socket on 127.0.0.1 was taken for one on 192.0.2.7")
	}
	if _, ok := pickListener(rows, 9, netip.Addr{}); ok {
		t.Error("a free port was found listening")
	}

	udp6 := layOwnerTable(udp6RowSize, func(r []byte) {
		copy(r[0:], netip.MustParseAddr("::1").AsSlice())
		binary.BigEndian.PutUint16(r[20:], 5353)
		binary.LittleEndian.PutUint32(r[24:], 77)
	})
	if rows := parseOwnerTable(udp6, "udp", true); len(rows) != 1 || rows[0] != (ownedSocket{netip.MustParseAddrPort("[::1]:5353"), 77}) {
		t.Errorf("udp6 rows %v", rows)
	}
	tcp6 := layOwnerTable(tcp6RowSize, func(r []byte) {
		binary.BigEndian.PutUint16(r[20:], 3389) // [::]:3389
		binary.LittleEndian.PutUint32(r[52:], 1100)
	})
	if rows := parseOwnerTable(tcp6, "tcp", true); len(rows) != 1 || rows[0] != (ownedSocket{netip.MustParseAddrPort("[::]:3389"), 1100}) {
		t.Errorf("tcp6 rows %v", rows)
	}
	udp4 := layOwnerTable(udpRowSize, func(r []byte) {
		copy(r[0:], []byte{10, 0, 0, 5})
		binary.BigEndian.PutUint16(r[4:], 53)
		binary.LittleEndian.PutUint32(r[8:], 900)
	})
	if rows := parseOwnerTable(udp4, "udp", false); len(rows) != 1 || rows[0] != (ownedSocket{netip.MustParseAddrPort("10.0.0.5:53"), 900}) {
		t.Errorf("udp rows %v", rows)
	}
	if rows := parseOwnerTable(tcp4[:30], "tcp", false); len(rows) != 1 {
		t.Errorf("a cut table gave %d rows, want the 1 it holds in full", len(rows))
	}
}
