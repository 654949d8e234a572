//go:build !linux

package checks

func readBattery() (batteryFacts, bool, error) { return batteryFacts{}, false, errUnsupported }
