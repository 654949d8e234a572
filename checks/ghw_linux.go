package checks

import (
	"os"
	"strconv"

	"github.com/jaypipes/ghw"
)

// ghwNotHere says NotHere when the /sys folder ghw reads the facts from
// (sysDir, under /sys) is not there: a container or a sandbox that hides
// it. An empty folder is a machine with none of what was asked.
func ghwNotHere(err error, what, sysDir string) error {
	if _, statErr := os.Stat(sysPath(sysDir)); os.IsNotExist(statErr) {
		return NotHere("this machine shows no /sys/%s to tsr (a container or a sandbox), so its %s are not known", sysDir, what)
	}
	return err
}

// inventoryNICs lists the network adapters through ghw (/sys/class/net).
func inventoryNICs(inv *Inventory) error {
	info, err := ghw.Network(ghwOptions()...)
	if err = ghwNotHere(err, "network adapters", "class/net"); err != nil {
		return err
	}
	inv.NICs = []InventoryNIC{}
	for _, n := range info.NICs {
		nic := InventoryNIC{Name: n.Name, MAC: n.MACAddress, Virtual: &n.IsVirtual, Duplex: known(n.Duplex)}
		if mbps, err := strconv.ParseInt(n.Speed, 10, 64); err == nil && mbps > 0 { // -1: no link
			nic.SpeedMbps = Mbps(mbps)
		}
		if n.PCIAddress != nil {
			nic.PCIAddress = *n.PCIAddress
		}
		inv.NICs = append(inv.NICs, nic)
	}
	return nil
}
