package checks

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/tsrhq/tsr/internal/lazyregexp"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "sys.log",
			Title: "The system logged no hardware errors",
			Doc: "Reads the errors the kernel or the system logged in the last hours and groups them by kind: disk I/O errors (disk_io), file-system errors (filesystem), machine-check and EDAC memory errors (memory), NVMe timeouts and resets (nvme), USB resets (usb), thermal events (thermal) and programs killed for lack of memory (oom), " +
				"each with a count, the device and its first and last line. Linux: the kernel ring buffer (/dev/kmsg), or with --allow-exec the journal when the ring buffer needs privilege. " +
				"Windows: the error and warning events of the System event log, by source and event id (disk, Ntfs, storage adapters, WHEA-Logger, Resource-Exhaustion-Detector); a log the user may not read is a skip. Skips on macOS.",
			Params: []Param{
				{Name: "hours", Kind: KindInt, Default: 24, Check: Between(1, 24*31), Doc: "how far back to look"},
			},
			Fields: []Field{
				{Name: "total", Kind: KindInt, Doc: "errors of every kind found"},
				{Name: "hardware_errors", Kind: KindInt, Doc: "errors of the kinds that point at failing hardware: disk_io, nvme, memory, thermal"},
				{Name: "groups", Kind: KindRecords, Doc: "one record per kind and device", Record: []Field{
					{Name: "kind", Kind: KindString, Doc: "disk_io, filesystem, memory, nvme, usb, thermal or oom"},
					{Name: "count", Kind: KindInt, Doc: "how many errors of the kind the device had"},
					{Name: "device", Kind: KindString, Doc: "the device the errors name"},
					{Name: "first", Kind: KindString, Doc: "the first line logged"},
					{Name: "last", Kind: KindString, Doc: "the last line logged"},
				}},
				{Name: "source", Kind: KindString, Doc: "where the log was read: kmsg, journal or eventlog (the Windows System event log)"},
			},
			Warn:       Assertions{"hardware_errors": "== 0"},
			ErrorKinds: noOwnKinds,
			Timeout:    10 * time.Second,
			Support:    Support{Linux: Works, Windows: Works, Darwin: Skips, Note: "Linux reads the kernel log, Windows the System event log (no USB or thermal events there); the macOS unified log is not read"},
			Run:        runLog,
		}
	})
}

// logLine is one line of the log and how long ago it was logged. Kind
// and Device are set when the reader knew them (a Windows event, by its
// source and id); else the line's wording decides, through logPatterns.
type logLine struct {
	Age          time.Duration
	Text         string
	Kind, Device string
}

// logWhere names each source in a message.
var logWhere = map[string]string{"kmsg": "the kernel log", "journal": "the kernel log", "eventlog": "the System event log"}

// logPattern recognises one kind of error: a line is of the kind when Re
// matches it (and Also, when set). Re's first group, when it has one, is
// the device.
type logPattern struct {
	Kind     string
	Re, Also *lazyregexp.Regexp
}

// logKindWords name each kind in a message, one and many. An OOM is a
// program killed on Linux and a low-memory diagnosis on Windows: both are
// out-of-memory events.
var logKindWords = map[string][2]string{
	"disk_io": {"disk I/O error", "disk I/O errors"}, "filesystem": {"file-system error", "file-system errors"},
	"memory": {"memory error", "memory errors"}, "nvme": {"NVMe error", "NVMe errors"}, "usb": {"USB reset", "USB resets"},
	"thermal": {"thermal event", "thermal events"}, "oom": {"out-of-memory event", "out-of-memory events"},
}

// hardwareKinds are the kinds that point at failing hardware.
var hardwareKinds = map[string]bool{"disk_io": true, "nvme": true, "memory": true, "thermal": true}

// logPatterns are the kernel's own wordings (block/blk-core.c, fs/buffer.c,
// drivers/ata, drivers/scsi/sd.c, fs/*, arch/x86/kernel/cpu/mce,
// drivers/edac, mm/memory-failure.c, drivers/nvme/host, drivers/usb/core,
// drivers/thermal, mm/oom_kill.c). The first that matches decides a line's
// kind. Follow-up lines of one event (ata's "failed command", "status",
// oom_reaper's "reaped process") are not counted again, nor is mce's bare
// "Machine check events logged", which thermal throttling logs too.
var logPatterns = []logPattern{
	{Kind: "disk_io", Re: lazyregexp.New(`(?:I/O|critical medium|critical target|critical space allocation|critical nexus) error, dev (\w+)`)},
	{Kind: "disk_io", Re: lazyregexp.New(`Buffer I/O error on dev(?:ice)? (\w+)`)},
	{Kind: "disk_io", Re: lazyregexp.New(`\[(sd\w+)\] .*(?:Sense Key : Medium Error|Unrecovered read error)`)},
	{Kind: "disk_io", Re: lazyregexp.New(`^(ata\d+(?:\.\d+)?): exception Emask`)},
	{Kind: "filesystem", Re: lazyregexp.New(`^(?:EXT[234]-fs|XFS|BTRFS|F2FS-fs|FAT-fs|exFAT-fs|ntfs3|NTFS-fs)[^(]*\((?:device )?([\w.-]+)\)`),
		Also: lazyregexp.New(`(?i)error|corrupt|shut down|read-only|critical`)},
	{Kind: "memory", Re: lazyregexp.New(`\[Hardware Error\]: CPU \d+: Machine Check|^Memory failure: `)},
	{Kind: "memory", Re: lazyregexp.New(`^EDAC (\w+)?:? .*(?:\b(?:CE|UE)\b|[Ee]rror)`)},
	{Kind: "nvme", Re: lazyregexp.New(`^nvme (nvme\d+): (?:I/O \d+ (?:\(\S+\) )?QID \d+ timeout|controller is down|Device not ready|Abort status|Removing after probe failure|resetting controller)`)},
	{Kind: "usb", Re: lazyregexp.New(`^usb (\S+): (?:reset .*USB device|device descriptor read/\w+, error|device not accepting address|unable to enumerate USB device)`)},
	{Kind: "thermal", Re: lazyregexp.New(`(?:Core|Package) temperature above threshold|critical temperature reached`)},
	{Kind: "oom", Re: lazyregexp.New(`(?:Out of memory|Memory cgroup out of memory): Kill(?:ed)? process \d+ \((.+?)\)(?: |,|$)`)},
}

// logGroup is the errors of one kind on one device.
type logGroup struct {
	Kind, Device, First, Last string
	Count                     int64
}

// groupLog sorts the lines of the last `within` into groups, in the order
// they first appeared, and returns the latest line that matched.
func groupLog(lines []logLine, within time.Duration) ([]*logGroup, string) {
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].Age > lines[j].Age })
	index := map[string]*logGroup{}
	var out []*logGroup
	latest := ""
	for _, l := range lines {
		if l.Age > within || l.Age < 0 {
			continue
		}
		kind, device, ok := l.Kind, l.Device, l.Kind != ""
		if !ok {
			kind, device, ok = matchLogPattern(l.Text)
		}
		if !ok {
			continue
		}
		key := kind + "\x00" + device
		g := index[key]
		if g == nil {
			g = &logGroup{Kind: kind, Device: device, First: l.Text}
			index[key] = g
			out = append(out, g)
		}
		g.Count++
		g.Last = l.Text
		latest = l.Text
	}
	return out, latest
}

// matchLogPattern gives the kind of the first pattern that matches a
// line, and the device it names.
func matchLogPattern(text string) (kind, device string, ok bool) {
	for _, p := range logPatterns {
		m := p.Re.FindStringSubmatch(text)
		if m == nil || (p.Also != nil && !p.Also.MatchString(text)) {
			continue
		}
		if len(m) > 1 {
			device = m[1]
		}
		return p.Kind, device, true
	}
	return "", "", false
}

func runLog(ctx context.Context, env *Env, p Params) Outcome {
	hours := p.Int("hours")
	lines, source, o, ok := readKernelLog(ctx, env, hours)
	if !ok {
		return o
	}
	groups, latest := groupLog(lines, time.Duration(hours)*time.Hour)
	records := make([]map[string]any, len(groups))
	var total, hardware int64
	var parts []string
	for i, g := range groups {
		records[i] = map[string]any{"kind": g.Kind, "count": g.Count, "device": g.Device, "first": lineShown(g.First), "last": lineShown(g.Last)}
		total += g.Count
		if hardwareKinds[g.Kind] {
			hardware += g.Count
		}
		words := logKindWords[g.Kind]
		what := fmt.Sprintf("%d %s", g.Count, Plural(int(g.Count), words[0], words[1]))
		switch {
		case g.Device != "" && g.Kind == "oom":
			what += " (" + g.Device + ")"
		case g.Device != "":
			what += " on " + g.Device
		}
		parts = append(parts, what)
	}
	obs := map[string]any{"total": total, "hardware_errors": hardware, "groups": records, "source": source}
	if total == 0 {
		return Outcome{Observed: obs, Message: fmt.Sprintf("no errors in %s of the last %d hours", logWhere[source], hours)}
	}
	msg := fmt.Sprintf("%s holds %s of the last %d hours: %s; latest: %q",
		logWhere[source], Quantity(int(total), "error"), hours, strings.Join(parts, ", "), lineShown(latest))
	return Outcome{Observed: obs, Message: msg}
}

// lineShown cuts a log line to what a report needs.
func lineShown(s string) string {
	return Shorten(s, 200)
}
