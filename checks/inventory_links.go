//go:build windows || darwin

package checks

// inventoryNICs lists the network adapters as the OS's adapter list shows
// them (what ipconfig or ifconfig shows), loopback, tunnels and bridges
// left out. ghw's view is thinner here: on Windows its WMI query leaves
// out adapters Windows uses, and it has none on macOS.
func inventoryNICs(inv *Inventory) error {
	links, err := listLinks()
	if err != nil {
		return err
	}
	inv.NICs = []InventoryNIC{}
	for _, l := range links {
		if !l.Physical {
			continue
		}
		nic := InventoryNIC{Name: l.Name, MAC: l.MAC, SpeedMbps: Mbps(max(l.SpeedMbps, 0))}
		if l.KnowsWireless {
			nic.Wireless = &l.Wireless
		}
		inv.NICs = append(inv.NICs, nic)
	}
	return nil
}
