package checks

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"syscall"
)

// ErrorKind names why a network operation failed, in the vocabulary of
// checks.md, so a report says *why* and not only that it failed.
func ErrorKind(err error) string {
	if err == nil {
		return ""
	}
	if kind, _ := tlsProblem(err); kind != "" {
		return kind
	}
	if kind := osErrorKind(err); kind != "" {
		return kind
	}
	var dnsErr *net.DNSError
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return "timeout"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "reset"
	case errors.Is(err, syscall.EHOSTUNREACH):
		return "unreachable"
	case errors.Is(err, syscall.ENETUNREACH):
		return "no_route"
	case errors.Is(err, fs.ErrPermission): // EACCES and EPERM too
		return "permission"
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return "nxdomain"
		}
		if dnsErr.IsTimeout {
			return "timeout"
		}
		return "dns"
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timeout"
	}
	return "other"
}

// Why says why err happened, for a message: the words of its kind, or the
// error's own text when its kind has none ("other"), so a message never
// ends in a bare "other".
func Why(err error) string {
	if err == nil {
		return ""
	}
	return whyKind(ErrorKind(err), err)
}

// whyKind says kind in words, or err's text when Explain has no words for
// kind (it returns the kind itself then) and there is an error to quote.
func whyKind(kind string, err error) string {
	if words := Explain(kind); words != kind || err == nil {
		return words
	}
	return err.Error()
}

// Explain turns an error kind into words for a message. An unknown kind
// ("other") comes back as it is: Why says such an error in its own words.
func Explain(kind string) string {
	switch kind {
	case "timeout":
		return "no answer before the timeout"
	case "refused":
		return "connection refused (nothing listens there)"
	case "reset":
		return "connection reset by the other side"
	case "unreachable":
		return "host unreachable"
	case "no_route":
		return "no route to that network"
	case "permission":
		return "not permitted"
	case "nxdomain":
		return "the name does not exist"
	case "dns":
		return "the name could not be resolved (no DNS server gave an answer)"
	case "servfail":
		return "the DNS server failed to resolve the name (SERVFAIL)"
	case "no_servers":
		return "no DNS servers are configured"
	case "tls_expired":
		return "the certificate has expired"
	case "tls_not_yet_valid":
		return "the certificate is not valid yet"
	case "tls_unknown_authority":
		return "the certificate is signed by an authority not trusted here"
	case "tls_hostname":
		return "the certificate is for another name"
	case "tls":
		return "the TLS handshake failed"
	}
	return kind
}
