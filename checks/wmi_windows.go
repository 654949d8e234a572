package checks

import (
	"errors"

	"github.com/go-ole/go-ole"
	"github.com/yusufpapurcu/wmi"
)

// wmiQuery runs a WQL query in namespace. A failure that means this PC
// does not have what was asked (or not for this user) comes back as
// NotHere with the reason absent, or the elevation advice.
func wmiQuery(namespace, query string, dst any, absent string) error {
	err := wmi.Query(query, dst, ".", namespace) // "." (this PC) rather than nil, which Wine's ConnectServer refuses
	var mismatch *wmi.ErrFieldMismatch
	if err == nil || errors.As(err, &mismatch) { // a property dst has no field for: the rest is loaded
		return nil
	}
	if reason, ok := wmiNotHere(wmiCode(err), absent); ok {
		return NotHere("%s", reason)
	}
	return err
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
