package checks

import (
	"errors"
	"strings"

	"github.com/go-ole/go-ole"
	"github.com/yusufpapurcu/wmi"
)

// ghwNotHere turns what ghw's WMI queries say about a class this PC does
// not describe into NotHere: a WMI class without the properties Windows
// has (as Wine's), a class or namespace that is not there, or WMI closed
// to this user. Other errors are real failures and stay as they are.
func ghwNotHere(err error, what, _ string) error {
	if err == nil {
		return nil
	}
	var mismatch *wmi.ErrFieldMismatch
	if errors.As(err, &mismatch) {
		return NotHere("Windows (WMI) does not describe the %s of this PC in full: it has no %s", what, mismatch.FieldName)
	}
	var oleErr *ole.OleError
	if errors.As(err, &oleErr) {
		if reason, ok := wmiNotHere(uint32(oleErr.Code()), "Windows (WMI) does not list the "+what+" of this PC"); ok {
			return NotHere("%s", reason)
		}
	}
	if strings.Contains(err.Error(), "CoInitialize") || strings.Contains(err.Error(), "ConnectServer") {
		return NotHere("Windows (WMI) does not answer on this PC, so tsr cannot list its %s (%v)", what, err)
	}
	return err
}
