package checks

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// kmsgRecording is a recorded /dev/kmsg and /proc/uptime under testdata/kmsg.
func kmsgRecording(name string) string { return filepath.Join("testdata", "kmsg", name) }

func logGroups(t *testing.T, o Outcome) []map[string]any {
	t.Helper()
	g, ok := o.Observed["groups"].([]map[string]any)
	if !ok {
		t.Fatalf("no groups observed (message %q, skip %q)", o.Message, o.Skip)
	}
	return g
}

func TestLogDiskIOErrorsWarnAndNameTheDisk(t *testing.T) {
	useHostRoot(t, kmsgRecording("disk-sda"))
	o := run(t, "sys.log", nil)
	got := status(t, "sys.log", o)
	if got != StatusWarn {
		t.Errorf("status %s, want warn (%s)", got, o.Message)
	}
	groups := logGroups(t, o)
	if len(groups) != 1 {
		t.Fatalf("groups = %v, want one: the SCSI result lines and the USB disconnect are no further errors", groups)
	}
	g := groups[0]
	if g["kind"] != "disk_io" || g["device"] != "sda" || g["count"] != int64(4) {
		t.Errorf("group = %v, want 4 disk_io errors on sda", g)
	}
	if !strings.HasPrefix(g["first"].(string), "blk_update_request: I/O error, dev sda, sector 6192120 ") ||
		!strings.HasPrefix(g["last"].(string), "blk_update_request: I/O error, dev sda, sector 705119400 ") {
		t.Errorf("first %q, last %q", g["first"], g["last"])
	}
	wantObserved(t, o, map[string]any{"total": int64(4), "hardware_errors": int64(4), "source": "kmsg"})
	if !strings.Contains(o.Message, "4 disk I/O errors on sda") {
		t.Errorf("message %q does not name the disk", o.Message)
	}
}

func TestLogATAErrorCountsEachEventOnce(t *testing.T) {
	useHostRoot(t, kmsgRecording("ata"))
	o := run(t, "sys.log", nil)
	groups := logGroups(t, o)
	if len(groups) != 1 || groups[0]["device"] != "ata1.00" || groups[0]["count"] != int64(1) {
		t.Errorf("groups = %v, want one disk_io event on ata1.00", groups)
	}
}

func TestLogThermalAndOOM(t *testing.T) {
	useHostRoot(t, kmsgRecording("thermal"))
	o := run(t, "sys.log", nil)
	got := status(t, "sys.log", o)
	groups := logGroups(t, o)
	if got != StatusWarn || len(groups) != 1 || groups[0]["kind"] != "thermal" || groups[0]["count"] != int64(10) {
		t.Errorf("status %s, groups %v; want a warning for 10 thermal events", got, groups)
	}
	useHostRoot(t, kmsgRecording("oom"))
	o = run(t, "sys.log", nil)
	got = status(t, "sys.log", o)
	groups = logGroups(t, o)
	if got != StatusPass {
		t.Errorf("status %s, want pass: programs killed for lack of memory are no hardware fault (%s)", got, o.Message)
	}
	devices := map[string]int64{}
	for _, g := range groups {
		if g["kind"] != "oom" {
			t.Errorf("group %v is not oom", g)
		}
		devices[g["device"].(string)] = g["count"].(int64)
	}
	if devices["python3"] != 2 || devices["(resolved)"] != 1 || len(devices) != 2 {
		t.Errorf("oom groups by program = %v, want python3 twice and (resolved) once", devices)
	}
	if want := "2 out-of-memory events (python3), 1 out-of-memory event ((resolved))"; !strings.Contains(o.Message, want) {
		t.Errorf("message %q, want %q", o.Message, want)
	}
}

func TestLogLooksOnlyAsFarBackAsAsked(t *testing.T) {
	useHostRoot(t, kmsgRecording("ext4-old"))
	o := run(t, "sys.log", nil)
	got := map[string]int64{}
	for _, g := range logGroups(t, o) {
		got[g["kind"].(string)+" "+g["device"].(string)] = g["count"].(int64)
	}
	if got["filesystem mmcblk0p2"] != 4 || got["disk_io mmcblk0p2"] != 4 || len(got) != 2 {
		t.Errorf("groups = %v, want the 4 of each from the last 24 hours, not the 2 older", got)
	}
	o = run(t, "sys.log", map[string]any{"hours": 48})
	wantObserved(t, o, map[string]any{"total": int64(12)})
}

func TestLogRestrictedSkipsOrAsksTheJournal(t *testing.T) {
	useHostRoot(t, kmsgRecording("disk-sda"))
	old := openKmsg
	openKmsg = func(string) (int, error) { return -1, os.ErrPermission }
	t.Cleanup(func() { openKmsg = old })
	o := run(t, "sys.log", nil)
	got := status(t, "sys.log", o)
	if got != StatusSkip || !strings.Contains(o.Skip, "needs administrator rights") {
		t.Errorf("status %s, skip %q", got, o.Skip)
	}
	oldJ := runJournalctl
	var asked []string
	// journalctl prints nothing when the journal holds no kernel message
	// of the last hours, as on the machine these tests were written on.
	runJournalctl = func(_ context.Context, args ...string) ([]byte, error) { asked = args; return nil, nil }
	t.Cleanup(func() { runJournalctl = oldJ })
	o = run(t, "sys.log", map[string]any{"hours": 6}, allowExec)
	got = status(t, "sys.log", o)
	if strings.Join(asked, " ") != "-k -o json -q --no-pager --since=-6h" {
		t.Errorf("journalctl asked %v", asked)
	}
	if got != StatusPass {
		t.Errorf("status %s (%s%s)", got, o.Message, o.Skip)
	}
	wantObserved(t, o, map[string]any{"source": "journal", "total": int64(0)})
}

func TestJournalMessageBytes(t *testing.T) {
	if got := journalMessage([]byte(`[73,47,79]`)); got != "I/O" {
		t.Errorf("journalMessage of bytes = %q", got)
	}
}

// The ring buffer of this machine is read to its end without waiting for
// more (a blocking read would hold the check until its timeout).
func TestKmsgThisMachine(t *testing.T) {
	lines, err := readKmsg(context.Background())
	if errors.Is(err, os.ErrPermission) {
		t.Skip("the kernel log is restricted for this user")
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) == 0 {
		t.Error("the kernel ring buffer read as empty")
	}
}
