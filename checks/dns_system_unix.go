//go:build !windows

package checks

// liveDNSConfig: Unix-like systems keep the resolver's servers in
// resolv.conf.
func liveDNSConfig() (dnsConfig, error) { return readResolvConf(etcPath("resolv.conf")) }
