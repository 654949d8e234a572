//go:build windows || darwin

package checks

// inventoryNICs lists the network adapters as the OS's adapter list shows
// them (what ipconfig or ifconfig shows), loopback, tunnels and bridges
// left out. ghw's view is thinner here: on Windows its WMI query leaves
// out adapters Windows uses, and it has none on macOS.
func inventoryNICs() (any, error) {
	links, err := listLinks()
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, l := range links {
		if !l.Physical {
			continue
		}
		nic := map[string]any{"name": l.Name, "mac": l.MAC}
		if l.KnowsWireless {
			nic["wireless"] = l.Wireless
		}
		if l.SpeedMbps > 0 {
			nic["speed_mbps"] = l.SpeedMbps
		}
		out = append(out, compact(nic))
	}
	return out, nil
}
