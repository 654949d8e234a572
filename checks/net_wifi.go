package checks

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mdlayher/wifi"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "net.wifi",
			Title: "Wi-Fi signal is good",
			Doc: "Reads the Wi-Fi connection as the driver reports it (nl80211 on Linux, WlanAPI on Windows): whether the interface is associated, with which network, " +
				"the signal strength and quality, the band and channel, and the current transmit rate. A machine without Wi-Fi skips.",
			Params: []Param{
				{Name: "interface", Kind: KindString, Default: "auto", Doc: "the Wi-Fi interface; auto: the first one that is associated, else the first one"},
			},
			Fields: []Field{
				{Name: "interface", Kind: KindString, Doc: "the Wi-Fi interface read"},
				{Name: "associated", Kind: KindBool, Doc: "the interface is connected to a network (an access point)"},
				{Name: "ssid", Kind: KindString, Doc: "the network's name (hidden in reports redacted at level pii)"},
				{Name: "signal_dbm", Kind: KindInt, Doc: "the signal strength in dBm: -50 is excellent, -70 fair, -80 and below poor"},
				{Name: "quality", Kind: KindPercent, Doc: "the signal as a percentage, as Windows shows it: -100 dBm is 0%, -50 dBm and above 100%"},
				{Name: "band", Kind: KindString, Doc: `"2.4 GHz", "5 GHz" or "6 GHz"`},
				{Name: "channel", Kind: KindInt, Doc: "the channel number"},
				{Name: "rate_mbps", Kind: KindFloat, Doc: "the current transmit rate in Mbit/s"},
			},
			Warn:       Assertions{"signal_dbm": ">= -70"},
			ErrorKinds: readKinds,
			Timeout:    3 * time.Second,
			Example:    "interface: auto",
			Support:    Support{Linux: Works, Windows: Works, Darwin: Skips, Note: "nl80211 on Linux, the WLAN service on Windows"},
			Run:        runWifi,
		}
	})
}

// wifiLink is what the driver says about one Wi-Fi interface: the
// network it is associated with and the access point as a station; both
// nil when not associated.
type wifiLink struct {
	ifi     *wifi.Interface
	bss     *wifi.BSS
	station *wifi.StationInfo
}

// wifiLinks reads every Wi-Fi interface; tests replace it.
var wifiLinks = readWifiLinks

func runWifi(_ context.Context, _ *Env, p Params) Outcome {
	links, err := wifiLinks()
	if err != nil {
		return CouldNotLook(err, "cannot read the Wi-Fi interfaces")
	}
	if len(links) == 0 {
		return Skipped("this machine has no Wi-Fi interface")
	}
	l, ok := pickWifi(links, p.String("interface"))
	if !ok {
		return Failed(ErrorKindNotFound, "there is no Wi-Fi interface %s", p.String("interface"))
	}
	obs := wifiFacts(l)
	if l.bss == nil {
		return Outcome{Observed: obs, Message: "Wi-Fi interface " + l.ifi.Name + " is not connected to any network"}
	}
	return Outcome{Observed: obs, Message: wifiMessage(obs)}
}

// pickWifi chooses the interface asked for, or the first associated one.
func pickWifi(links []wifiLink, name string) (wifiLink, bool) {
	if name != "" && !strings.EqualFold(name, "auto") {
		for _, l := range links {
			if l.ifi.Name == name {
				return l, true
			}
		}
		return wifiLink{}, false
	}
	for _, l := range links {
		if l.bss != nil {
			return l, true
		}
	}
	return links[0], true
}

// wifiFacts turns what the driver said into the observed fields.
func wifiFacts(l wifiLink) map[string]any {
	obs := map[string]any{"interface": l.ifi.Name, "associated": l.bss != nil}
	if l.bss == nil {
		return obs
	}
	obs["ssid"] = l.bss.SSID
	freq := l.bss.Frequency
	if freq == 0 {
		freq = l.ifi.Frequency
	}
	if band, channel := wifiChannel(freq); band != "" {
		obs["band"], obs["channel"] = band, int64(channel)
	}
	dbm, known := 0, false
	switch {
	case l.station != nil && l.station.Signal != 0:
		dbm, known = l.station.Signal, true
	case l.bss.Signal != 0:
		dbm, known = int(l.bss.Signal/100), true // mBm
	}
	if known {
		obs["signal_dbm"] = int64(dbm)
		obs["quality"] = float64(min(max(2*(dbm+100), 0), 100))
	}
	if l.station != nil && l.station.TransmitBitrate > 0 {
		obs["rate_mbps"] = float64(l.station.TransmitBitrate) / 1e6
	}
	return obs
}

// wifiChannel names the band and channel of a frequency in MHz.
func wifiChannel(mhz int) (band string, channel int) {
	switch {
	case mhz == 2484:
		return "2.4 GHz", 14
	case mhz >= 2412 && mhz < 2484:
		return "2.4 GHz", (mhz - 2407) / 5
	case mhz >= 5150 && mhz < 5925:
		return "5 GHz", (mhz - 5000) / 5
	case mhz >= 5925 && mhz <= 7125:
		return "6 GHz", (mhz - 5950) / 5
	}
	return "", 0
}

// wifiMessage says how good the connection is, in words.
func wifiMessage(obs map[string]any) string {
	msg := "Connected to Wi-Fi network " + strconv.Quote(obs["ssid"].(string)) + " on " + obs["interface"].(string)
	if band, ok := obs["band"].(string); ok {
		msg += fmt.Sprintf(" (%s, channel %d)", band, obs["channel"])
	}
	if dbm, ok := obs["signal_dbm"].(int64); ok {
		words := "excellent"
		switch {
		case dbm < -80:
			words = "poor: expect drop-outs; move closer to the access point"
		case dbm < -70:
			words = "weak: expect slow transfers; move closer to the access point"
		case dbm < -60:
			words = "good"
		}
		msg += fmt.Sprintf(": signal %d dBm (%.0f%%), %s", dbm, obs["quality"], words)
	}
	if rate, ok := obs["rate_mbps"].(float64); ok {
		msg += fmt.Sprintf("; sending at %s Mbit/s", strconv.FormatFloat(rate, 'f', -1, 64))
	}
	return msg
}

// channelFrequency is the centre frequency of a channel, for systems that
// give only its number (WlanAPI): channels 1-14 are taken as 2.4 GHz, the
// rest as 5 GHz (a 6 GHz channel reads as 5 GHz there).
func channelFrequency(channel int) int {
	switch {
	case channel == 14:
		return 2484
	case channel >= 1 && channel <= 13:
		return 2407 + 5*channel
	case channel > 14:
		return 5000 + 5*channel
	}
	return 0
}
