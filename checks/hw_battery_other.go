//go:build !linux && !windows

package checks

func readBattery() (batteryFacts, bool, error) {
	return batteryFacts{}, false, NotHere("tsr reads the battery only on Linux and Windows")
}
