package checks

import (
	"net"
	"unsafe"

	"github.com/mdlayher/wifi"
	"golang.org/x/sys/windows"
)

// On Windows the WLAN service (wlanapi.dll) says what the driver knows:
// the interfaces, the current connection (network name, access point,
// signal quality, rates), the channel and the RSSI. Its answers are put
// in mdlayher/wifi's structs, so that one mapping serves both systems.

var (
	wlanapi                = windows.NewLazySystemDLL("wlanapi.dll")
	procWlanOpenHandle     = wlanapi.NewProc("WlanOpenHandle")
	procWlanCloseHandle    = wlanapi.NewProc("WlanCloseHandle")
	procWlanEnumInterfaces = wlanapi.NewProc("WlanEnumInterfaces")
	procWlanQueryInterface = wlanapi.NewProc("WlanQueryInterface")
	procWlanFreeMemory     = wlanapi.NewProc("WlanFreeMemory")
)

// WLAN_INTERFACE_INFO and the start of WLAN_CONNECTION_ATTRIBUTES
// (wlanapi.h, windot11.h): the association attributes, which follow the
// profile name, and not the security attributes after them.
type wlanInterfaceInfo struct {
	guid        windows.GUID
	description [256]uint16
	state       uint32
}

type wlanConnectionAttributes struct {
	state         uint32
	mode          uint32
	profileName   [256]uint16
	ssidLength    uint32
	ssid          [32]byte
	bssType       uint32
	bssid         [6]byte
	_             [2]byte
	phyType       uint32
	phyIndex      uint32
	signalQuality uint32 // 0-100
	rxRate        uint32 // kbit/s
	txRate        uint32 // kbit/s
}

const (
	wlanStateConnected    = 1
	wlanOpCurrentConn     = 7
	wlanOpChannelNumber   = 8
	wlanOpRSSI            = 0x10000102
	wlanClientVersion2    = 2
	errorServiceNotActive = 1062 // the WLAN service is not running: no Wi-Fi
)

func readWifiLinks() ([]wifiLink, error) {
	if procWlanOpenHandle.Find() != nil {
		return nil, NotHere("this Windows has no WLAN service (wlanapi.dll), so no Wi-Fi")
	}
	var version uint32
	var h windows.Handle
	if r, _, _ := procWlanOpenHandle.Call(wlanClientVersion2, 0, uintptr(unsafe.Pointer(&version)), uintptr(unsafe.Pointer(&h))); r != 0 {
		if r == errorServiceNotActive {
			return nil, NotHere("the WLAN service is not running, so this machine has no Wi-Fi in use")
		}
		return nil, windows.Errno(r)
	}
	defer procWlanCloseHandle.Call(uintptr(h), 0)
	var list *uint32 // WLAN_INTERFACE_INFO_LIST: count, index, then the entries
	if r, _, _ := procWlanEnumInterfaces.Call(uintptr(h), 0, uintptr(unsafe.Pointer(&list))); r != 0 {
		return nil, windows.Errno(r)
	}
	defer procWlanFreeMemory.Call(uintptr(unsafe.Pointer(list)))
	count := int(*list)
	first := unsafe.Add(unsafe.Pointer(list), 8)
	infos := unsafe.Slice((*wlanInterfaceInfo)(first), count)
	var out []wifiLink
	for i := range infos {
		info := &infos[i]
		l := wifiLink{ifi: &wifi.Interface{Index: i + 1, Name: windows.UTF16ToString(info.description[:]), Type: wifi.InterfaceTypeStation}}
		if info.state == wlanStateConnected {
			l.bss, l.station = wlanConnection(h, &info.guid)
		}
		out = append(out, l)
	}
	return out, nil
}

// wlanConnection reads the current connection of one interface; nil, nil
// when Windows does not say.
func wlanConnection(h windows.Handle, guid *windows.GUID) (*wifi.BSS, *wifi.StationInfo) {
	var attrs *wlanConnectionAttributes
	if !wlanQuery(h, guid, wlanOpCurrentConn, unsafe.Pointer(&attrs)) {
		return nil, nil
	}
	defer procWlanFreeMemory.Call(uintptr(unsafe.Pointer(attrs)))
	ssid := attrs.ssid[:min(int(attrs.ssidLength), len(attrs.ssid))]
	bss := &wifi.BSS{SSID: string(ssid), BSSID: net.HardwareAddr(attrs.bssid[:]), Status: wifi.BSSStatusAssociated}
	// Windows' own quality is the same scale as wifiFacts': -100 dBm is 0%,
	// -50 dBm 100%. Without an RSSI, the signal is derived from it.
	st := &wifi.StationInfo{Signal: int(attrs.signalQuality)/2 - 100, TransmitBitrate: int(attrs.txRate) * 1000, ReceiveBitrate: int(attrs.rxRate) * 1000}
	var rssi *int32
	if wlanQuery(h, guid, wlanOpRSSI, unsafe.Pointer(&rssi)) {
		if *rssi < 0 {
			st.Signal = int(*rssi)
		}
		procWlanFreeMemory.Call(uintptr(unsafe.Pointer(rssi)))
	}
	var channel *uint32
	if wlanQuery(h, guid, wlanOpChannelNumber, unsafe.Pointer(&channel)) {
		bss.Frequency = channelFrequency(int(*channel))
		procWlanFreeMemory.Call(uintptr(unsafe.Pointer(channel)))
	}
	return bss, st
}

// wlanQuery asks one opcode; data receives the pointer WlanAPI allocated.
func wlanQuery(h windows.Handle, guid *windows.GUID, op uint32, data unsafe.Pointer) bool {
	var size, valueType uint32
	r, _, _ := procWlanQueryInterface.Call(uintptr(h), uintptr(unsafe.Pointer(guid)), uintptr(op), 0,
		uintptr(unsafe.Pointer(&size)), uintptr(data), uintptr(unsafe.Pointer(&valueType)))
	return r == 0 && *(*uintptr)(data) != 0
}
