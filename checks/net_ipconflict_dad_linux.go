package checks

import (
	"net/netip"
	"os"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// dadFailedAddrs lists the IPv6 addresses of interface index (0: of every
// interface) whose duplicate address detection failed: another device on
// the link answered for them, so the kernel does not use them. It reads
// the kernel's address flags over netlink, which needs no privilege.
func dadFailedAddrs(index int) ([]string, error) {
	b, err := syscall.NetlinkRIB(syscall.RTM_GETADDR, syscall.AF_INET6)
	if err != nil {
		return nil, os.NewSyscallError("netlink", err)
	}
	return parseDADFailed(b, index)
}

// parseDADFailed reads an RTM_GETADDR dump: the addresses flagged
// IFA_F_DADFAILED, in the 8-bit ifa_flags or the 32-bit IFA_FLAGS.
func parseDADFailed(b []byte, index int) ([]string, error) {
	msgs, err := syscall.ParseNetlinkMessage(b)
	if err != nil {
		return nil, os.NewSyscallError("netlink", err)
	}
	out := []string{}
	for _, m := range msgs {
		if m.Header.Type != syscall.RTM_NEWADDR || len(m.Data) < syscall.SizeofIfAddrmsg {
			continue
		}
		ifa := (*syscall.IfAddrmsg)(unsafe.Pointer(&m.Data[0]))
		if ifa.Family != syscall.AF_INET6 || (index != 0 && int(ifa.Index) != index) {
			continue
		}
		attrs, err := syscall.ParseNetlinkRouteAttr(&m)
		if err != nil {
			continue
		}
		flags := uint32(ifa.Flags)
		var addr netip.Addr
		for _, a := range attrs {
			switch a.Attr.Type {
			case unix.IFA_FLAGS:
				if len(a.Value) >= 4 {
					flags = *(*uint32)(unsafe.Pointer(&a.Value[0]))
				}
			case syscall.IFA_ADDRESS:
				addr, _ = netip.AddrFromSlice(a.Value)
			}
		}
		if flags&unix.IFA_F_DADFAILED != 0 && addr.IsValid() {
			out = append(out, addr.String())
		}
	}
	return out, nil
}
