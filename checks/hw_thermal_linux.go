package checks

import (
	"math"
	"path/filepath"
	"sort"
	"strings"
)

// readSensors reads /sys/class/thermal/thermal_zone*, and only when there
// are none the hardware monitors (/sys/class/hwmon/hwmon*/temp*_input),
// which on most laptops repeat the same sensors.
func readSensors() ([]sensorReading, error) {
	var out []sensorReading
	zones, _ := filepath.Glob(sysPath("class", "thermal", "thermal_zone*"))
	sort.Strings(zones)
	for _, z := range zones {
		name, _ := readTrimmed(filepath.Join(z, "type"))
		if c, ok := readMilliCelsius(filepath.Join(z, "temp")); ok {
			out = append(out, sensorReading{Name: sensorName(name, filepath.Base(z)), Celsius: c})
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	inputs, _ := filepath.Glob(sysPath("class", "hwmon", "hwmon*", "temp*_input"))
	sort.Strings(inputs)
	for _, in := range inputs {
		dir := filepath.Dir(in)
		chip, _ := readTrimmed(filepath.Join(dir, "name"))
		label, ok := readTrimmed(strings.TrimSuffix(in, "_input") + "_label")
		if !ok {
			label = strings.TrimSuffix(filepath.Base(in), "_input")
		}
		if c, ok := readMilliCelsius(in); ok {
			out = append(out, sensorReading{Name: sensorName(chip, filepath.Base(dir)) + "/" + sensorName(label, ""), Celsius: c})
		}
	}
	return out, nil
}

// readMilliCelsius reads a sensor in millidegrees. A sensor that cannot be
// read (EIO, ENODATA on a sleeping device) or reads absurdly is left out.
func readMilliCelsius(path string) (float64, bool) {
	m, ok := readInt(path)
	if !ok || m <= -50000 || m >= 200000 {
		return 0, false
	}
	return math.Round(float64(m)/100) / 10, true
}

// sensorName makes a name one word, so a "name celsius" entry stays
// readable ("Package id 0" becomes "Package_id_0").
func sensorName(name, fallback string) string {
	if name == "" {
		name = fallback
	}
	return strings.Join(strings.Fields(name), "_")
}
