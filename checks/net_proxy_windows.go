package checks

import (
	"errors"
	"fmt"
	"net/url"
	"unsafe"

	"golang.org/x/sys/windows"
	winreg "golang.org/x/sys/windows/registry"
)

// The user's proxy as Windows keeps it: the Internet settings (what the
// Settings app and browsers use: a PAC script or a manual proxy), else
// WinHTTP's machine-wide default (netsh winhttp set proxy).

var (
	winhttp                       = windows.NewLazySystemDLL("winhttp.dll")
	procWinHttpOpen               = winhttp.NewProc("WinHttpOpen")
	procWinHttpCloseHandle        = winhttp.NewProc("WinHttpCloseHandle")
	procWinHttpSetTimeouts        = winhttp.NewProc("WinHttpSetTimeouts")
	procWinHttpGetProxyForUrl     = winhttp.NewProc("WinHttpGetProxyForUrl")
	procWinHttpGetDefaultProxyCfg = winhttp.NewProc("WinHttpGetDefaultProxyConfiguration")
	procGlobalFree                = windows.NewLazySystemDLL("kernel32.dll").NewProc("GlobalFree")
)

// WINHTTP_PROXY_INFO and WINHTTP_AUTOPROXY_OPTIONS (winhttp.h).
type winhttpProxyInfo struct {
	accessType uint32
	proxy      *uint16
	bypass     *uint16
}

type winhttpAutoProxyOptions struct {
	flags                 uint32
	autoDetectFlags       uint32
	autoConfigURL         *uint16
	reserved              uintptr
	reserved2             uint32
	autoLogonIfChallenged int32
}

const (
	winhttpAccessTypeNoProxy    = 1
	winhttpAccessTypeNamedProxy = 3
	winhttpAutoProxyConfigURL   = 0x2
	internetSettingsKey         = `Software\Microsoft\Windows\CurrentVersion\Internet Settings`
)

func systemProxy(target *url.URL) (proxySetting, error) {
	if k, err := winreg.OpenKey(winreg.CURRENT_USER, internetSettingsKey, winreg.QUERY_VALUE); err == nil {
		defer k.Close()
		if pac, _, err := k.GetStringValue("AutoConfigURL"); err == nil && pac != "" {
			return pacProxy(target, pac)
		}
		enabled, _, _ := k.GetIntegerValue("ProxyEnable")
		server, _, _ := k.GetStringValue("ProxyServer")
		bypass, _, _ := k.GetStringValue("ProxyOverride")
		if enabled == 1 && server != "" {
			return settingFrom(target, server, bypass, "Internet settings")
		}
	}
	var info winhttpProxyInfo
	if r, _, err := procWinHttpGetDefaultProxyCfg.Call(uintptr(unsafe.Pointer(&info))); r == 0 {
		if errors.Is(err, windows.ERROR_PROC_NOT_FOUND) || procWinHttpGetDefaultProxyCfg.Find() != nil {
			return proxySetting{}, nil
		}
		return proxySetting{}, fmt.Errorf("cannot read the WinHTTP proxy setting: %w", err)
	}
	defer freeProxyInfo(&info)
	if info.accessType != winhttpAccessTypeNamedProxy || info.proxy == nil {
		return proxySetting{}, nil
	}
	return settingFrom(target, windows.UTF16PtrToString(info.proxy), utf16OrEmpty(info.bypass), "WinHTTP")
}

// settingFrom turns Windows' proxy strings into the setting for target.
func settingFrom(target *url.URL, server, bypass, source string) (proxySetting, error) {
	u, bypassed, err := winProxyFor(target, server, bypass)
	if err != nil {
		return proxySetting{}, fmt.Errorf("the %s proxy: %w", source, err)
	}
	if bypassed {
		return proxySetting{Source: source + " bypass list"}, nil
	}
	if u == nil {
		return proxySetting{}, nil
	}
	return proxySetting{URL: u, Source: source}, nil
}

// pacProxy runs the PAC script at pac for target, as WinHTTP does for
// every program that asks it.
func pacProxy(target *url.URL, pac string) (proxySetting, error) {
	agent, _ := windows.UTF16PtrFromString("tsr")
	h, _, err := procWinHttpOpen.Call(uintptr(unsafe.Pointer(agent)), winhttpAccessTypeNoProxy, 0, 0, 0)
	if h == 0 {
		return proxySetting{}, fmt.Errorf("cannot start WinHTTP to read the PAC script %s: %w", pac, err)
	}
	defer procWinHttpCloseHandle.Call(h)
	procWinHttpSetTimeouts.Call(h, 3000, 3000, 3000, 3000)
	pacURL, _ := windows.UTF16PtrFromString(pac)
	targetURL, _ := windows.UTF16PtrFromString(target.String())
	opts := winhttpAutoProxyOptions{flags: winhttpAutoProxyConfigURL, autoConfigURL: pacURL, autoLogonIfChallenged: 1}
	var info winhttpProxyInfo
	r, _, err := procWinHttpGetProxyForUrl.Call(h, uintptr(unsafe.Pointer(targetURL)), uintptr(unsafe.Pointer(&opts)), uintptr(unsafe.Pointer(&info)))
	if r == 0 {
		return proxySetting{}, fmt.Errorf("the PAC script %s could not be used: %w", pac, err)
	}
	defer freeProxyInfo(&info)
	source := "PAC " + pac
	if info.accessType != winhttpAccessTypeNamedProxy || info.proxy == nil {
		return proxySetting{Source: source}, nil // the script said DIRECT
	}
	s, err := settingFrom(target, windows.UTF16PtrToString(info.proxy), "", source)
	return s, err
}

func utf16OrEmpty(p *uint16) string {
	if p == nil {
		return ""
	}
	return windows.UTF16PtrToString(p)
}

func freeProxyInfo(info *winhttpProxyInfo) {
	for _, p := range []*uint16{info.proxy, info.bypass} {
		if p != nil {
			procGlobalFree.Call(uintptr(unsafe.Pointer(p)))
		}
	}
}
