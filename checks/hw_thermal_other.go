//go:build !linux

package checks

func readSensors() ([]sensorReading, error) {
	return nil, NotHere("tsr reads temperature sensors only on Linux")
}
