package checks

import (
	"strings"
	"testing"
	"time"
)

// The events below are described by their documented source, id and
// insertion strings (see windowsEventKinds for where each is documented),
// not recorded: the ids are those Windows logs, drivers' as the whole
// NTSTATUS (IO_ERR_BAD_BLOCK is 0xC0040007), manifest providers' as the
// bare number.

func TestLogWindowsEventKinds(t *testing.T) {
	for _, c := range []struct {
		name         string
		event        windowsEvent
		kind, device string
	}{
		{"disk bad block", windowsEvent{Source: "disk", ID: 0xC0040007, Type: eventlogErrorType, Strings: []string{`\Device\Harddisk1\DR1`}}, "disk_io", "disk 1"},
		{"disk controller error", windowsEvent{Source: "Disk", ID: 0xC004000B, Type: eventlogErrorType, Strings: []string{`\Device\Harddisk0\DR0`}}, "disk_io", "disk 0"},
		{"disk paging error", windowsEvent{Source: "Disk", ID: 0x80040033, Type: eventlogWarningType, Strings: []string{`\Device\Harddisk3\DR3`}}, "disk_io", "disk 3"},
		{"disk retried", windowsEvent{Source: "disk", ID: 0x80040099, Type: eventlogWarningType, Strings: []string{`\Device\Harddisk2\DR2`, "0x1e240", "2", `\Device\00000034`}}, "disk_io", "disk 2"},
		{"ahci reset", windowsEvent{Source: "storahci", ID: 0x80040081, Type: eventlogWarningType, Strings: []string{`\Device\RaidPort0`}}, "disk_io", "RaidPort0"},
		{"nvme reset", windowsEvent{Source: "stornvme", ID: 0x80040081, Type: eventlogWarningType, Strings: []string{`\Device\RaidPort1`}}, "nvme", "RaidPort1"},
		{"intel rst timeout", windowsEvent{Source: "iaStorA", ID: 0xC0040009, Type: eventlogErrorType, Strings: []string{`\Device\RaidPort0`}}, "disk_io", "RaidPort0"},
		{"ntfs corrupt", windowsEvent{Source: "Ntfs", ID: 0xC0040037, Type: eventlogErrorType, Strings: []string{`L:`}}, "filesystem", "L:"},
		{"ntfs full chkdsk", windowsEvent{Source: "Microsoft-Windows-Ntfs", ID: 98, Type: eventlogErrorType, Strings: []string{`C:`, `\Device\HarddiskVolume3`}}, "filesystem", "C:"},
		{"ntfs flush failed", windowsEvent{Source: "Microsoft-Windows-Ntfs", ID: 140, Type: eventlogWarningType, Strings: []string{`\Device\HarddiskVolume7`}}, "filesystem", "HarddiskVolume7"},
		{"whea fatal", windowsEvent{Source: "Microsoft-Windows-WHEA-Logger", ID: 18, Type: eventlogErrorType, Strings: []string{"3", "12", "5"}}, "memory", ""},
		{"whea corrected memory", windowsEvent{Source: "Microsoft-Windows-WHEA-Logger", ID: 47, Type: eventlogWarningType}, "memory", ""},
		{"low virtual memory", windowsEvent{Source: "Microsoft-Windows-Resource-Exhaustion-Detector", ID: 2004, Type: eventlogWarningType}, "oom", ""},
	} {
		l, ok := classifyWindowsEvent(c.event)
		if !ok || l.Kind != c.kind || l.Device != c.device {
			t.Errorf("%s: kind %q device %q (ok %v); want %q on %q", c.name, l.Kind, l.Device, ok, c.kind, c.device)
		}
	}
}

func TestLogWindowsEventsThatAreNoErrors(t *testing.T) {
	for _, c := range []struct {
		name  string
		event windowsEvent
	}{
		{"healthy volume (information)", windowsEvent{Source: "Microsoft-Windows-Ntfs", ID: 98, Type: 4, Strings: []string{"C:"}}},
		{"disk surprise removed", windowsEvent{Source: "disk", ID: 157, Type: eventlogWarningType, Strings: []string{"2"}}},
		{"corrected PCIe error", windowsEvent{Source: "Microsoft-Windows-WHEA-Logger", ID: 17, Type: eventlogWarningType}},
		{"unexpected shutdown", windowsEvent{Source: "Microsoft-Windows-Kernel-Power", ID: 41, Type: 1}},
		{"reset id from a non-storage source", windowsEvent{Source: "e1iexpress", ID: 0x80040081, Type: eventlogWarningType}},
		{"bad block id from another source", windowsEvent{Source: "Service Control Manager", ID: 7, Type: eventlogErrorType}},
	} {
		if l, ok := classifyWindowsEvent(c.event); ok {
			t.Errorf("%s: counted as %s on %q", c.name, l.Kind, l.Device)
		}
	}
}

// Windows events go through the grouping the kernel log's lines go
// through: a count per kind and device, first and last line, and a
// warning when one points at failing hardware.
func TestLogWindowsEventsGroupAndWarn(t *testing.T) {
	bad := func(age time.Duration, lba string) windowsEvent {
		return windowsEvent{Source: "disk", ID: 0x80040099, Type: eventlogWarningType, Age: age, Strings: []string{`\Device\Harddisk2\DR2`, lba, "2"}}
	}
	var lines []logLine
	for _, e := range []windowsEvent{bad(time.Hour, "0x100"), bad(2*time.Hour, "0x200"), bad(30*time.Hour, "0x300"),
		{Source: "Microsoft-Windows-Resource-Exhaustion-Detector", ID: 2004, Type: eventlogWarningType, Age: time.Minute}} {
		if l, ok := classifyWindowsEvent(e); ok {
			lines = append(lines, l)
		}
	}
	groups, latest := groupLog(lines, 24*time.Hour)
	if len(groups) != 2 {
		t.Fatalf("groups %+v, want disk_io on disk 2 and oom", groups)
	}
	g := groups[0]
	if g.Kind != "disk_io" || g.Device != "disk 2" || g.Count != 2 {
		t.Errorf("group %+v, want 2 disk_io on disk 2 (the third is older than the window)", g)
	}
	if !strings.HasPrefix(g.First, "disk event 153 (I/O operation retried): ") || !strings.Contains(g.First, "0x200") || !strings.Contains(g.Last, "0x100") {
		t.Errorf("first %q, last %q: want the oldest first, with the insertion strings", g.First, g.Last)
	}
	if !strings.Contains(latest, "Resource-Exhaustion-Detector event 2004") {
		t.Errorf("latest %q, want the low-memory event", latest)
	}
}
