//go:build !darwin

package checks

import "github.com/jaypipes/ghw"

// gpuCards asks ghw (/sys and the PCI database on Linux, WMI on Windows).
func gpuCards() ([]gpuCard, error) {
	info, err := ghw.GPU(ghwOptions()...)
	if err = ghwNotHere(err, "graphics cards", "class"); err != nil {
		return nil, err
	}
	var out []gpuCard
	for _, c := range info.GraphicsCards {
		card := gpuCard{Address: c.Address}
		if d := c.DeviceInfo; d != nil {
			card.Driver = known(d.Driver)
			if d.Vendor != nil {
				card.Vendor = orID(d.Vendor.Name, d.Vendor.ID)
			}
			if d.Product != nil {
				card.Product = orID(d.Product.Name, d.Product.ID)
			}
		}
		out = append(out, card)
	}
	return out, nil
}
