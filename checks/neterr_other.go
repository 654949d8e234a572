//go:build !windows

package checks

// osErrorKind has nothing to add where the syscall errnos are the POSIX ones.
func osErrorKind(error) ErrorKind { return "" }
