package checks

import (
	"reflect"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
)

func TestThermalHotLaptopFails(t *testing.T) {
	useHostRoot(t, recorded("laptop"))
	o := run(t, "hw.thermal", nil)
	got := status(t, "hw.thermal", o)
	// thermal_zone2 has no readable temp (a sleeping device): left out.
	wantObserved(t, o, map[string]any{"max_celsius": 97.0, "zones": []string{"acpitz 54.0", "x86_pkg_temp 97.0"}})
	if got != "fail" {
		t.Errorf("status %s, want fail (97 °C >= 95)", got)
	}
	if want := "the hottest of 2 sensors is x86_pkg_temp at 97.0°C"; o.Message != want {
		t.Errorf("message %q, want %q", o.Message, want)
	}
}

func TestThermalNoSensorsSkips(t *testing.T) {
	useHostRoot(t, recorded("desktop"))
	o := run(t, "hw.thermal", nil)
	got := status(t, "hw.thermal", o)
	if got != "skip" || o.Skip != "no temperature sensors" {
		t.Errorf("status %s, skip %q", got, o.Skip)
	}
}

func TestThermalFallsBackToHwmon(t *testing.T) {
	useHostRoot(t, recorded("workstation"))
	o := run(t, "hw.thermal", nil)
	got := status(t, "hw.thermal", o)
	want := []string{"k10temp/Tctl 61.5", "k10temp/Tccd1 58.3", "nvme/Sensor_1 41.9"}
	if got := o.Observed["zones"]; !reflect.DeepEqual(got, want) {
		t.Errorf("zones %v, want %v", got, want)
	}
	if o.Observed["max_celsius"] != 61.5 || got != "pass" {
		t.Errorf("max %v, status %s", o.Observed["max_celsius"], got)
	}
}

func TestThermalWarmWarnsAndBogusIgnored(t *testing.T) {
	useHostRoot(t, testutil.WriteTree(t, map[string]string{
		"sys/class/thermal/thermal_zone0/type": "cpu-thermal\n",
		"sys/class/thermal/thermal_zone0/temp": "88123\n",
		"sys/class/thermal/thermal_zone1/type": "broken\n",
		"sys/class/thermal/thermal_zone1/temp": "-273000\n",
	}))
	o := run(t, "hw.thermal", nil)
	got := status(t, "hw.thermal", o)
	wantObserved(t, o, map[string]any{"max_celsius": 88.1, "zones": []string{"cpu-thermal 88.1"}})
	if got != "warn" {
		t.Errorf("status %s, want warn", got)
	}
}
