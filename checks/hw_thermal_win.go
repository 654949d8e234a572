package checks

import (
	"math"
	"strings"
)

// msAcpiThermalZone is MSAcpi_ThermalZoneTemperature: the firmware's ACPI
// thermal zones, in tenths of a kelvin.
type msAcpiThermalZone struct {
	InstanceName       string
	CurrentTemperature uint32
}

// thermalZoneReadings turns MSAcpi_ThermalZoneTemperature rows into
// readings: tenths of a kelvin to °C, the zone named by the last part of
// its instance name (ACPI\ThermalZone\TZ00_0 -> TZ00_0). A zone at 0 K or
// above 200 °C is a firmware placeholder, not a temperature.
func thermalZoneReadings(zones []msAcpiThermalZone) []sensorReading {
	var out []sensorReading
	for _, z := range zones {
		c := math.Round((float64(z.CurrentTemperature)/10-273.15)*10) / 10
		if z.CurrentTemperature == 0 || c > 200 {
			continue
		}
		name := z.InstanceName
		if i := strings.LastIndex(name, `\`); i >= 0 {
			name = name[i+1:]
		}
		if name == "" {
			name = "thermal zone"
		}
		out = append(out, sensorReading{Name: name, Celsius: c})
	}
	return out
}
