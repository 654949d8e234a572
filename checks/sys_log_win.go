package checks

import (
	"fmt"
	"strings"
	"time"

	"github.com/tsrhq/tsr/internal/lazyregexp"
)

// windowsEvent is one record of the Windows System event log as the
// classic event log API gives it (ReadEventLogW's EVENTLOGRECORD): its
// source, event id, type and insertion strings, which need no message DLL.
type windowsEvent struct {
	Source  string
	ID      uint32 // as logged; drivers log a whole NTSTATUS, Event Viewer shows its low 16 bits
	Type    uint16 // EVENTLOG_ERROR_TYPE, EVENTLOG_WARNING_TYPE, ...
	Age     time.Duration
	Strings []string
}

// The event types (winnt.h) that can be errors of hardware; information
// and audit events are not (Ntfs 98 "Volume C: is healthy" is
// information, the same id as "needs to be taken offline").
const (
	eventlogErrorType   = 1
	eventlogWarningType = 2
)

// windowsEventKind is what tsr makes of one source's event id: its kind
// (the groups the kernel log's patterns use) and a few words for the line.
type windowsEventKind struct{ Kind, What string }

// storageMiniports are the storage adapter drivers whose name Storport
// logs as the event's source for a reset or a timeout on their bus
// ("These warning events are logged to the system event log with the
// storage adapter (HBA) driver's name as the source", Microsoft's
// ntdebugging blog, "Understanding Storage Timeouts and Event 129
// Errors", 2011): Microsoft's AHCI and NVMe drivers, Intel Rapid Storage
// and the legacy ATA port driver. The ids are the I/O error codes of
// ntiologc.h: IO_ERR_TIMEOUT 0xC0040009 (9), IO_ERR_CONTROLLER_ERROR
// 0xC004000B (11), IO_WARNING_RESET 0x80040081 (129).
var storageMiniports = map[string]string{
	"storahci": "disk_io", "stornvme": "nvme", "iastora": "disk_io", "iastorac": "disk_io",
	"iastoravc": "disk_io", "iastorv": "disk_io", "atapi": "disk_io",
}

var storageMiniportIDs = map[uint16]string{9: "timeout", 11: "controller error", 129: "reset to device"}

// windowsEventKinds maps a source (lower case, without "Microsoft-Windows-")
// and the low 16 bits of its event id to a kind. Where each is documented:
//   - disk 7, 9, 11, 51: ntiologc.h (Windows DDK; mingw-w64's copy):
//     IO_ERR_BAD_BLOCK 0xC0040007, IO_ERR_TIMEOUT 0xC0040009,
//     IO_ERR_CONTROLLER_ERROR 0xC004000B, IO_WARNING_PAGING_FAILURE
//     0x80040033; Microsoft KB 244780 "Information about Event ID 51"
//     (source Disk, "An error was detected on device \Device\Harddisk3\DR3
//     during a paging operation", troubleshot like 9 and 11).
//   - disk 153, Ntfs 55 and 98: Microsoft Learn, "Data corruption and disk
//     errors troubleshooting guidance" (153 "The IO operation at logical
//     block address 123456 for Disk 2 was retried", 55 "The file system
//     structure on the disk is corrupt and unusable", 98 "Volume C: ...
//     needs to be taken offline to perform a Full Chkdsk"); 153 is
//     IO_WARNING_IO_OPERATION_RETRIED 0x80040099 (windows-sys), 55 is
//     IO_FILE_SYSTEM_CORRUPT_WITH_NAME 0xC0040037 (ntiologc.h). Its event
//     157 "Disk 2 has been surprise removed" is a disk unplugged, not an
//     error of one, and is left out.
//   - Ntfs 57 and 137: ntiologc.h IO_WARNING_LOG_FLUSH_FAILED 0x80040039
//     ("failed to flush data to the transaction log"),
//     IO_FILE_SYSTEM_TXF_RESOURCE_MANAGER_START_FAILED 0xC0040089; 140,
//     the newer wording of 57, is listed in the Microsoft-Windows-Ntfs
//     manifest for the System channel ("The system failed to flush data to
//     the transaction log").
//   - WHEA-Logger 18 and 19: Microsoft TechNet wiki "Event ID 18:
//     Microsoft-Windows-WHEA-Logger" ("A fatal hardware error has
//     occurred", a machine check exception); 19 "A corrected hardware
//     error has occurred" with "Error Source: Corrected Machine Check" in
//     the provider's manifest and in logs users publish. 47 is the
//     corrected memory error ("Component: Memory, Error Source: Corrected
//     Machine Check"), documented by administrators' write-ups, not by a
//     Microsoft page we found. 17 is left out: it is a corrected PCI
//     Express error ("Component: PCI Express Root Port"), not memory, and
//     the Linux reader does not count PCIe AER either.
//   - Resource-Exhaustion-Detector 2004: Microsoft's "Detecting Low Virtual
//     Memory Conditions in Windows 2008 and R2" ("Windows successfully
//     diagnosed a low virtual memory condition. The following programs
//     consumed the most virtual memory: ..."), in the System log. Windows
//     kills no program for it, but it is the nearest it logs to an OOM.
//
// No USB or thermal id is mapped: the System log ids we could source for
// either (Kernel-Power's thermal shutdown goes to its Thermal channels;
// Kernel-Processor-Power 37 "speed limited by system firmware" is logged
// on healthy laptops running on battery) would be a guess.
var windowsEventKinds = map[string]map[uint16]windowsEventKind{
	"disk": {
		7:   {"disk_io", "bad block"},
		9:   {"disk_io", "did not respond in time"},
		11:  {"disk_io", "controller error"},
		51:  {"disk_io", "error during a paging operation"},
		153: {"disk_io", "I/O operation retried"},
	},
	"ntfs": {
		55:  {"filesystem", "file system structure corrupt"},
		57:  {"filesystem", "failed to flush the transaction log"},
		98:  {"filesystem", "volume needs a full chkdsk"},
		137: {"filesystem", "transaction resource manager failed"},
		140: {"filesystem", "failed to flush the transaction log"},
	},
	"whea-logger": {
		18: {"memory", "fatal hardware error (machine check)"},
		19: {"memory", "corrected machine check"},
		47: {"memory", "corrected memory error"},
	},
	"resource-exhaustion-detector": {
		2004: {"oom", "low virtual memory"},
	},
}

// windowsEventSource is a source as windowsEventKinds keys it: manifest
// providers are "Microsoft-Windows-Ntfs" where the driver's own source is
// "Ntfs", and names differ in case between releases.
func windowsEventSource(source string) string {
	s := strings.ToLower(strings.TrimSpace(source))
	return strings.TrimPrefix(s, "microsoft-windows-")
}

// classifyWindowsEvent says which kind of error an event is, and on which
// device, with the line to show for it; ok is false for every event that
// is no error tsr groups.
func classifyWindowsEvent(e windowsEvent) (logLine, bool) {
	if e.Type != eventlogErrorType && e.Type != eventlogWarningType {
		return logLine{}, false
	}
	source, code := windowsEventSource(e.Source), uint16(e.ID&0xFFFF)
	k, ok := windowsEventKinds[source][code]
	if !ok {
		if kind, miniport := storageMiniports[source]; miniport && storageMiniportIDs[code] != "" {
			k, ok = windowsEventKind{kind, storageMiniportIDs[code]}, true
		}
	}
	if !ok {
		return logLine{}, false
	}
	text := fmt.Sprintf("%s event %d (%s)", e.Source, code, k.What)
	var shown []string
	for _, s := range e.Strings {
		if s = strings.Join(strings.Fields(s), " "); s != "" {
			shown = append(shown, s)
		}
	}
	if len(shown) > 0 {
		text += ": " + strings.Join(shown, "; ")
	}
	return logLine{Age: e.Age, Text: text, Kind: k.Kind, Device: windowsEventDevice(k.Kind, e.Strings)}, true
}

var (
	windowsHarddisk = lazyregexp.New(`(?i)\\Device\\Harddisk(\d+)(?:\\|$)`)
	windowsDevice   = lazyregexp.New(`(?i)\\Device\\([^\s,;()]+)`)
	windowsDrive    = lazyregexp.New(`^([A-Za-z]:)\\?$`)
)

// windowsEventDevice names the device an event's insertion strings name:
// a disk by its number as Disk Management shows it ("disk 2", from
// \Device\Harddisk2\DR2), a volume by its drive letter, else the device
// object (RaidPort0, HarddiskVolume3); "" when none is named.
func windowsEventDevice(kind string, strs []string) string {
	if kind == "filesystem" {
		for _, s := range strs {
			if m := windowsDrive.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
				return strings.ToUpper(m[1])
			}
		}
	}
	for _, s := range strs {
		if m := windowsHarddisk.FindStringSubmatch(s); m != nil {
			return "disk " + m[1]
		}
	}
	for _, s := range strs {
		if m := windowsDevice.FindStringSubmatch(s); m != nil {
			return strings.ReplaceAll(m[1], `\`, "/")
		}
	}
	return ""
}
