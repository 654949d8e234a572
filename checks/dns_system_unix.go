//go:build !windows

package checks

import "errors"

const (
	defaultResolvConf = "/etc/resolv.conf"
	defaultHosts      = "/etc/hosts"
)

// osDNSConfig is only reached when resolvConfPath was emptied: Unix-like
// systems have no other source.
func osDNSConfig() (dnsConfig, error) {
	return dnsConfig{}, errors.New("no resolv.conf path is set")
}
