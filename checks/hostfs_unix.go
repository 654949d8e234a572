//go:build !windows

package checks

// liveEtcDir is where this machine keeps resolv.conf and hosts.
func liveEtcDir() string { return "/etc" }
