package checks

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// The classic event log API (advapi32): golang.org/x/sys/windows wraps
// only its writing half.
var (
	advapi32          = windows.NewLazySystemDLL("advapi32.dll")
	procOpenEventLogW = advapi32.NewProc("OpenEventLogW")
	procReadEventLogW = advapi32.NewProc("ReadEventLogW")
	procCloseEventLog = advapi32.NewProc("CloseEventLog")
)

// ReadEventLogW's flags (winnt.h).
const (
	eventlogSequentialRead = 0x0001
	eventlogBackwardsRead  = 0x0008
)

// eventRecordHeader is the size of EVENTLOGRECORD's fixed part (winnt.h):
// 16 DWORD and WORD fields, then the source name, computer name, SID,
// insertion strings and data at the offsets it gives.
const eventRecordHeader = 56

// maxEventRecords bounds how many records one run reads: a System log
// holds some tens of thousands; the window ends the read long before.
const maxEventRecords = 200000

// readKernelLog reads the error and warning events of the System event
// log of the last hours, newest first, and keeps those of the kinds
// classifyWindowsEvent knows. ok is false when the Outcome says why the
// log could not be read.
func readKernelLog(ctx context.Context, _ *Env, hours int64) ([]logLine, string, Outcome, bool) {
	if err := procReadEventLogW.Find(); err != nil {
		return nil, "", Skipped("this Windows has no event log API (advapi32 ReadEventLogW): %v", err), false
	}
	lines, err := readSystemEvents(ctx, time.Duration(hours)*time.Hour)
	switch {
	case err == nil:
		return lines, "eventlog", Outcome{}, true
	case ctx.Err() != nil:
		return nil, "", Failed(ErrorKindOf(ctx.Err()), "stopped while reading the System event log"), false
	case errors.Is(err, windows.ERROR_ACCESS_DENIED):
		o := Skipped("reading the System event log needs administrator rights or membership of the Event Log Readers group here")
		o.Fix = "Rerun tsr as administrator, or have your account added to the Event Log Readers group."
		return nil, "", o, false
	default:
		return nil, "", Skipped("cannot read the System event log: %v", err), false
	}
}

// readSystemEvents reads the System log backwards until a record older
// than within.
func readSystemEvents(ctx context.Context, within time.Duration) ([]logLine, error) {
	name, _ := windows.UTF16PtrFromString("System")
	h, _, callErr := procOpenEventLogW.Call(0, uintptr(unsafe.Pointer(name)))
	if h == 0 {
		return nil, fmt.Errorf("OpenEventLog: %w", callErr)
	}
	defer procCloseEventLog.Call(h)
	now := uint32(time.Now().Unix())
	buf := make([]byte, 64<<10)
	var out []logLine
	for read := 0; read < maxEventRecords; {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var n, needed uint32
		ok, _, callErr := procReadEventLogW.Call(h, eventlogSequentialRead|eventlogBackwardsRead, 0,
			uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), uintptr(unsafe.Pointer(&n)), uintptr(unsafe.Pointer(&needed)))
		if ok == 0 {
			switch {
			case errors.Is(callErr, windows.ERROR_HANDLE_EOF):
				return out, nil
			case errors.Is(callErr, windows.ERROR_INSUFFICIENT_BUFFER) && int(needed) > len(buf) && needed < 16<<20:
				buf = make([]byte, needed)
				continue
			default:
				return nil, fmt.Errorf("ReadEventLog: %w", callErr)
			}
		}
		records, older := eventRecords(buf[:min(int(n), len(buf))], now, within)
		read += len(records)
		for _, e := range records {
			if l, ok := classifyWindowsEvent(e); ok {
				out = append(out, l)
			}
		}
		if older {
			return out, nil
		}
	}
	return out, nil
}

// eventRecords parses the EVENTLOGRECORDs one read returned, newest
// first, up to the first one older than within (older is then true).
// Information and audit events are passed over without reading their
// strings.
func eventRecords(b []byte, now uint32, within time.Duration) (records []windowsEvent, older bool) {
	le := binary.LittleEndian
	for len(b) >= eventRecordHeader {
		size := int(le.Uint32(b[0:]))
		if size < eventRecordHeader || size > len(b) {
			break
		}
		rec := b[:size]
		b = b[size:]
		generated := le.Uint32(rec[12:])
		age := time.Duration(int64(now)-int64(generated)) * time.Second
		if age > within {
			return records, true
		}
		typ := le.Uint16(rec[24:])
		if typ != eventlogErrorType && typ != eventlogWarningType {
			records = append(records, windowsEvent{Type: typ, Age: age})
			continue
		}
		source, _ := utf16z(rec[eventRecordHeader:])
		e := windowsEvent{Source: source, ID: le.Uint32(rec[20:]), Type: typ, Age: age}
		strs, offset := int(le.Uint16(rec[26:])), int(le.Uint32(rec[36:]))
		for i := 0; i < strs && offset > 0 && offset < size; i++ {
			s, n := utf16z(rec[offset:])
			e.Strings = append(e.Strings, s)
			offset += n
		}
		records = append(records, e)
	}
	return records, false
}

// utf16z decodes a NUL-terminated UTF-16LE string at the start of b and
// says how many bytes it took, its NUL included.
func utf16z(b []byte) (string, int) {
	var u []uint16
	for i := 0; i+1 < len(b); i += 2 {
		c := binary.LittleEndian.Uint16(b[i:])
		if c == 0 {
			return windows.UTF16ToString(u), i + 2
		}
		u = append(u, c)
	}
	return windows.UTF16ToString(u), len(b)
}
