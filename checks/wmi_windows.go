package checks

import (
	"errors"
	"time"

	"github.com/go-ole/go-ole"
	"github.com/yusufpapurcu/wmi"
)

// wmiWait bounds one WMI query: WMI answers one query at a time and may
// take seconds to start, and a sensor Windows does not tell in time is one
// it cannot tell, not a fault of the machine.
const wmiWait = 3 * time.Second

// wmiQuery runs a WQL query in namespace and returns its rows, within
// wmiWait. A failure that means this PC does not have what was asked (or
// not for this user), or no answer in time, comes back as NotHere with
// the reason absent, the elevation advice, or the wait.
func wmiQuery[T any](namespace, query, absent string) ([]T, error) {
	type answer struct {
		rows []T
		err  error
	}
	done := make(chan answer, 1) // the query finishes on its own if no one waits
	go func() {
		var rows []T
		err := wmi.Query(query, &rows, ".", namespace) // "." (this PC) rather than nil, which Wine's ConnectServer refuses
		done <- answer{rows, err}
	}()
	var a answer
	select {
	case a = <-done:
	case <-time.After(wmiWait):
		return nil, NotHere("Windows Management Instrumentation (WMI) did not answer within %s", FormatDuration(wmiWait))
	}
	var mismatch *wmi.ErrFieldMismatch
	if a.err == nil || errors.As(a.err, &mismatch) { // a property T has no field for: the rest is loaded
		return a.rows, nil
	}
	if reason, ok := wmiNotHere(wmiCode(a.err), absent); ok {
		return nil, NotHere("%s", reason)
	}
	return nil, a.err
}

// wmiCode digs the HRESULT out of a WMI error: a failed method call
// carries WMI's own code in its EXCEPINFO.
func wmiCode(err error) uint32 {
	var oe *ole.OleError
	if !errors.As(err, &oe) {
		return 0
	}
	if ex, ok := oe.SubError().(ole.EXCEPINFO); ok && ex.SCODE() != 0 {
		return ex.SCODE()
	}
	return uint32(oe.Code())
}
