package checks

import (
	"errors"
	"syscall"

	"golang.org/x/sys/windows"
)

// osErrorKind names the Winsock errors: Windows reports a refused
// connection as WSAECONNREFUSED, which is not syscall.ECONNREFUSED (Go
// invents that one on Windows), so without this a refusal read "other".
func osErrorKind(err error) string {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return ""
	}
	switch errno {
	case windows.WSAECONNREFUSED:
		return "refused"
	case windows.WSAECONNRESET, windows.WSAECONNABORTED:
		return "reset"
	case windows.WSAEHOSTUNREACH:
		return "unreachable"
	case windows.WSAENETUNREACH:
		return "no_route"
	case windows.WSAETIMEDOUT:
		return "timeout"
	case windows.WSAEACCES, windows.ERROR_ACCESS_DENIED:
		return "permission"
	}
	return ""
}
