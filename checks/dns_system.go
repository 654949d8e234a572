package checks

import (
	"bufio"
	"net"
	"net/netip"
	"os"
	"strings"
)

// dnsConfig is how the OS is told to resolve names.
type dnsConfig struct {
	Servers []string // host:port, in the order they are tried
	Search  []string // domains appended to short names
	Source  string   // where it came from: a file path or "windows adapters"
}

// systemDNSConfig reads the resolvers the host is configured with: the
// machine tsr runs on asks its OS (liveDNSConfig), a recorded one is read
// from its resolv.conf.
func systemDNSConfig() (dnsConfig, error) {
	if host.live {
		return liveDNSConfig()
	}
	return readResolvConf(etcPath("resolv.conf"))
}

// readResolvConf reads nameserver, search and domain lines. Besides plain
// addresses it accepts IP:port and [IPv6]:port, which no libc does, so that
// tests can name a server on a high port.
func readResolvConf(path string) (dnsConfig, error) {
	cfg := dnsConfig{Source: path}
	f, err := os.Open(path)
	if err != nil {
		return cfg, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		line, _, _ = strings.Cut(line, ";")
		words := strings.Fields(line)
		if len(words) < 2 {
			continue
		}
		switch words[0] {
		case "nameserver":
			if addr, ok := serverAddr(words[1]); ok {
				cfg.Servers = append(cfg.Servers, addr)
			}
		case "search": // the last search or domain line wins, as in libc
			cfg.Search = words[1:]
		case "domain":
			cfg.Search = words[1:2]
		}
	}
	return cfg, sc.Err()
}

// serverAddr turns "IP", "IP:port" or "[IPv6]:port" into host:port.
func serverAddr(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if ip, err := netip.ParseAddr(s); err == nil {
		return net.JoinHostPort(ip.String(), "53"), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil && ap.Port() != 0 {
		return ap.String(), true
	}
	return "", false
}

// displayServer drops the usual port 53, the way people write servers.
func displayServer(addr string) string {
	if host, port, err := net.SplitHostPort(addr); err == nil && port == "53" {
		return host
	}
	return addr
}

func displayServers(addrs []string) []string {
	out := make([]string, len(addrs))
	for i, a := range addrs {
		out[i] = displayServer(a)
	}
	return out
}

// onlyLoopback says whether every server is on this machine: a local stub
// such as systemd-resolved's 127.0.0.53 that forwards to the real servers.
func onlyLoopback(addrs []string) bool {
	for _, a := range addrs {
		ap, err := netip.ParseAddrPort(a)
		if err != nil || !ap.Addr().IsLoopback() {
			return false
		}
	}
	return len(addrs) > 0
}

// hostsEntry is what the hosts file says about a name (its addresses) or
// about an address (its names), joined with ", "; "" when it says nothing.
func hostsEntry(nameOrIP string) string {
	f, err := os.Open(etcPath("hosts"))
	if err != nil {
		return ""
	}
	defer f.Close()
	want := strings.ToLower(strings.TrimSuffix(nameOrIP, "."))
	wantIP, ipErr := netip.ParseAddr(want)
	var found []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		words := strings.Fields(line)
		if len(words) < 2 {
			continue
		}
		if ipErr == nil {
			if ip, err := netip.ParseAddr(words[0]); err == nil && ip == wantIP {
				found = append(found, words[1:]...)
			}
			continue
		}
		for _, name := range words[1:] {
			if strings.EqualFold(strings.TrimSuffix(name, "."), want) {
				found = append(found, words[0])
				break
			}
		}
	}
	return strings.Join(found, ", ")
}
