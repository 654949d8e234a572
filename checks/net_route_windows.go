package checks

import (
	"net/netip"

	"golang.org/x/sys/windows"
)

// defaultRoutes lists the gateways of the adapters that are up: Windows
// installs a default route for each, and GetAdaptersAddresses reports them
// without cgo. The metric is the interface metric Windows adds to it.
func defaultRoutes(family string) ([]defaultRoute, error) {
	list, err := adapterAddresses()
	if err != nil {
		return nil, err
	}
	var out []defaultRoute
	for _, a := range list {
		if a.OperStatus != windows.IfOperStatusUp {
			continue
		}
		for gw := a.FirstGatewayAddress; gw != nil; gw = gw.Next {
			ip, ok := netip.AddrFromSlice(gw.Address.IP())
			if !ok {
				continue
			}
			r := defaultRoute{Interface: windows.UTF16PtrToString(a.FriendlyName), Gateway: ip.Unmap(), HasMetric: true}
			switch {
			case r.Gateway.Is4() && family == "ipv4":
				r.Metric = int64(a.Ipv4Metric)
			case r.Gateway.Is6() && family == "ipv6":
				r.Metric = int64(a.Ipv6Metric)
			default:
				continue
			}
			out = append(out, r)
		}
	}
	return sortRoutes(out), nil
}
