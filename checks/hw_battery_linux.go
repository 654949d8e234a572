package checks

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
)

// readBattery reads /sys/class/power_supply: the first supply of type
// Battery that powers the system (scope Device marks a mouse or headset)
// and is in its slot; an empty slot only when there is nothing else.
func readBattery() (batteryFacts, bool, error) {
	dir := sysPath("class", "power_supply")
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return batteryFacts{}, false, nil
	}
	if err != nil {
		return batteryFacts{}, false, err
	}
	var empty *batteryFacts
	for _, e := range entries { // ReadDir sorts: BAT0 before BAT1
		p := filepath.Join(dir, e.Name())
		if t, _ := readTrimmed(filepath.Join(p, "type")); t != "Battery" {
			continue
		}
		if scope, _ := readTrimmed(filepath.Join(p, "scope")); scope == "Device" {
			continue
		}
		b := batteryFacts{Name: e.Name(), Observed: batteryObserved(p)}
		if b.Observed["present"] == true {
			return b, true, nil
		}
		if empty == nil {
			empty = &b
		}
	}
	if empty != nil {
		return *empty, true, nil
	}
	return batteryFacts{}, false, nil
}

func batteryObserved(p string) map[string]any {
	read := func(name string) (int64, bool) { return readInt(filepath.Join(p, name)) }
	if present, ok := read("present"); ok && present == 0 {
		return map[string]any{"present": false}
	}
	obs := map[string]any{"present": true}
	if s, ok := readTrimmed(filepath.Join(p, "status")); ok {
		obs["status"] = s
	}
	// Batteries report energy (µWh) or charge (µAh), never both.
	now, full, design := "energy_now", "energy_full", "energy_full_design"
	if _, ok := read(full); !ok {
		now, full, design = "charge_now", "charge_full", "charge_full_design"
	}
	if c, ok := read("capacity"); ok {
		obs["capacity_percent"] = float64(c)
	} else if n, ok := read(now); ok {
		if f, ok := read(full); ok && f > 0 {
			obs["capacity_percent"] = math.Round(float64(n)/float64(f)*100*10) / 10
		}
	}
	if f, ok := read(full); ok {
		if d, ok := read(design); ok && d > 0 {
			obs["health_percent"] = percentOf(f, d)
		}
	}
	if n, ok := read("cycle_count"); ok {
		obs["cycle_count"] = n
	}
	return obs
}
