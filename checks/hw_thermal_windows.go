package checks

// readSensors asks WMI for the ACPI thermal zones. Many PCs publish none
// (the class is missing or empty) and most let only an administrator read
// them: both are said as a skip, not an error.
func readSensors() ([]sensorReading, error) {
	zones, err := wmiQuery[msAcpiThermalZone](`root\WMI`, "SELECT InstanceName, CurrentTemperature FROM MSAcpi_ThermalZoneTemperature",
		"this PC exposes no temperature sensor to Windows")
	if err != nil {
		return nil, err
	}
	readings := thermalZoneReadings(zones)
	if len(readings) == 0 {
		return nil, NotHere("this PC exposes no temperature sensor to Windows")
	}
	return readings, nil
}
