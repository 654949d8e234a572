package checks

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/windows"
)

var procGetSystemPowerStatus = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetSystemPowerStatus")

// systemPowerStatus is SYSTEM_POWER_STATUS.
type systemPowerStatus struct {
	powerStatus
	SystemStatusFlag    uint8
	BatteryLifeTime     uint32
	BatteryFullLifeTime uint32
}

// The battery driver's figures in root\WMI; each class is asked alone, as
// a battery may publish one and not another.
type (
	batteryFullChargedCapacity struct{ FullChargedCapacity uint32 }
	batteryStaticData          struct {
		DesignedCapacity uint32
		DeviceName       string
	}
	batteryCycleCount struct{ CycleCount uint32 }
)

// readBattery asks GetSystemPowerStatus, which every user may, then WMI
// for the wear figures, where the battery's driver publishes them.
func readBattery() (batteryFacts, bool, error) {
	var st systemPowerStatus
	if r, _, err := procGetSystemPowerStatus.Call(uintptr(unsafe.Pointer(&st))); r == 0 {
		return batteryFacts{}, false, fmt.Errorf("GetSystemPowerStatus: %w", err)
	}
	obs, found := batteryFromPowerStatus(st.powerStatus)
	if !found {
		return batteryFacts{}, false, nil
	}
	b := batteryFacts{Name: "Battery", Observed: obs} // "Battery Discharging, 81% charged"
	const ns = `root\WMI`
	// Without the full charge there is no wear to tell, and a WMI that did
	// not answer the first question in time would not answer the next.
	full, err := wmiQuery[batteryFullChargedCapacity](ns, "SELECT FullChargedCapacity FROM BatteryFullChargedCapacity", "")
	var static []batteryStaticData
	var cycles []batteryCycleCount
	if err == nil {
		static, _ = wmiQuery[batteryStaticData](ns, "SELECT DesignedCapacity, DeviceName FROM BatteryStaticData", "")
		cycles, _ = wmiQuery[batteryCycleCount](ns, "SELECT CycleCount FROM BatteryCycleCount", "")
	}
	var f, d, c uint32
	if len(full) > 0 {
		f = full[0].FullChargedCapacity
	}
	if len(static) > 0 {
		d = static[0].DesignedCapacity
		if name := known(static[0].DeviceName); name != "" {
			b.Name = name
		}
	}
	if len(cycles) > 0 {
		c = cycles[0].CycleCount
	}
	addBatteryWear(obs, f, d, c)
	return b, true, nil
}
