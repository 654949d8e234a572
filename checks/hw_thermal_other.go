//go:build !linux && !windows

package checks

func readSensors() ([]sensorReading, error) {
	return nil, NotHere("tsr reads temperature sensors only on Linux and Windows")
}
