package checks

import (
	"net"
	"strconv"
	"testing"

	"github.com/mdlayher/wifi"
)

// What a real kernel answered is replayed in net_wifi_linux_test.go. These
// tests cover what that recording cannot show (a weak signal, a
// driver that gives only the BSS's signal, several interfaces, WlanAPI's
// path), giving the check mdlayher/wifi's structs with values in nl80211's
// units (signal in dBm for a station and mBm for a BSS, bit rates in
// bit/s, frequencies in MHz), as both readers fill them.

func useWifi(t *testing.T, links []wifiLink, err error) {
	t.Helper()
	setVar(t, &wifiLinks, func() ([]wifiLink, error) { return links, err })
}

func TestWifiAssociated(t *testing.T) {
	mac, _ := net.ParseMAC("02:00:00:00:77:01")
	wlan := &wifi.Interface{Index: 3, Name: "wlan0", Type: wifi.InterfaceTypeStation, Frequency: 5180}
	useWifi(t, []wifiLink{
		{ifi: &wifi.Interface{Index: 4, Name: "wlan1", Type: wifi.InterfaceTypeStation}},
		{ifi: wlan, bss: &wifi.BSS{SSID: "Office", BSSID: mac, Frequency: 5180, Signal: -5600, Status: wifi.BSSStatusAssociated},
			station: &wifi.StationInfo{Signal: -56, TransmitBitrate: 866700000}},
	}, nil)
	o := run(t, "net.wifi", nil)
	wantObserved(t, o, map[string]any{"interface": "wlan0", "associated": true, "ssid": "Office", "signal_dbm": int64(-56),
		"quality": 88.0, "band": "5 GHz", "channel": int64(36), "rate_mbps": 866.7})
	expectEqual(t, "status", status(t, "net.wifi", o), "pass")
	expectEqual(t, "message", o.Message, `Connected to Wi-Fi network "Office" on wlan0 (5 GHz, channel 36): signal -56 dBm (88%), excellent; sending at 866.7 Mbit/s`)

	// A weak 2.4 GHz link whose driver gives only the BSS's signal (mBm).
	useWifi(t, []wifiLink{{ifi: wlan, bss: &wifi.BSS{SSID: "Guest", Frequency: 2437, Signal: -7800, Status: wifi.BSSStatusAssociated}}}, nil)
	o = run(t, "net.wifi", map[string]any{"interface": "wlan0"})
	wantObserved(t, o, map[string]any{"signal_dbm": int64(-78), "quality": 44.0, "band": "2.4 GHz", "channel": int64(6)})
	expectEqual(t, "weak status", status(t, "net.wifi", o), "warn")
	expectContains(t, "weak message", o.Message, "signal -78 dBm (44%), weak: expect slow transfers")
}

func TestWifiNotThere(t *testing.T) {
	useWifi(t, []wifiLink{{ifi: &wifi.Interface{Name: "wlan0", Type: wifi.InterfaceTypeStation}}}, nil)
	o := run(t, "net.wifi", nil)
	wantObserved(t, o, map[string]any{"interface": "wlan0", "associated": false})
	expectEqual(t, "not associated", o.Message, "Wi-Fi interface wlan0 is not connected to any network")
	expectEqual(t, "not associated status", status(t, "net.wifi", o), "pass")

	o = run(t, "net.wifi", map[string]any{"interface": "wlan7"})
	expectEqual(t, "missing interface", o.ErrorKind, "not_found")

	useWifi(t, nil, nil)
	expectEqual(t, "no Wi-Fi status", status(t, "net.wifi", run(t, "net.wifi", nil)), StatusSkip)
	useWifi(t, nil, NotHere("this machine has no Wi-Fi interface (the kernel has no Wi-Fi driver loaded)"))
	o = run(t, "net.wifi", nil)
	expectEqual(t, "no driver", o.Skip, "this machine has no Wi-Fi interface (the kernel has no Wi-Fi driver loaded)")
}

func TestWifiChannel(t *testing.T) {
	for mhz, want := range map[int]string{2412: "2.4 GHz 1", 2472: "2.4 GHz 13", 2484: "2.4 GHz 14", 5500: "5 GHz 100", 5825: "5 GHz 165", 5955: "6 GHz 1", 6415: "6 GHz 93", 60480: " 0"} {
		band, ch := wifiChannel(mhz)
		if got := band + " " + strconv.Itoa(ch); got != want {
			t.Errorf("%d MHz: %q, want %q", mhz, got, want)
		}
		if mhz < 5925 && channelFrequency(ch) != mhz { // WlanAPI gives the channel only
			t.Errorf("channel %d: %d MHz, want %d", ch, channelFrequency(ch), mhz)
		}
	}
}
