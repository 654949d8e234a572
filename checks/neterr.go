package checks

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"syscall"
)

// ErrorKindOf names why a network operation failed, in the vocabulary of
// checks.md, so a report says *why* and not only that it failed.
func ErrorKindOf(err error) ErrorKind {
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
		return ErrorKindTimeout
	case errors.Is(err, syscall.ECONNREFUSED):
		return ErrorKindRefused
	case errors.Is(err, syscall.ECONNRESET):
		return ErrorKindReset
	case errors.Is(err, syscall.EHOSTUNREACH):
		return ErrorKindUnreachable
	case errors.Is(err, syscall.ENETUNREACH):
		return ErrorKindNoRoute
	case errors.Is(err, fs.ErrPermission): // EACCES and EPERM too
		return ErrorKindPermission
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return ErrorKindNXDomain
		}
		if dnsErr.IsTimeout {
			return ErrorKindTimeout
		}
		return ErrorKindDNS
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return ErrorKindTimeout
	}
	return ErrorKindOther
}

// Why says why err happened, for a message: the words of its kind, or the
// error's own text when its kind has none ("other"), so a message never
// ends in a bare "other".
func Why(err error) string {
	if err == nil {
		return ""
	}
	return whyKind(ErrorKindOf(err), err)
}

// whyKind says kind in words, or err's text when Explain has no words for
// kind (it returns the kind itself then) and there is an error to quote.
func whyKind(kind ErrorKind, err error) string {
	if words := Explain(kind); words != string(kind) || err == nil {
		return words
	}
	return err.Error()
}

// dialedAddr is the address a failed connection went to, when the error says.
func dialedAddr(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Addr != nil {
		return op.Addr.String()
	}
	return ""
}
