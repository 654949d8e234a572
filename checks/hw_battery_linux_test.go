package checks

import "testing"

func TestBatteryWornLaptopWarns(t *testing.T) {
	useHostRoot(t, recorded("laptop"))
	o := run(t, "hw.battery", nil)
	got := status(t, "hw.battery", o)
	wantObserved(t, o, map[string]any{
		"present": true, "status": "Discharging", "capacity_percent": 81.0,
		"health_percent": 45.0, "cycle_count": int64(1234),
	})
	if got != "warn" {
		t.Errorf("status %s, want warn (health 45%% < 60%%)", got)
	}
	if want := "BAT0 Discharging, 81% charged, holds 45% of its design capacity after 1234 cycles"; o.Message != want {
		t.Errorf("message %q, want %q", o.Message, want)
	}
}

func TestBatteryDesktopSkips(t *testing.T) {
	useHostRoot(t, recorded("desktop")) // only a wireless mouse's battery (scope Device)
	o := run(t, "hw.battery", nil)
	got := status(t, "hw.battery", o)
	if got != "skip" || o.Skip != "no battery" {
		t.Errorf("status %s, skip %q, want skip: no battery", got, o.Skip)
	}
	useHostRoot(t, t.TempDir()) // no /sys/class/power_supply at all
	if got := status(t, "hw.battery", run(t, "hw.battery", nil)); got != "skip" {
		t.Errorf("without power_supply: status %s, want skip", got)
	}
}

func TestBatteryChargeCountersAndEmptySlot(t *testing.T) {
	// BAT0's bay is empty; BAT1 reports charge (µAh) and no capacity file.
	useHostRoot(t, recorded("workstation"))
	o := run(t, "hw.battery", nil)
	got := status(t, "hw.battery", o)
	wantObserved(t, o, map[string]any{"present": true, "status": "Charging", "capacity_percent": 50.0, "health_percent": 88.0})
	if _, ok := o.Observed["cycle_count"]; ok {
		t.Errorf("cycle_count observed though BAT1 reports none")
	}
	if got != "pass" {
		t.Errorf("status %s, want pass", got)
	}

	useHostRoot(t, recorded("emptyslot"))
	o = run(t, "hw.battery", nil)
	wantObserved(t, o, map[string]any{"present": false})
	if o.Message != "the battery slot BAT0 is empty" {
		t.Errorf("message %q", o.Message)
	}
}
