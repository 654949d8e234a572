package checks

import (
	"net"

	"golang.org/x/sys/windows"
)

// ipAdapterDHCPEnabled is IP_ADAPTER_DHCP_ENABLED of IP_ADAPTER_ADDRESSES.Flags.
const ipAdapterDHCPEnabled = 0x4

// mediaConnectStateDisconnected is MediaConnectStateDisconnected of
// NET_IF_MEDIA_CONNECT_STATE (netioapi.h).
const mediaConnectStateDisconnected = 2

// mediaDisconnected says whether Windows reports the adapter's medium as
// disconnected: the cable is out. The operational status alone can stay
// "up" for an unplugged adapter (Wine derives it from the interface's up
// flag), so a cable-out would read as a dead gateway instead of the link.
func mediaDisconnected(index uint32) bool {
	row := windows.MibIfRow2{InterfaceIndex: index}
	if windows.GetIfEntry2Ex(windows.MibIfEntryNormalWithoutStatistics, &row) != nil {
		return false // unknown: the operational status decides
	}
	return row.MediaConnectState == mediaConnectStateDisconnected
}

// listLinks reads the adapters Windows reports. An adapter it lists is
// enabled (disabled ones are left out); its operational status is the
// carrier: "down" for an unplugged cable or a Wi-Fi that is not connected.
func listLinks() ([]link, error) {
	adapters, err := adapterAddresses()
	if err != nil {
		return nil, err
	}
	links := make([]link, 0, len(adapters))
	for _, a := range adapters {
		loopback := a.IfType == windows.IF_TYPE_SOFTWARE_LOOPBACK
		l := link{
			Name: windows.UTF16PtrToString(a.FriendlyName), Index: int(a.IfIndex), MTU: int64(a.Mtu),
			Up: true, Carrier: a.OperStatus == windows.IfOperStatusUp && !mediaDisconnected(a.IfIndex), Dormant: a.OperStatus == windows.IfOperStatusDormant, Loopback: loopback,
			Physical: !loopback && a.IfType != windows.IF_TYPE_TUNNEL, Wireless: a.IfType == windows.IF_TYPE_IEEE80211, KnowsWireless: true,
			DHCP: a.Flags&ipAdapterDHCPEnabled != 0, KnowsDHCP: !loopback,
		}
		if a.PhysicalAddressLength > 0 {
			l.MAC = net.HardwareAddr(a.PhysicalAddress[:a.PhysicalAddressLength]).String()
		}
		if s := a.TransmitLinkSpeed; s > 0 && s != ^uint64(0) { // bits per second; all ones when unknown
			l.SpeedMbps = int64(s / 1_000_000)
		}
		links = append(links, l)
	}
	return links, nil
}
