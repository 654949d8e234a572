package checks

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/jaypipes/ghw"
)

// Inventory gathers the report's hardware facts: cpu, memory, disks, gpus
// and nics, as plain JSON values (strings, int64, bool, []any,
// map[string]any). Facts the machine does not tell (no DMI in a VM) are
// left out; a whole part it cannot list (no /sys in a container, a WMI
// class Windows does not fill) is left out too, and "unavailable" says
// why, so that nobody reads "none" where nothing could be seen. Nothing
// here is an error.
func Inventory(ctx context.Context) map[string]any {
	inv := map[string]any{
		"cpu": map[string]any{}, "memory": map[string]any{},
		"disks": []any{}, "gpus": []any{}, "nics": []any{},
	}
	unavailable := map[string]any{}
	// ghw cannot be interrupted; stop between its parts when time is up.
	for _, part := range []struct {
		key  string
		read func() (any, error)
	}{
		{"cpu", inventoryCPU}, {"memory", inventoryMemory}, {"disks", inventoryDisks},
		{"gpus", inventoryGPUs}, {"nics", inventoryNICs}, {"root_filesystem", inventoryRootFS},
	} {
		if ctx.Err() != nil {
			break
		}
		v, err := part.read()
		switch {
		case errors.Is(err, ErrNotHere):
			delete(inv, part.key)
			unavailable[part.key] = err.Error()
		case err != nil:
			delete(inv, part.key)
			unavailable[part.key] = "could not be read: " + err.Error()
		case v != nil:
			inv[part.key] = v
		}
	}
	if len(unavailable) > 0 {
		inv["unavailable"] = unavailable
	}
	return inv
}

// inventoryRootFS is the filesystem of / as df sees it.
func inventoryRootFS() (any, error) {
	u, err := diskUsageOf(string(filepath.Separator))
	if err != nil || u.FSType == "" { // no mount table: nothing trustworthy to say
		return nil, nil
	}
	return map[string]any{"mountpoint": u.Mountpoint, "fstype": u.FSType, "total": u.Total, "used": u.Used, "available": u.Avail}, nil
}

func inventoryCPU() (any, error) {
	c, ok := cpuInfo()
	if !ok {
		return nil, nil
	}
	m := compact(map[string]any{"model": c.Model, "vendor": c.Vendor})
	if c.Cores > 0 {
		m["cores"] = c.Cores
	}
	if c.Threads > 0 {
		m["threads"] = c.Threads
	}
	return m, nil
}

func inventoryMemory() (any, error) {
	m := map[string]any{}
	if s, err := memoryStats(); err == nil {
		m["total"], m["available"], m["swap_total"] = s.Total, s.Available, s.SwapTotal
	}
	if info, err := ghw.Memory(ghwOptions()...); err == nil {
		m["physical"] = info.TotalPhysicalBytes
		var modules []any
		for _, mod := range info.Modules { // from DMI/WMI; none in most VMs
			modules = append(modules, compact(map[string]any{
				"label": known(mod.Label), "location": known(mod.Location), "vendor": known(mod.Vendor),
				"size": mod.SizeBytes, "serial": known(mod.SerialNumber),
			}))
		}
		if modules != nil {
			m["modules"] = modules
		}
	}
	return compact(m), nil
}

func inventoryDisks() (any, error) {
	disks, err := blockDisks()
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, d := range disks {
		out = append(out, compact(map[string]any{
			"name": d.Name, "size": d.Size, "type": d.Type, "controller": d.Controller,
			"vendor": d.Vendor, "model": d.Model, "serial": d.Serial, "removable": d.Removable,
		}))
	}
	return out, nil
}

func inventoryGPUs() (any, error) {
	cards, err := gpuCards()
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, c := range cards {
		out = append(out, compact(map[string]any{"address": c.Address, "vendor": c.Vendor, "product": c.Product, "driver": c.Driver}))
	}
	return out, nil
}

// compact drops the facts that are not known (empty strings).
func compact(m map[string]any) map[string]any {
	for k, v := range m {
		if s, ok := v.(string); ok && s == "" {
			delete(m, k)
		}
	}
	return m
}
