//go:build !linux

package checks

func readSensors() ([]sensorReading, error) { return nil, errUnsupported }
