//go:build !linux && !windows

package checks

func readWifiLinks() ([]wifiLink, error) {
	return nil, NotHere("tsr reads Wi-Fi only on Linux and Windows")
}
