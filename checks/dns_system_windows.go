package checks

import (
	"net"
	"net/netip"

	"golang.org/x/sys/windows"
)

// liveDNSConfig: Windows keeps no resolv.conf; the servers are adapter
// settings.
func liveDNSConfig() (dnsConfig, error) { return adapterDNSConfig() }

// adapterDNSConfig collects the DNS servers and suffixes of the adapters that are up.
func adapterDNSConfig() (dnsConfig, error) {
	cfg := dnsConfig{Source: "windows adapters"}
	adapters, err := adapterAddresses() // net_windows.go
	if err != nil {
		return cfg, err
	}
	seen := map[string]bool{}
	for _, a := range adapters {
		if a.OperStatus != windows.IfOperStatusUp || a.IfType == windows.IF_TYPE_SOFTWARE_LOOPBACK {
			continue
		}
		for d := a.FirstDnsServerAddress; d != nil; d = d.Next {
			ip, ok := netip.AddrFromSlice(d.Address.IP())
			if !ok || isWindowsPlaceholderDNS(ip) {
				continue
			}
			addr := net.JoinHostPort(ip.Unmap().String(), "53")
			if !seen[addr] {
				seen[addr] = true
				cfg.Servers = append(cfg.Servers, addr)
			}
		}
		if a.DnsSuffix != nil {
			if suffix := windows.UTF16PtrToString(a.DnsSuffix); suffix != "" && !seen[suffix] {
				seen[suffix] = true
				cfg.Search = append(cfg.Search, suffix)
			}
		}
	}
	return cfg, nil
}

// isWindowsPlaceholderDNS spots fec0:0:0:ffff::1-3, which Windows lists on
// IPv6 adapters nobody configured; they never answer.
func isWindowsPlaceholderDNS(ip netip.Addr) bool {
	b := ip.As16()
	placeholder := [16]byte{0xfe, 0xc0, 0, 0, 0, 0, 0xff, 0xff}
	return ip.Is6() && !ip.Is4In6() && [15]byte(b[:15]) == [15]byte(placeholder[:15]) && b[15] >= 1 && b[15] <= 3
}
