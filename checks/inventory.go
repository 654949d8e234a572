package checks

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/jaypipes/ghw"
)

// Inventory is the report's hardware facts, read from the same facts the
// checks judge (cpuInfo, memoryStats, blockDisks, gpuCards, the adapters),
// each numeric fact typed with its unit (Bytes, Mbps) so that every view
// prints it as what it is. A part the machine could not show (no /sys in a
// container, a WMI class Windows does not fill) is left out and
// Unavailable says why, so that nobody reads "none" where nothing could be
// seen; nil lists are parts not gathered, empty ones parts with nothing in
// them. Facts the machine does not tell (no DMI in a VM) are left out.
// Nothing here is an error.
//
// The fields are in the order of their JSON names: the order the untyped
// inventory of earlier versions had, so that reports stay byte for byte
// the same.
type Inventory struct {
	CPU            *InventoryCPU        `json:"cpu,omitempty"`
	Disks          []InventoryDisk      `json:"disks,omitzero"`
	GPUs           []InventoryGPU       `json:"gpus,omitzero"`
	Host           *InventoryHost       `json:"host,omitempty"` // `tsr inventory` only; a report has its own
	Memory         *InventoryMemory     `json:"memory,omitempty"`
	NICs           []InventoryNIC       `json:"nics,omitzero"`
	RootFilesystem *InventoryFilesystem `json:"root_filesystem,omitempty"`
	Unavailable    map[string]string    `json:"unavailable,omitempty"` // part: why it is not known
	// Newer holds the parts a newer tsr wrote that this one does not know,
	// as decoded JSON: kept, redacted and shown as they are.
	Newer map[string]any `json:"-"`
}

// InventoryCPU is the processor: cores and threads are counts.
type InventoryCPU struct {
	Cores   int64  `json:"cores,omitempty"`
	Model   string `json:"model,omitempty"`
	Threads int64  `json:"threads,omitempty"`
	Vendor  string `json:"vendor,omitempty"`
}

// InventoryDisk is one disk as hw.block lists it.
type InventoryDisk struct {
	Controller string `json:"controller,omitempty"`
	Model      string `json:"model,omitempty"`
	Name       string `json:"name,omitempty"`
	Removable  bool   `json:"removable"`
	Serial     string `json:"serial,omitempty"`
	Size       Bytes  `json:"size"`
	Type       string `json:"type,omitempty"`
	Vendor     string `json:"vendor,omitempty"`
}

// InventoryGPU is one graphics card as hw.gpu lists it.
type InventoryGPU struct {
	Address string `json:"address,omitempty"`
	Driver  string `json:"driver,omitempty"`
	Product string `json:"product,omitempty"`
	Vendor  string `json:"vendor,omitempty"`
}

// InventoryHost is the machine's name and OS, as `tsr inventory` prints
// them beside the hardware.
type InventoryHost struct {
	Arch     string `json:"arch"`
	Hostname string `json:"hostname"`
	Kernel   string `json:"kernel"`
	OS       string `json:"os"`
	Platform string `json:"platform"`
}

// InventoryMemory is the memory the OS counts and, where DMI or WMI tells,
// the modules. The counters are absent when the OS does not give them
// (nil), which is not zero: no swap is a swap_total of 0.
type InventoryMemory struct {
	Available *Bytes            `json:"available,omitempty"`
	Modules   []InventoryModule `json:"modules,omitempty"`
	Physical  *Bytes            `json:"physical,omitempty"`
	SwapTotal *Bytes            `json:"swap_total,omitempty"`
	Total     *Bytes            `json:"total,omitempty"`
}

// InventoryModule is one memory module.
type InventoryModule struct {
	Label    string `json:"label,omitempty"`
	Location string `json:"location,omitempty"`
	Serial   string `json:"serial,omitempty"`
	Size     Bytes  `json:"size"`
	Vendor   string `json:"vendor,omitempty"`
}

// InventoryNIC is one network adapter. Linux tells whether it is virtual,
// Windows and macOS whether it is wireless; what the OS does not tell is
// nil.
type InventoryNIC struct {
	Duplex     string `json:"duplex,omitempty"`
	MAC        string `json:"mac,omitempty"`
	Name       string `json:"name,omitempty"`
	PCIAddress string `json:"pci_address,omitempty"`
	SpeedMbps  Mbps   `json:"speed_mbps,omitempty"`
	Virtual    *bool  `json:"virtual,omitempty"`
	Wireless   *bool  `json:"wireless,omitempty"`
}

// InventoryFilesystem is the filesystem of /, as df sees it.
type InventoryFilesystem struct {
	Available  Bytes  `json:"available"`
	FSType     string `json:"fstype"`
	Mountpoint string `json:"mountpoint"`
	Total      Bytes  `json:"total"`
	Used       Bytes  `json:"used"`
}

// ReadInventory gathers the inventory of the host. ghw cannot be
// interrupted: it stops between parts when ctx ends.
func ReadInventory(ctx context.Context) *Inventory {
	inv := &Inventory{CPU: &InventoryCPU{}, Memory: &InventoryMemory{},
		Disks: []InventoryDisk{}, GPUs: []InventoryGPU{}, NICs: []InventoryNIC{}}
	for _, part := range []struct {
		key  string
		read func(*Inventory) error
		drop func(*Inventory)
	}{
		{"cpu", inventoryCPU, func(inv *Inventory) { inv.CPU = nil }},
		{"memory", inventoryMemory, func(inv *Inventory) { inv.Memory = nil }},
		{"disks", inventoryDisks, func(inv *Inventory) { inv.Disks = nil }},
		{"gpus", inventoryGPUs, func(inv *Inventory) { inv.GPUs = nil }},
		{"nics", inventoryNICs, func(inv *Inventory) { inv.NICs = nil }},
		{"root_filesystem", inventoryRootFS, func(inv *Inventory) { inv.RootFilesystem = nil }},
	} {
		if ctx.Err() != nil {
			break
		}
		err := part.read(inv)
		if err == nil {
			continue
		}
		part.drop(inv)
		if inv.Unavailable == nil {
			inv.Unavailable = map[string]string{}
		}
		if errors.Is(err, ErrNotHere) {
			inv.Unavailable[part.key] = err.Error()
		} else {
			inv.Unavailable[part.key] = "could not be read: " + err.Error()
		}
	}
	return inv
}

func inventoryRootFS(inv *Inventory) error {
	u, err := diskUsageOf(string(filepath.Separator))
	if err != nil || u.FSType == "" { // no mount table: nothing trustworthy to say
		return nil
	}
	inv.RootFilesystem = &InventoryFilesystem{Mountpoint: u.Mountpoint, FSType: u.FSType, Total: Bytes(u.Total), Used: Bytes(u.Used), Available: Bytes(u.Avail)}
	return nil
}

func inventoryCPU(inv *Inventory) error {
	if c, ok := cpuInfo(); ok {
		inv.CPU = &InventoryCPU{Model: c.Model, Vendor: c.Vendor, Cores: max(c.Cores, 0), Threads: max(c.Threads, 0)}
	}
	return nil
}

func inventoryMemory(inv *Inventory) error {
	m := &InventoryMemory{}
	if s, err := memoryStats(); err == nil {
		m.Total, m.Available, m.SwapTotal = bytesOf(s.Total), bytesOf(s.Available), bytesOf(s.SwapTotal)
	}
	if info, err := ghw.Memory(ghwOptions()...); err == nil {
		m.Physical = bytesOf(info.TotalPhysicalBytes)
		for _, mod := range info.Modules { // from DMI/WMI; none in most VMs
			m.Modules = append(m.Modules, InventoryModule{
				Label: known(mod.Label), Location: known(mod.Location), Vendor: known(mod.Vendor),
				Size: Bytes(mod.SizeBytes), Serial: known(mod.SerialNumber),
			})
		}
	}
	inv.Memory = m
	return nil
}

func bytesOf(n int64) *Bytes {
	b := Bytes(n)
	return &b
}

func inventoryDisks(inv *Inventory) error {
	disks, err := blockDisks()
	if err != nil {
		return err
	}
	inv.Disks = []InventoryDisk{}
	for _, d := range disks {
		inv.Disks = append(inv.Disks, InventoryDisk{
			Name: d.Name, Size: Bytes(d.Size), Type: d.Type, Controller: d.Controller,
			Vendor: d.Vendor, Model: d.Model, Serial: d.Serial, Removable: d.Removable,
		})
	}
	return nil
}

func inventoryGPUs(inv *Inventory) error {
	cards, err := gpuCards()
	if err != nil {
		return err
	}
	inv.GPUs = []InventoryGPU{}
	for _, c := range cards {
		inv.GPUs = append(inv.GPUs, InventoryGPU{Address: c.Address, Vendor: c.Vendor, Product: c.Product, Driver: c.Driver})
	}
	return nil
}
