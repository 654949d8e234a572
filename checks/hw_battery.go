package checks

import (
	"context"
	"fmt"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "hw.battery",
			Title: "Battery is healthy",
			Doc:   "Reads the laptop's battery: whether it is there, charging or not, how full it is, and how much of its design capacity it still holds. Skips on machines without one.",
			Fields: []Field{
				{Name: "present", Kind: KindBool, Doc: "a battery is in its slot"},
				{Name: "status", Kind: KindString, Doc: "Charging, Discharging, Full, Not charging or Unknown"},
				{Name: "capacity_percent", Kind: KindPercent, Doc: "charge level"},
				{Name: "health_percent", Kind: KindPercent, Doc: "full charge now as a share of the design capacity; a worn battery holds less"},
				{Name: "cycle_count", Kind: KindInt, Doc: "charge cycles so far, when the battery reports them"},
			},
			Warn:       Assertions{"health_percent": ">= 60"},
			ErrorKinds: noOwnKinds,
			Timeout:    5 * time.Second, // Windows asks WMI, which can take seconds to start
			Support:    Support{Linux: Works, Windows: Works, Darwin: Skips, Note: "Linux reads /sys; Windows GetSystemPowerStatus, with wear and cycles from WMI where the battery's driver publishes them"},
			Run:        runBattery,
		}
	})
}

// batteryFacts is what the OS says about the first system battery; the
// maps hold only what it reports.
type batteryFacts struct {
	Name     string
	Observed map[string]any
}

func runBattery(context.Context, *Env, Params) Outcome {
	b, found, err := readBattery()
	if err != nil {
		return CouldNotLook(err, "cannot read the battery")
	}
	if !found {
		return Skipped("no battery")
	}
	obs := b.Observed
	if present, _ := obs["present"].(bool); !present {
		return Outcome{Observed: obs, Message: "the battery slot " + b.Name + " is empty"}
	}
	msg := b.Name
	if s, ok := obs["status"].(string); ok && s != "" {
		msg += " " + s
	}
	if c, ok := obs["capacity_percent"].(float64); ok {
		msg += fmt.Sprintf(", %.0f%% charged", c)
	}
	if h, ok := obs["health_percent"].(float64); ok {
		msg += fmt.Sprintf(", holds %.0f%% of its design capacity", h)
	}
	if n, ok := obs["cycle_count"].(int64); ok && n > 0 {
		msg += fmt.Sprintf(" after %d cycles", n)
	}
	return Outcome{Observed: obs, Message: msg}
}
