package checks

import "testing"

// These tests replay what a real kernel answered over nl80211 (Debian's
// 6.1 kernel with mac80211_hwsim, hostapd running the access point
// "tsr-lab"; testdata/nl80211/README.md says how it was recorded) through
// readWifiLinksOn, the code that asks the kernel in production. The values
// expected are the ones iw printed at the time (STATE/iw.txt).

func TestWifiRecordedAssociated(t *testing.T) {
	for _, tc := range []struct {
		state   string
		want    map[string]any
		message string
	}{
		// iw: channel 6 (2437 MHz), signal: -30 dBm, tx bitrate: 13.0 MBit/s MCS 8.
		{"associated", map[string]any{"band": "2.4 GHz", "channel": int64(6), "signal_dbm": int64(-30), "quality": 100.0, "rate_mbps": 13.0},
			`Connected to Wi-Fi network "tsr-lab" on wlan1 (2.4 GHz, channel 6): signal -30 dBm (100%), excellent; sending at 13 Mbit/s`},
		// iw: channel 36 (5180 MHz), signal: -50 dBm, tx bitrate: 13.0 MBit/s VHT-MCS 1 VHT-NSS 1.
		{"associated-5ghz", map[string]any{"band": "5 GHz", "channel": int64(36), "signal_dbm": int64(-50), "quality": 100.0, "rate_mbps": 13.0},
			`Connected to Wi-Fi network "tsr-lab" on wlan1 (5 GHz, channel 36): signal -50 dBm (100%), excellent; sending at 13 Mbit/s`},
	} {
		t.Run(tc.state, func(t *testing.T) {
			replayNL80211(t, tc.state)
			o := run(t, "net.wifi", nil)
			wantObserved(t, o, map[string]any{"interface": "wlan1", "associated": true, "ssid": "tsr-lab"})
			wantObserved(t, o, tc.want)
			expectEqual(t, "status", status(t, "net.wifi", o), "pass")
			expectEqual(t, "message", o.Message, tc.message)
		})
	}
}

func TestWifiRecordedNotAssociated(t *testing.T) {
	// The radio is up and has seen tsr-lab in a scan, but has not joined it.
	replayNL80211(t, "not-associated")
	o := run(t, "net.wifi", map[string]any{"interface": "wlan1"})
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
	for state, reason := range map[string]string{
		// No Wi-Fi driver loaded: the kernel knows no nl80211 family.
		"no-wifi": "this machine has no Wi-Fi interface (the kernel has no Wi-Fi driver loaded)",
		// cfg80211 loaded, but no Wi-Fi device: nl80211 lists no interface.
		"no-interface": "this machine has no Wi-Fi interface",
	} {
		t.Run(state, func(t *testing.T) {
			replayNL80211(t, state)
			o := run(t, "net.wifi", nil)
			expectEqual(t, "status", status(t, "net.wifi", o), StatusSkip)
			expectEqual(t, "skip reason", o.Skip, reason)
		})
	}
}
