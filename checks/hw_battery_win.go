package checks

// What GetSystemPowerStatus says (SYSTEM_POWER_STATUS), read into the
// fields of hw.battery. Kept free of Windows calls so it is tested anywhere.

// Battery flags of SYSTEM_POWER_STATUS.BatteryFlag.
const (
	batteryFlagCharging  = 8
	batteryFlagNoBattery = 128
	batteryFlagUnknown   = 255
)

// powerStatus is the part of SYSTEM_POWER_STATUS hw.battery reads.
type powerStatus struct {
	ACLineStatus       uint8 // 0 offline, 1 online, 255 unknown
	BatteryFlag        uint8
	BatteryLifePercent uint8 // 0-100, 255 unknown
}

// batteryFromPowerStatus returns the observed fields, and false when
// Windows says there is no system battery (a desktop, most VMs).
func batteryFromPowerStatus(s powerStatus) (map[string]any, bool) {
	if s.BatteryFlag == batteryFlagNoBattery || s.BatteryFlag == batteryFlagUnknown && s.BatteryLifePercent == 255 {
		return nil, false
	}
	obs := map[string]any{"present": true}
	switch {
	case s.BatteryFlag&batteryFlagCharging != 0:
		obs["status"] = "Charging"
	case s.ACLineStatus == 0:
		obs["status"] = "Discharging"
	case s.ACLineStatus == 1 && s.BatteryLifePercent == 100:
		obs["status"] = "Full"
	case s.ACLineStatus == 1:
		obs["status"] = "Not charging"
	default:
		obs["status"] = "Unknown"
	}
	if s.BatteryLifePercent <= 100 {
		obs["capacity_percent"] = float64(s.BatteryLifePercent)
	}
	return obs, true
}

// addBatteryWear adds what the battery's driver tells WMI (root\WMI):
// the full charge now against the design capacity (both mWh), and the
// cycle count; zeros are what a driver that does not know reports.
func addBatteryWear(obs map[string]any, fullCharged, designed, cycles uint32) {
	if fullCharged > 0 && designed > 0 {
		obs["health_percent"] = percentOf(int64(fullCharged), int64(designed))
	}
	if cycles > 0 {
		obs["cycle_count"] = int64(cycles)
	}
}
