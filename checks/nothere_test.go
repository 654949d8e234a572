package checks

import (
	"errors"
	"fmt"
	"os"
	"testing"
)

// What this OS or machine cannot tell is a skip with the reader's reason,
// however the reader wrapped it; any other failure stays an error.
func TestCouldNotLookSkipsWhatThisMachineCannotTell(t *testing.T) {
	wrapped := fmt.Errorf("reading sensors: %w", NotHere("tsr reads temperature sensors only on Linux"))
	if !errors.Is(wrapped, ErrNotHere) {
		t.Fatal("errors.Is does not find ErrNotHere through a wrap")
	}
	o := CouldNotLook(wrapped, "cannot read the temperature sensors")
	if o.Skip != "tsr reads temperature sensors only on Linux" || status(t, "hw.thermal", o) != StatusSkip || o.ErrorKind != "" {
		t.Errorf("not-here outcome = %+v, want a skip with the reason", o)
	}
	o = CouldNotLook(os.ErrPermission, "cannot read the battery")
	if status(t, "hw.battery", o) != StatusError || o.ErrorKind != "permission" || o.Message != "cannot read the battery: permission denied" {
		t.Errorf("permission outcome = %+v, want an error of kind permission", o)
	}
}
