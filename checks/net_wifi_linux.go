package checks

import (
	"errors"
	"os"

	"github.com/mdlayher/wifi"
)

// readWifiLinks asks nl80211, through mdlayher/wifi, for every Wi-Fi
// interface in station mode, its network and its access point.
func readWifiLinks() ([]wifiLink, error) {
	c, err := wifi.New()
	if err != nil {
		// No nl80211 family: no Wi-Fi driver is loaded.
		return nil, NotHere("this machine has no Wi-Fi interface (the kernel has no Wi-Fi driver loaded)")
	}
	defer c.Close()
	ifis, err := c.Interfaces()
	if err != nil {
		return nil, err
	}
	var out []wifiLink
	for _, ifi := range ifis {
		if ifi.Type != wifi.InterfaceTypeStation || ifi.Name == "" {
			continue
		}
		l := wifiLink{ifi: ifi}
		if bss, err := c.BSS(ifi); err == nil && bss.Status == wifi.BSSStatusAssociated {
			l.bss = bss
			if st, err := c.StationInfo(ifi); err == nil && len(st) > 0 {
				l.station = st[0]
			}
		} else if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}
