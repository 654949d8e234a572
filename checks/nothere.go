package checks

import (
	"errors"
	"fmt"
)

// ErrNotHere is the cause of every error that says this OS or this machine
// cannot tell what a check asks (no battery reader on macOS, no socket
// table for UDP listeners on Windows). errors.Is(err, ErrNotHere) finds it
// however deeply a reader wrapped it.
var ErrNotHere = errors.New("not available on this OS or machine")

// notHere carries the reason a person reads in the skip.
type notHere struct{ reason string }

func (e *notHere) Error() string        { return e.reason }
func (e *notHere) Is(target error) bool { return target == ErrNotHere }

// NotHere returns the error a data source gives when this OS or machine
// cannot tell what it is asked; the reason is a sentence for a person
// ("macOS does not show the battery to tsr"). CouldNotLook turns it into a
// skip: what a machine cannot tell is never an error nor a root cause.
func NotHere(format string, args ...any) error {
	return &notHere{reason: fmt.Sprintf(format, args...)}
}

// CouldNotLook is the outcome of a probe whose data source failed with
// err. It is the one place a "not on this OS / machine" answer becomes an
// outcome: always a skip, with the reason NotHere gave. Any other error
// is an error outcome of err's kind: format says what could not be done,
// and err is added after a colon.
func CouldNotLook(err error, format string, args ...any) Outcome {
	var nh *notHere
	if errors.As(err, &nh) {
		return Skipped("%s", nh.reason)
	}
	if errors.Is(err, ErrNotHere) {
		return Skipped("%s", err.Error())
	}
	return Errored(ErrorKindOf(err), "%s: %v", fmt.Sprintf(format, args...), err)
}
