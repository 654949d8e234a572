package checks

import (
	"cmp"
	"context"
	"fmt"
	"net/netip"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	procGetExtendedTcpTable = modIphlpapi.NewProc("GetExtendedTcpTable")
	procGetExtendedUdpTable = modIphlpapi.NewProc("GetExtendedUdpTable")
)

// Table classes of GetExtendedTcpTable and GetExtendedUdpTable.
const (
	tcpTableOwnerPIDListener = 3 // TCP_TABLE_OWNER_PID_LISTENER
	udpTableOwnerPID         = 1 // UDP_TABLE_OWNER_PID
)

// findListener reads Windows' TCP listener or UDP endpoint tables, IPv4
// then IPv6, with the process owning each socket: like Linux's /proc, it
// binds and connects nothing and needs no privilege.
func findListener(_ context.Context, proto string, port uint16, want netip.Addr) (listener, error) {
	var firstErr error
	read := 0
	for _, v6 := range []bool{false, true} {
		buf, err := ownerTable(proto, v6)
		if err != nil {
			firstErr = cmp.Or(firstErr, err)
			continue
		}
		read++
		if s, ok := pickListener(parseOwnerTable(buf, proto, v6), port, want); ok {
			return listener{Addr: s.Local, PID: int(s.PID), Process: processName(s.PID)}, nil
		}
	}
	if read > 0 { // a PC without IPv6 has no IPv6 table: nothing listens there
		return listener{}, nil
	}
	return listener{}, firstErr
}

// ownerTable asks for one table, growing the buffer as Windows says.
func ownerTable(proto string, v6 bool) ([]byte, error) {
	af, proc, class, name := uintptr(windows.AF_INET), procGetExtendedTcpTable, uintptr(tcpTableOwnerPIDListener), "GetExtendedTcpTable"
	if v6 {
		af = windows.AF_INET6
	}
	if proto == "udp" {
		proc, class, name = procGetExtendedUdpTable, udpTableOwnerPID, "GetExtendedUdpTable"
	}
	size := uint32(16 << 10)
	for range 5 { // the table may grow between two calls
		buf := make([]byte, size)
		r, _, _ := proc.Call(uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&size)), 0, af, class, 0)
		switch windows.Errno(r) {
		case windows.ERROR_SUCCESS:
			return buf[:size], nil
		case windows.ERROR_INSUFFICIENT_BUFFER:
			continue
		}
		return nil, fmt.Errorf("%s: %w", name, windows.Errno(r))
	}
	return nil, fmt.Errorf("%s: the table kept growing", name)
}

// processName names a process from a Toolhelp snapshot, which lists
// every process's image name to any user; empty when it is gone.
func processName(pid uint32) string {
	switch pid {
	case 0:
		return ""
	case 4:
		return "System" // the kernel: SMB, HTTP.sys and other drivers listen as it
	}
	snap, err := windows.CreateToolhelp32Snapshot(windows.TH32CS_SNAPPROCESS, 0)
	if err != nil {
		return ""
	}
	defer windows.CloseHandle(snap)
	entry := windows.ProcessEntry32{Size: uint32(unsafe.Sizeof(windows.ProcessEntry32{}))}
	for err = windows.Process32First(snap, &entry); err == nil; err = windows.Process32Next(snap, &entry) {
		if entry.ProcessID == pid {
			return windows.UTF16ToString(entry.ExeFile[:])
		}
	}
	return ""
}
