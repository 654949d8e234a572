package checks

import "testing"

func TestBatteryWornLaptopWarns(t *testing.T) {
	useHostRoot(t, recorded("laptop"))
	o, status := runType(t, "hw.battery", &Env{}, nil)
	wantObserved(t, o, map[string]any{
		"present": true, "status": "Discharging", "capacity_percent": 81.0,
		"health_percent": 45.0, "cycle_count": int64(1234),
	})
	if status != "warn" {
		t.Errorf("status %s, want warn (health 45%% < 60%%)", status)
	}
	if want := "BAT0 Discharging, 81% charged, holds 45% of its design capacity after 1234 cycles"; o.Message != want {
		t.Errorf("message %q, want %q", o.Message, want)
	}
}

func TestBatteryDesktopSkips(t *testing.T) {
	useHostRoot(t, recorded("desktop")) // only a wireless mouse's battery (scope Device)
	o, status := runType(t, "hw.battery", &Env{}, nil)
	if status != "skip" || o.Skip != "no battery" {
		t.Errorf("status %s, skip %q, want skip: no battery", status, o.Skip)
	}
	useHostRoot(t, t.TempDir()) // no /sys/class/power_supply at all
	if _, status := runType(t, "hw.battery", &Env{}, nil); status != "skip" {
		t.Errorf("without power_supply: status %s, want skip", status)
	}
}

func TestBatteryChargeCountersAndEmptySlot(t *testing.T) {
	// BAT0's bay is empty; BAT1 reports charge (µAh) and no capacity file.
	useHostRoot(t, recorded("workstation"))
	o, status := runType(t, "hw.battery", &Env{}, nil)
	wantObserved(t, o, map[string]any{"present": true, "status": "Charging", "capacity_percent": 50.0, "health_percent": 88.0})
	if _, ok := o.Observed["cycle_count"]; ok {
		t.Errorf("cycle_count observed though BAT1 reports none")
	}
	if status != "pass" {
		t.Errorf("status %s, want pass", status)
	}

	useHostRoot(t, recorded("emptyslot"))
	o, _ = runType(t, "hw.battery", &Env{}, nil)
	wantObserved(t, o, map[string]any{"present": false})
	if o.Message != "the battery slot BAT0 is empty" {
		t.Errorf("message %q", o.Message)
	}
}
