package checks

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "hw.thermal",
			Title: "Machine is not overheating",
			Doc:   "Reads every temperature sensor the OS exposes (thermal zones, else hardware monitors) and judges the hottest. Skips when there are none, as in most VMs.",
			Fields: []Field{
				{Name: "max_celsius", Kind: KindFloat, Doc: "the hottest reading, in °C"},
				{Name: "zones", Kind: KindList, Doc: `one entry per sensor: "name celsius", e.g. "x86_pkg_temp 97.0"`},
			},
			Expect:     Assertions{"max_celsius": "< 95"},
			Warn:       Assertions{"max_celsius": "< 85"},
			ErrorKinds: noOwnKinds,
			Timeout:    5 * time.Second, // Windows asks WMI, which can take seconds to start
			Support:    Support{Linux: Works, Windows: Partial, Darwin: Skips, Note: "Windows reads the ACPI thermal zones from WMI, which many PCs do not publish or show only to an administrator (then it skips)"},
			Run:        runThermal,
		}
	})
}

// sensorReading is one temperature sensor's value.
type sensorReading struct {
	Name    string
	Celsius float64
}

func runThermal(context.Context, *Env, Params) Outcome {
	readings, err := readSensors()
	if err != nil {
		return CouldNotLook(err, "cannot read the temperature sensors")
	}
	if len(readings) == 0 {
		return Skipped("no temperature sensors")
	}
	hottest := readings[0]
	zones := make([]string, len(readings))
	for i, r := range readings {
		zones[i] = r.Name + " " + strconv.FormatFloat(r.Celsius, 'f', 1, 64)
		if r.Celsius > hottest.Celsius {
			hottest = r
		}
	}
	return Outcome{
		Observed: map[string]any{"max_celsius": hottest.Celsius, "zones": zones},
		Message:  fmt.Sprintf("the hottest of %d sensors is %s at %.1f°C", len(readings), hottest.Name, hottest.Celsius),
	}
}
