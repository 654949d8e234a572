package checks

import "slices"

// ErrorKind says why a probe failed: the observed field error_kind, empty
// when it worked, and the vocabulary a playbook's `fix` map is keyed by.
type ErrorKind string

// The error kinds, the only place their names are written; errorKindWords
// says each in words.
const (
	ErrorKindTimeout    ErrorKind = "timeout"
	ErrorKindParameter  ErrorKind = "parameter" // set by the runner
	ErrorKindPermission ErrorKind = "permission"
	ErrorKindOther      ErrorKind = "other"
	ErrorKindReference  ErrorKind = "reference" // set by the runner
	ErrorKindInternal   ErrorKind = "internal"  // set by the runner

	ErrorKindRefused     ErrorKind = "refused"
	ErrorKindReset       ErrorKind = "reset"
	ErrorKindUnreachable ErrorKind = "unreachable"
	ErrorKindNoRoute     ErrorKind = "no_route"
	ErrorKindNXDomain    ErrorKind = "nxdomain"
	ErrorKindDNS         ErrorKind = "dns"
	ErrorKindFiltered    ErrorKind = "filtered"

	ErrorKindTLSExpired          ErrorKind = "tls_expired"
	ErrorKindTLSNotYetValid      ErrorKind = "tls_not_yet_valid"
	ErrorKindTLSUnknownAuthority ErrorKind = "tls_unknown_authority"
	ErrorKindTLSHostname         ErrorKind = "tls_hostname"
	ErrorKindTLSInvalid          ErrorKind = "tls_invalid"
	ErrorKindTLS                 ErrorKind = "tls"

	ErrorKindServFail  ErrorKind = "servfail"
	ErrorKindNoData    ErrorKind = "nodata"
	ErrorKindNoServers ErrorKind = "no_servers"
	ErrorKindFormErr   ErrorKind = "formerr"
	ErrorKindNotImp    ErrorKind = "notimp"
	ErrorKindHijacked  ErrorKind = "hijacked"

	ErrorKindNotFound  ErrorKind = "not_found"
	ErrorKindCanceled  ErrorKind = "canceled"
	ErrorKindBadAnswer ErrorKind = "bad_answer"

	ErrorKindConfig           ErrorKind = "config"
	ErrorKindProxy            ErrorKind = "proxy"
	ErrorKindProxyAuth        ErrorKind = "proxy_auth"
	ErrorKindProxyRefused     ErrorKind = "proxy_refused"
	ErrorKindTooManyRedirects ErrorKind = "too_many_redirects"
	ErrorKindHTTP4xx          ErrorKind = "http_4xx"
	ErrorKindHTTP5xx          ErrorKind = "http_5xx"
)

// errorKindWords says an error kind in words, for a message (Explain) and
// for docs/checks.md.
var errorKindWords = map[ErrorKind]string{
	ErrorKindTimeout:             "no answer before the timeout",
	ErrorKindRefused:             "connection refused (nothing listens there)",
	ErrorKindReset:               "connection reset by the other side",
	ErrorKindUnreachable:         "host unreachable",
	ErrorKindNoRoute:             "no route to that network",
	ErrorKindPermission:          "not permitted",
	ErrorKindNXDomain:            "the name does not exist",
	ErrorKindDNS:                 "the name could not be resolved (no DNS server gave an answer)",
	ErrorKindServFail:            "the DNS server failed to resolve the name (SERVFAIL)",
	ErrorKindNoServers:           "no DNS servers are configured",
	ErrorKindTLSExpired:          "the certificate has expired",
	ErrorKindTLSNotYetValid:      "the certificate is not valid yet",
	ErrorKindTLSUnknownAuthority: "the certificate is signed by an authority not trusted here",
	ErrorKindTLSHostname:         "the certificate is for another name",
	ErrorKindTLS:                 "the TLS handshake failed",
}

// errorKindDocs says what the other error kinds mean, for docs/checks.md
// only: a message that ends with one of them says why in its own words
// (the error's text, the DNS answer's code, the certificate's fault).
var errorKindDocs = map[ErrorKind]string{
	ErrorKindParameter:        "the check could not run: a value taken from another check's result is one its parameter refuses (a port of 0), as validation refuses it written in the playbook",
	ErrorKindReference:        "the check could not run: a reference to another check's result gave no value (the check did not observe the field, or the list has no such element)",
	ErrorKindInternal:         "the probe crashed: a bug in tsr, to report with the report attached",
	ErrorKindOther:            "an error of none of these kinds; the message quotes it",
	ErrorKindFiltered:         "the host is up (it answered ARP) but does not answer ping",
	ErrorKindTLSInvalid:       "the certificate is not acceptable for another reason",
	ErrorKindNoData:           "the name exists but has no record of that type",
	ErrorKindFormErr:          "the DNS server could not read the question (FORMERR)",
	ErrorKindNotImp:           "the DNS server does not do that kind of query (NOTIMP)",
	ErrorKindHijacked:         "a name that does not exist got an answer: DNS answers are rewritten",
	ErrorKindNotFound:         "what the check looks at does not exist",
	ErrorKindCanceled:         "the run was interrupted and the program stopped",
	ErrorKindBadAnswer:        "the time server answered, but its time cannot be trusted",
	ErrorKindConfig:           "the proxy setting is wrong",
	ErrorKindProxy:            "the proxy failed the request",
	ErrorKindProxyAuth:        "the proxy wants a login",
	ErrorKindProxyRefused:     "the proxy refused the request",
	ErrorKindTooManyRedirects: "too many redirects",
	ErrorKindHTTP4xx:          "the server answered with a client error (4xx)",
	ErrorKindHTTP5xx:          "the server answered with a server error (5xx)",
}

// Meaning says what an error kind means, for the docs.
func (k ErrorKind) Meaning() string {
	if words, ok := errorKindWords[k]; ok {
		return words
	}
	return errorKindDocs[k]
}

// The error kinds a check's probe can end with, by family: what validation
// accepts in a `fix` map, and what the schema and docs list.
var (
	// anyCheckKinds can end any check: a value from another check that
	// its parameter refuses (the runner's), a privilege it lacked, the
	// run's timeout (what this OS or machine cannot tell is a skip,
	// never an error kind).
	anyCheckKinds = []ErrorKind{ErrorKindTimeout, ErrorKindParameter, ErrorKindPermission, ErrorKindOther}
	// runnerKinds are set by the runner, not a probe, for a check it
	// could not run to its end.
	runnerKinds = []ErrorKind{ErrorKindReference, ErrorKindInternal}
	// dialKinds are what ErrorKindOf says of a connection that failed.
	dialKinds = []ErrorKind{ErrorKindRefused, ErrorKindReset, ErrorKindUnreachable, ErrorKindNoRoute, ErrorKindNXDomain, ErrorKindDNS}
	// tlsKinds are what tlsProblem says of a certificate or handshake.
	tlsKinds = []ErrorKind{ErrorKindTLSExpired, ErrorKindTLSNotYetValid, ErrorKindTLSUnknownAuthority, ErrorKindTLSHostname, ErrorKindTLSInvalid, ErrorKindTLS}
	// dnsKinds are what a DNS server's answer (rcodeKind), or a failed
	// exchange with it (ErrorKindOf), says.
	dnsKinds = join(dialKinds, []ErrorKind{ErrorKindServFail, ErrorKindNoData, ErrorKindNoServers, ErrorKindFormErr, ErrorKindNotImp})
	// readKinds are what reading the machine's own state can say.
	readKinds = []ErrorKind{ErrorKindNotFound}
	// proxyKinds are what a proxy setting or a proxy's answer can say.
	proxyKinds = []ErrorKind{ErrorKindConfig, ErrorKindProxyAuth, ErrorKindProxyRefused}
	// noOwnKinds is the ErrorKinds of a type whose probe ends only with
	// the kinds every check can (a reader of the machine's own state
	// whose missing parts are a skip, never an error).
	noOwnKinds = []ErrorKind{}
)

// PossibleErrorKinds lists the error kinds a check of this type can end
// with: its own (ErrorKinds), those every check can, and the runner's.
func (t *Type) PossibleErrorKinds() []ErrorKind {
	return join(anyCheckKinds, t.ErrorKinds, runnerKinds)
}

// AllErrorKinds lists every error kind tsr knows, sorted.
func AllErrorKinds() []ErrorKind {
	var all []ErrorKind
	for _, table := range []map[ErrorKind]string{errorKindWords, errorKindDocs} {
		for kind := range table {
			all = append(all, kind)
		}
	}
	slices.Sort(all)
	return all
}

// Explain turns an error kind into words for a message. A kind without
// words ("other") comes back as it is: Why says such an error in its own
// words.
func Explain(kind ErrorKind) string {
	if words, ok := errorKindWords[kind]; ok {
		return words
	}
	return string(kind)
}

// join returns the union of lists, in first-seen order.
func join[T comparable](lists ...[]T) []T {
	var out []T
	for _, l := range lists {
		for _, s := range l {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}
