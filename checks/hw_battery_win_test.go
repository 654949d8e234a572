package checks

import (
	"reflect"
	"testing"
)

// TestBatteryFromPowerStatus: what GetSystemPowerStatus says reads as the
// Linux fields say it, and a desktop without a battery has none.
func TestBatteryFromPowerStatus(t *testing.T) {
	for _, c := range []struct {
		s     powerStatus
		want  map[string]any
		found bool
	}{
		{powerStatus{ACLineStatus: 1, BatteryFlag: 128, BatteryLifePercent: 255}, nil, false},
		{powerStatus{ACLineStatus: 255, BatteryFlag: 255, BatteryLifePercent: 255}, nil, false},
		{powerStatus{ACLineStatus: 1, BatteryFlag: 8 | 1, BatteryLifePercent: 80},
			map[string]any{"present": true, "status": "Charging", "capacity_percent": 80.0}, true},
		{powerStatus{ACLineStatus: 0, BatteryFlag: 2, BatteryLifePercent: 23},
			map[string]any{"present": true, "status": "Discharging", "capacity_percent": 23.0}, true},
		{powerStatus{ACLineStatus: 1, BatteryFlag: 1, BatteryLifePercent: 100},
			map[string]any{"present": true, "status": "Full", "capacity_percent": 100.0}, true},
		{powerStatus{ACLineStatus: 1, BatteryFlag: 1, BatteryLifePercent: 95},
			map[string]any{"present": true, "status": "Not charging", "capacity_percent": 95.0}, true},
		{powerStatus{ACLineStatus: 255, BatteryFlag: 0, BatteryLifePercent: 255},
			map[string]any{"present": true, "status": "Unknown"}, true},
	} {
		got, found := batteryFromPowerStatus(c.s)
		if found != c.found || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%+v: %v %v, want %v %v", c.s, got, found, c.want, c.found)
		}
	}
	obs := map[string]any{}
	addBatteryWear(obs, 41500, 50000, 312)
	if obs["health_percent"] != 83.0 || obs["cycle_count"] != int64(312) {
		t.Errorf("wear %v", obs)
	}
	obs = map[string]any{}
	addBatteryWear(obs, 41500, 0, 0) // a driver that does not know its design capacity
	if len(obs) != 0 {
		t.Errorf("unknown wear recorded as %v", obs)
	}
}

// TestThermalZoneReadings: tenths of a kelvin become °C, and firmware
// placeholders are no temperature.
func TestThermalZoneReadings(t *testing.T) {
	got := thermalZoneReadings([]msAcpiThermalZone{
		{InstanceName: `ACPI\ThermalZone\TZ00_0`, CurrentTemperature: 3232},
		{InstanceName: `ACPI\ThermalZone\CPUZ_0`, CurrentTemperature: 0},
		{InstanceName: `ACPI\ThermalZone\BAD_0`, CurrentTemperature: 5000},
	})
	want := []sensorReading{{Name: "TZ00_0", Celsius: 50.1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("readings %v, want %v", got, want)
	}
}

// TestWMINotHere: WMI's "no such class" and "access denied" are reasons
// to skip, and other failures are not.
func TestWMINotHere(t *testing.T) {
	for code, want := range map[uint32]string{
		0x80041010: "absent", 0x8004100C: "absent", 0x8004100E: "absent", 0x80041002: "absent",
		0x80041003: "needs administrator: rerun from an elevated prompt", 0x80070005: "needs administrator: rerun from an elevated prompt",
	} {
		if got, ok := wmiNotHere(code, "absent"); !ok || got != want {
			t.Errorf("%#x: %q %v, want %q", code, got, ok, want)
		}
	}
	if _, ok := wmiNotHere(0x80041001, "absent"); ok { // WBEM_E_FAILED: WMI itself broke
		t.Error("a failure of WMI was taken for a missing sensor")
	}
}
