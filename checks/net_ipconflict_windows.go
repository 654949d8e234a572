package checks

import (
	"bytes"
	"context"
	"encoding/binary"
	"net"
	"net/netip"
	"unsafe"

	"golang.org/x/sys/windows"
)

// conflictProbeWords says how Windows looked, for the message of a check
// that found no conflict.
const conflictProbeWords = ", and Windows' duplicate address detection found none"

var procSendARP = modIphlpapi.NewProc("SendARP")

// arpProbe on Windows needs no privilege: Windows checks each address it
// assigns for a duplicate (gratuitous ARP) and marks the address when
// another device holds it; that mark is read first. Then SendARP asks who
// has the address: a hardware address other than this adapter's own is
// another device. (SendARP cannot send an RFC 5227 probe with sender
// 0.0.0.0, so Windows' own detection is the main evidence.) A conflict
// whose device Windows does not name comes back as an empty address.
func arpProbe(_ context.Context, ifindex int, mac net.HardwareAddr, addr netip.Addr) (net.HardwareAddr, error) {
	dup, err := addressDuplicate(ifindex, addr)
	if err != nil {
		return nil, err
	}
	if dup {
		return net.HardwareAddr{}, nil
	}
	if other, ok := sendARP(addr); ok && !bytes.Equal(other, mac) {
		return other, nil
	}
	return nil, nil
}

// addressDuplicate reads the address's duplicate-address state from the
// unicast address table (GetUnicastIpAddressTable).
func addressDuplicate(ifindex int, addr netip.Addr) (bool, error) {
	var table *windows.MibUnicastIpAddressTable
	if err := windows.GetUnicastIpAddressTable(windows.AF_INET, &table); err != nil {
		return false, err
	}
	defer windows.FreeMibTable(unsafe.Pointer(table))
	rows := unsafe.Slice(&table.Table[0], table.NumEntries)
	for _, r := range rows {
		sa := (*windows.RawSockaddrInet4)(unsafe.Pointer(&r.Address))
		if int(r.InterfaceIndex) == ifindex && netip.AddrFrom4(sa.Addr) == addr {
			return r.DadState == windows.IpDadStateDuplicate, nil
		}
	}
	return false, nil
}

// sendARP asks who has addr; false when nobody answered or Windows cannot
// ask (Wine has no SendARP).
func sendARP(addr netip.Addr) (net.HardwareAddr, bool) {
	a4 := addr.As4()
	var buf [8]byte
	size := uint32(len(buf))
	r, _, _ := procSendARP.Call(uintptr(binary.LittleEndian.Uint32(a4[:])), 0, uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&size)))
	if r != 0 || size != 6 {
		return nil, false
	}
	return net.HardwareAddr(buf[:6]), true
}
