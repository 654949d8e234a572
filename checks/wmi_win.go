package checks

// WMI answers (HRESULTs, wbemcli.h) that mean this PC does not expose what
// was asked, or not to this user: hw.battery and hw.thermal skip on these,
// with a reason a person reads, instead of failing.
const (
	wbemNotFound         = 0x80041002
	wbemAccessDenied     = 0x80041003
	wbemNotSupported     = 0x8004100C
	wbemInvalidNamespace = 0x8004100E
	wbemInvalidClass     = 0x80041010
	eAccessDenied        = 0x80070005
)

// wmiNotHere says whether a WMI failure means "not on this PC" (absent is
// the reason then, "this PC exposes no temperature sensor") or "not for
// this user"; false for a real failure of WMI.
func wmiNotHere(code uint32, absent string) (string, bool) {
	switch code {
	case wbemAccessDenied, eAccessDenied:
		return "needs administrator: rerun from an elevated prompt", true
	case wbemNotFound, wbemNotSupported, wbemInvalidNamespace, wbemInvalidClass:
		return absent, true
	}
	return "", false
}
