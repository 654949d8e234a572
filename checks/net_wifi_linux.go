package checks

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strings"

	"github.com/mdlayher/genetlink"
	"github.com/mdlayher/netlink"
	"github.com/mdlayher/wifi"
	"golang.org/x/sys/unix"
)

// readWifiLinks asks nl80211 for every Wi-Fi interface in station mode,
// its network and its access point.
func readWifiLinks() ([]wifiLink, error) {
	c, err := genetlink.Dial(nil)
	if err != nil {
		return nil, NotHere("the kernel cannot be asked about Wi-Fi (generic netlink: %v)", err)
	}
	defer c.Close()
	// As mdlayher/wifi does: better errors where the kernel offers them.
	for _, o := range []netlink.ConnOption{netlink.ExtendedAcknowledge, netlink.GetStrictCheck} {
		_ = c.SetOption(o, true)
	}
	return readWifiLinksOn(c)
}

// readWifiLinksOn asks on c what mdlayher/wifi's Client asks for
// Interfaces, BSS and StationInfo, and decodes the answers with its
// parsers where it exports them. It does not use wifi.Client itself,
// which dials its own socket: taking the connection lets the tests replay
// answers recorded from a real kernel (testdata/nl80211) through this same
// code, and lets the recorder save them.
func readWifiLinksOn(c *genetlink.Conn) ([]wifiLink, error) {
	family, err := c.GetFamily(unix.NL80211_GENL_NAME)
	if errors.Is(err, os.ErrNotExist) {
		return nil, NotHere("this machine has no Wi-Fi interface (the kernel has no Wi-Fi driver loaded)")
	}
	if err != nil {
		return nil, fmt.Errorf("asking the kernel for nl80211: %w", err)
	}
	ask := func(cmd uint8, ifi *wifi.Interface) ([]genetlink.Message, error) {
		ae := netlink.NewAttributeEncoder()
		if ifi != nil {
			ae.Uint32(unix.NL80211_ATTR_IFINDEX, uint32(ifi.Index))
		}
		b, err := ae.Encode()
		if err != nil {
			return nil, err
		}
		return c.Execute(genetlink.Message{Header: genetlink.Header{Command: cmd, Version: family.Version}, Data: b},
			family.ID, netlink.Request|netlink.Dump)
	}
	msgs, err := ask(unix.NL80211_CMD_GET_INTERFACE, nil)
	if err != nil {
		return nil, fmt.Errorf("listing the Wi-Fi interfaces (nl80211): %w", err)
	}
	ifis, err := wifi.ParseInterfaces(msgs)
	if err != nil {
		return nil, fmt.Errorf("reading the kernel's list of Wi-Fi interfaces: %w", err)
	}
	var out []wifiLink
	for _, ifi := range ifis {
		if ifi.Type != wifi.InterfaceTypeStation || ifi.Name == "" {
			continue
		}
		l := wifiLink{ifi: ifi}
		if msgs, err = ask(unix.NL80211_CMD_GET_SCAN, ifi); err != nil {
			return nil, fmt.Errorf("reading the network of Wi-Fi interface %s (nl80211): %w", ifi.Name, err)
		}
		if l.bss, err = associatedBSS(msgs); err != nil {
			return nil, fmt.Errorf("reading the network of Wi-Fi interface %s: %w", ifi.Name, err)
		}
		if l.bss != nil {
			// The access point is the station a client interface knows.
			if msgs, err = ask(unix.NL80211_CMD_GET_STATION, ifi); err == nil && len(msgs) > 0 {
				l.station, _ = wifi.ParseStationInfo(msgs[0].Data)
			}
		}
		out = append(out, l)
	}
	return out, nil
}

// associatedBSS finds, in the answer to NL80211_CMD_GET_SCAN, the network
// the interface is associated with: the one BSS that has a status. It
// reads the attributes wifiFacts uses, as mdlayher/wifi's own (unexported)
// BSS parser does; nil when the interface is not associated.
func associatedBSS(msgs []genetlink.Message) (*wifi.BSS, error) {
	for _, m := range msgs {
		ad, err := netlink.NewAttributeDecoder(m.Data)
		if err != nil {
			return nil, err
		}
		var bss *wifi.BSS
		for ad.Next() {
			if ad.Type() == unix.NL80211_ATTR_BSS {
				ad.Nested(func(nad *netlink.AttributeDecoder) error {
					bss = decodeBSS(nad)
					return nil
				})
			}
		}
		if err := ad.Err(); err != nil {
			return nil, err
		}
		if bss != nil && bss.Status == wifi.BSSStatusAssociated {
			return bss, nil
		}
	}
	return nil, nil
}

// decodeBSS reads the nested NL80211_BSS_* attributes of one BSS; nil
// when it has no status (a network seen in a scan, not joined).
func decodeBSS(ad *netlink.AttributeDecoder) *wifi.BSS {
	var bss wifi.BSS
	hasStatus := false
	for ad.Next() {
		switch ad.Type() {
		case unix.NL80211_BSS_BSSID:
			bss.BSSID = net.HardwareAddr(ad.Bytes())
		case unix.NL80211_BSS_FREQUENCY:
			bss.Frequency = int(ad.Uint32())
		case unix.NL80211_BSS_SIGNAL_MBM:
			bss.Signal = int32(ad.Uint32())
		case unix.NL80211_BSS_STATUS:
			bss.Status, hasStatus = wifi.BSSStatus(ad.Uint32()), true
		case unix.NL80211_BSS_INFORMATION_ELEMENTS:
			bss.SSID = elementSSID(ad.Bytes())
		}
	}
	if !hasStatus {
		return nil
	}
	return &bss
}

// elementSSID is the network name in 802.11 information elements (element
// ID 0), which are one byte of ID, one of length, then the data.
func elementSSID(ies []byte) string {
	for len(ies) >= 2 && len(ies) >= 2+int(ies[1]) {
		id, data := ies[0], ies[2:2+int(ies[1])]
		if id == 0 {
			return strings.ToValidUTF8(string(data), "\uFFFD")
		}
		ies = ies[2+len(data):]
	}
	return ""
}
