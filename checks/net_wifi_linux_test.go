package checks

import "testing"

// These tests replay what a real kernel answered over nl80211 (Debian's
// 6.1 kernel with mac80211_hwsim, an access point "tsr-lab" on channel 6
// run by hostapd; testdata/nl80211/README.md says how it was recorded)
// through readWifiLinksOn, the code that asks the kernel in production.

func TestWifiRecordedAssociated(t *testing.T) {
	replayNL80211(t, "associated")
	o := runNet(t, "net.wifi", nil)
	// As iw showed it at the time (testdata/nl80211/associated/iw.txt):
	// connected to tsr-lab on 2437 MHz, signal -30 dBm, tx bitrate
	// 130.0 MBit/s MCS 15.
	wantObserved(t, o, map[string]any{"interface": "wlan1", "associated": true, "ssid": "tsr-lab",
		"signal_dbm": int64(-30), "quality": 100.0, "band": "2.4 GHz", "channel": int64(6), "rate_mbps": 130.0})
	expectEqual(t, "status", status(t, "net.wifi", o), "pass")
	expectEqual(t, "message", o.Message, `Connected to Wi-Fi network "tsr-lab" on wlan1 (2.4 GHz, channel 6): signal -30 dBm (100%), excellent; sending at 130 Mbit/s`)
}

func TestWifiRecordedNotAssociated(t *testing.T) {
	// The radio is up and has seen tsr-lab in a scan, but has not joined it.
	replayNL80211(t, "not-associated")
	o := runNet(t, "net.wifi", map[string]any{"interface": "wlan1"})
	wantObserved(t, o, map[string]any{"interface": "wlan1", "associated": false})
	for _, f := range []string{"ssid", "signal_dbm", "channel", "rate_mbps"} {
		if v, ok := o.Observed[f]; ok {
			t.Errorf("not associated, yet %s = %v", f, v)
		}
	}
	expectEqual(t, "message", o.Message, "Wi-Fi interface wlan1 is not connected to any network")
	expectEqual(t, "status", status(t, "net.wifi", o), "pass")
}

func TestWifiRecordedNoWifi(t *testing.T) {
	// No Wi-Fi driver loaded: the kernel knows no nl80211 family.
	replayNL80211(t, "no-wifi")
	o := runNet(t, "net.wifi", nil)
	wantStatus(t, o, "skip")
	expectEqual(t, "skip reason", o.Skip, "this machine has no Wi-Fi interface (the kernel has no Wi-Fi driver loaded)")
}
