package checks

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

// adapterAddresses calls GetAdaptersAddresses, growing the buffer as asked.
func adapterAddresses() ([]*windows.IpAdapterAddresses, error) {
	size := uint32(16 << 10)
	for {
		// As the net package does: the adapters and what they point to
		// all live in this one buffer.
		buf := make([]byte, size)
		first := (*windows.IpAdapterAddresses)(unsafe.Pointer(&buf[0]))
		err := windows.GetAdaptersAddresses(windows.AF_UNSPEC, windows.GAA_FLAG_INCLUDE_GATEWAYS, 0, first, &size)
		if err == windows.ERROR_BUFFER_OVERFLOW {
			continue
		}
		if err != nil {
			return nil, err
		}
		var out []*windows.IpAdapterAddresses
		for a := first; a != nil; a = a.Next {
			out = append(out, a)
		}
		return out, nil
	}
}
