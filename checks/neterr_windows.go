package checks

import (
	"errors"
	"syscall"

	"golang.org/x/sys/windows"
)

// osErrorKind names the Winsock errors: Windows reports a refused
// connection as WSAECONNREFUSED, which is not syscall.ECONNREFUSED (Go
// invents that one on Windows), so without this a refusal read "other".
func osErrorKind(err error) ErrorKind {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return ""
	}
	switch errno {
	case windows.WSAECONNREFUSED:
		return ErrorKindRefused
	case windows.WSAECONNRESET, windows.WSAECONNABORTED:
		return ErrorKindReset
	case windows.WSAEHOSTUNREACH:
		return ErrorKindUnreachable
	case windows.WSAENETUNREACH:
		return ErrorKindNoRoute
	case windows.WSAETIMEDOUT:
		return ErrorKindTimeout
	case windows.WSAEACCES, windows.ERROR_ACCESS_DENIED:
		return ErrorKindPermission
	}
	return ""
}
