package checks

import "slices"

// The error kinds a check's probe can end with, by family: the vocabulary
// a playbook's `fix` map is keyed by, and what validation accepts there.
var (
	// anyCheckKinds can end any check: a parameter that only turned out
	// wrong at run time, a privilege it lacked, the run's timeout (what
	// this OS or machine cannot tell is a skip, never an error kind).
	anyCheckKinds = []string{"timeout", "parameter", "permission", "other"}
	// dialKinds are what ErrorKind says of a connection that failed.
	dialKinds = []string{"refused", "reset", "unreachable", "no_route", "nxdomain", "dns"}
	// tlsKinds are what tlsProblem says of a certificate or handshake.
	tlsKinds = []string{"tls_expired", "tls_not_yet_valid", "tls_unknown_authority", "tls_hostname", "tls_invalid", "tls"}
	// dnsKinds are what a DNS server's answer, or its silence, says.
	dnsKinds = []string{"refused", "nxdomain", "servfail", "nodata", "no_servers", "dns", "formerr", "notimp"}
	// readKinds are what reading the machine's own state can say.
	readKinds = []string{"not_found"}
	// proxyKinds are what a proxy setting or a proxy's answer can say.
	proxyKinds = []string{"config", "proxy_auth", "proxy_refused"}
)

// errorKindsOf lists, by type, the error kinds its probe gives besides
// anyCheckKinds. A type missing here accepts every known kind.
var errorKindsOf = map[string][]string{
	"net.ping":       join(dialKinds, []string{"filtered"}),
	"net.tcp":        dialKinds,
	"net.http":       join(dialKinds, tlsKinds, []string{"too_many_redirects", "http_4xx", "http_5xx", "proxy"}, proxyKinds),
	"net.tls":        join(dialKinds, tlsKinds, proxyKinds),
	"net.proxy":      join(dialKinds, tlsKinds, proxyKinds),
	"net.portal":     dialKinds,
	"net.pmtu":       dialKinds,
	"net.ipv6":       {},
	"net.wifi":       readKinds,
	"net.route":      {"no_route"},
	"net.interface":  readKinds,
	"net.ipconflict": readKinds,
	"net.listen":     readKinds,
	"dns.resolve":    dnsKinds,
	"dns.resolvers":  dnsKinds,
	"dns.compare":    dnsKinds,
	"dns.nxdomain":   join(dnsKinds, []string{"hijacked"}),
	"dns.config":     {"no_servers"},
	"sys.time":       join(dialKinds, []string{"bad_answer"}),
	"sys.command":    {"not_found", "canceled"},
	"sys.file":       readKinds,
	"sys.process":    readKinds,
	"hw.disk":        readKinds,
}

// ErrorKinds lists the error kinds a check of this type can end with.
func (t *Type) ErrorKinds() []string {
	own, declared := errorKindsOf[t.Name]
	if !declared {
		return AllErrorKinds()
	}
	return join(anyCheckKinds, own)
}

// AllErrorKinds lists every error kind tsr knows, sorted.
func AllErrorKinds() []string {
	all := join(anyCheckKinds, dialKinds, tlsKinds, dnsKinds, readKinds)
	for _, own := range errorKindsOf {
		all = join(all, own)
	}
	slices.Sort(all)
	return all
}

// join returns the union of lists, in first-seen order.
func join(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		for _, s := range l {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}
