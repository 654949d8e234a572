package checks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "hw.smart",
			Title: "Disks are healthy",
			Doc: "Reads each physical disk's own health report (SATA SMART, NVMe health log) through smartctl from smartmontools: the overall verdict, reallocated and pending sectors, media errors, wear, temperature and power-on hours. " +
				"smartctl is a program, so this runs only with --allow-exec; it skips when smartmontools is not installed or reading the disks needs administrator rights.",
			Params: []Param{
				{Name: "devices", Kind: KindList, Doc: "the disks to read, as smartctl names them (/dev/sda, /dev/nvme0); default: every disk `smartctl --scan-open` finds"},
			},
			Fields: []Field{
				{Name: "disks", Kind: KindRecords, Doc: "one record per disk; a value the disk does not report is left out", Record: []Field{
					{Name: "name", Kind: KindString, Doc: "the disk, as smartctl names it"},
					{Name: "model", Kind: KindString, Doc: "its model"},
					{Name: "healthy", Kind: KindBool, Doc: "it shows no sign of failing"},
					{Name: "reallocated", Kind: KindInt, Doc: "sectors already reallocated"},
					{Name: "pending", Kind: KindInt, Doc: "sectors waiting to be reallocated"},
					{Name: "media_errors", Kind: KindInt, Doc: "unrecovered media errors"},
					{Name: "percent_used", Kind: KindPercent, Doc: "share of its rated endurance used"},
					{Name: "temperature_c", Kind: KindInt, Doc: "its temperature in degrees Celsius"},
					{Name: "power_on_hours", Kind: KindInt, Doc: "hours it has been powered on"},
				}},
				{Name: "failing", Kind: KindList, Doc: "the disks that fail: their own verdict is FAILED, an attribute is below its failure threshold, sectors wait to be reallocated, or media errors or an NVMe critical warning are recorded"},
				{Name: "worn", Kind: KindList, Doc: "the disks wearing out: 90% or more of their rated endurance used, or sectors already reallocated"},
			},
			Expect:     Assertions{"failing": "== []"},
			Warn:       Assertions{"worn": "== []"},
			ErrorKinds: noOwnKinds,
			Timeout:    20 * time.Second,
			Example:    "devices: [/dev/sda]",
			Support:    Support{Linux: Works, Windows: Works, Darwin: Works, Note: "through smartctl, with --allow-exec; skips without smartmontools"},
			Run:        runSmart,
		}
	})
}

// runSmartctl runs smartctl with the given arguments and returns its
// standard output: JSON even when it exits non-zero, as it does to report
// a failing disk. Tests replace it with recorded output.
var runSmartctl = func(ctx context.Context, args ...string) ([]byte, error) {
	path, err := smartctlPath()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.WaitDelay = time.Second
	out, err := cmd.Output()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) && len(out) > 0 {
		err = nil
	}
	return out, err
}

// smartctlPath looks for smartctl where smartmontools installs it before
// the PATH, so an elevated tsr does not run a program of that name that
// someone put earlier in the PATH.
func smartctlPath() (string, error) {
	var dirs []string
	switch runtime.GOOS {
	case "windows":
		dirs = []string{filepath.Join(os.Getenv("ProgramFiles"), "smartmontools", "bin")}
	case "darwin":
		dirs = []string{"/usr/local/sbin", "/opt/homebrew/sbin", "/opt/homebrew/bin", "/usr/local/bin"}
	default:
		dirs = []string{"/usr/sbin", "/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"}
	}
	name := "smartctl"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	for _, dir := range dirs {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return exec.LookPath(name)
}

// smartDevice is a disk as `smartctl --scan-open --json` lists it.
type smartDevice struct {
	Name      string `json:"name"`
	Type      string `json:"type"`
	OpenError string `json:"open_error"`
}

func runSmart(ctx context.Context, env *Env, p Params) Outcome {
	if env == nil || !env.AllowExec {
		o := Skipped("reading the disks' health runs smartctl; rerun with --allow-exec to allow it")
		o.Fix = "Rerun tsr with --allow-exec (and as administrator) to read the disks' health with smartctl."
		return o
	}
	devices, o, ok := smartDevices(ctx, p.List("devices"))
	if !ok {
		return o
	}
	var disks []smartDisk
	var denied []string
	for _, d := range devices {
		disk, err := readSmartDisk(ctx, d)
		switch {
		case ctx.Err() != nil:
			return Failed(ErrorKindOf(ctx.Err()), "smartctl did not finish reading %s in time", d.Name)
		case errors.Is(err, errSmartPermission):
			denied = append(denied, d.Name)
		case err != nil:
			disks = append(disks, smartDisk{Name: shortDiskName(d.Name), Unread: err.Error()})
		default:
			disks = append(disks, disk)
		}
	}
	if len(disks) == 0 && len(denied) > 0 {
		return smartNeedsAdmin(denied)
	}
	return judgeSmart(disks)
}

// smartDevices lists the disks to read: those the playbook names, else
// those smartctl finds. ok is false when the Outcome says why there are none.
func smartDevices(ctx context.Context, named []string) ([]smartDevice, Outcome, bool) {
	if len(named) > 0 {
		out := make([]smartDevice, len(named))
		for i, n := range named {
			out[i] = smartDevice{Name: n}
		}
		return out, Outcome{}, true
	}
	b, err := runSmartctl(ctx, "--scan-open", "--json")
	if err != nil {
		return nil, smartctlUnavailable(ctx, err), false
	}
	var scan struct {
		Devices []smartDevice `json:"devices"`
	}
	if err := json.Unmarshal(b, &scan); err != nil {
		return nil, Errored(ErrorKindOther, "smartctl --scan-open did not answer in JSON (%v); smartmontools 7.0 or later is needed", err), false
	}
	var out, denied []smartDevice
	for _, d := range scan.Devices {
		switch {
		case permissionText(d.OpenError):
			denied = append(denied, d)
		case d.OpenError == "":
			out = append(out, d)
		}
	}
	if len(out) == 0 && len(denied) > 0 {
		names := make([]string, len(denied))
		for i, d := range denied {
			names[i] = d.Name
		}
		return nil, smartNeedsAdmin(names), false
	}
	if len(out) == 0 {
		return nil, Skipped("smartctl found no disk that keeps a health report (virtual disks do not)"), false
	}
	return out, Outcome{}, true
}

func smartctlUnavailable(ctx context.Context, err error) Outcome {
	switch {
	case ctx.Err() != nil:
		return Failed(ErrorKindOf(ctx.Err()), "smartctl --scan-open did not finish in time")
	case errors.Is(err, exec.ErrNotFound), errors.Is(err, os.ErrNotExist):
		o := Skipped("smartmontools is not installed (no smartctl), so the disks' health cannot be read")
		o.Fix = "Install smartmontools (apt install smartmontools, dnf install smartmontools, brew install smartmontools, or smartmontools.org on Windows) and rerun."
		return o
	}
	return Errored(ErrorKindOf(err), "smartctl could not be run: %v", err)
}

func smartNeedsAdmin(names []string) Outcome {
	o := Skipped("reading the health of %s needs administrator rights", strings.Join(names, ", "))
	o.Fix = "Rerun tsr as administrator (sudo on Linux and macOS) with --allow-exec to read the disks' health."
	return o
}

var errSmartPermission = errors.New("permission denied")

func permissionText(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "permission denied") || strings.Contains(l, "operation not permitted") || strings.Contains(l, "access is denied")
}

// shortDiskName is the disk's name as people read it: sda, nvme0.
func shortDiskName(name string) string { return strings.TrimPrefix(name, "/dev/") }

// smartReport is the part of `smartctl -a --json` hw.smart reads.
type smartReport struct {
	Smartctl struct {
		ExitStatus int `json:"exit_status"`
		Messages   []struct {
			String string `json:"string"`
		} `json:"messages"`
	} `json:"smartctl"`
	ModelName   string `json:"model_name"`
	SmartStatus *struct {
		Passed *bool `json:"passed"`
	} `json:"smart_status"`
	ATAAttributes struct {
		Table []struct {
			ID         int    `json:"id"`
			Name       string `json:"name"`
			WhenFailed string `json:"when_failed"`
			Raw        struct {
				Value int64 `json:"value"`
			} `json:"raw"`
		} `json:"table"`
	} `json:"ata_smart_attributes"`
	ATAStatistics struct {
		Pages []struct {
			Table []struct {
				Name  string `json:"name"`
				Value *int64 `json:"value"`
			} `json:"table"`
		} `json:"pages"`
	} `json:"ata_device_statistics"`
	NVMeLog *struct {
		CriticalWarning int    `json:"critical_warning"`
		PercentageUsed  *int64 `json:"percentage_used"`
		MediaErrors     *int64 `json:"media_errors"`
	} `json:"nvme_smart_health_information_log"`
	Temperature struct {
		Current *int64 `json:"current"`
	} `json:"temperature"`
	PowerOnTime struct {
		Hours *int64 `json:"hours"`
	} `json:"power_on_time"`
}

// smartDisk is one disk's health as hw.smart judges it.
type smartDisk struct {
	Name, Model string
	Values      map[string]int64 // reallocated, pending, media_errors, percent_used, temperature_c, power_on_hours
	Failing     []string         // why it fails, for a person
	Worn        []string         // why it wears out
	Unread      string           // why it could not be read; empty when it was
}

// readSmartDisk asks smartctl for one disk's report without waking it
// from standby.
func readSmartDisk(ctx context.Context, d smartDevice) (smartDisk, error) {
	args := []string{"-a", "--json", "--nocheck=standby"}
	if d.Type != "" {
		args = append(args, "-d", d.Type)
	}
	b, err := runSmartctl(ctx, append(args, d.Name)...)
	if err != nil {
		return smartDisk{}, err
	}
	var r smartReport
	if err := json.Unmarshal(b, &r); err != nil {
		return smartDisk{}, fmt.Errorf("smartctl gave no JSON for %s: %w", d.Name, err)
	}
	var said []string
	for _, m := range r.Smartctl.Messages {
		said = append(said, m.String)
	}
	text := strings.Join(said, "; ")
	switch {
	case permissionText(text):
		return smartDisk{}, errSmartPermission
	case strings.Contains(strings.ToUpper(text), "STANDBY"):
		return smartDisk{}, errors.New("asleep (standby); not woken to read it")
	case r.Smartctl.ExitStatus&3 != 0 && r.SmartStatus == nil:
		if text == "" {
			text = fmt.Sprintf("smartctl exit status %d", r.Smartctl.ExitStatus)
		}
		return smartDisk{}, errors.New(text)
	}
	return assessSmart(shortDiskName(d.Name), r), nil
}

// nvmeCriticalWarnings names the bits of the NVMe critical warning byte.
var nvmeCriticalWarnings = []string{
	"spare capacity below its threshold",
	"temperature outside its limits",
	"reliability degraded by media errors",
	"media switched to read-only",
	"volatile memory backup failed",
	"persistent memory region unreliable",
}

// assessSmart reads one disk's report: its values, and why it fails or
// wears out.
func assessSmart(name string, r smartReport) smartDisk {
	d := smartDisk{Name: name, Model: r.ModelName, Values: map[string]int64{}}
	set := func(key string, v *int64) {
		if v != nil {
			d.Values[key] = *v
		}
	}
	set("temperature_c", r.Temperature.Current)
	set("power_on_hours", r.PowerOnTime.Hours)
	if r.SmartStatus != nil && r.SmartStatus.Passed != nil {
		if !*r.SmartStatus.Passed {
			d.Failing = append(d.Failing, "its own health verdict is FAILED")
		}
	}
	for _, a := range r.ATAAttributes.Table {
		raw := a.Raw.Value
		switch a.ID {
		case 5:
			set("reallocated", &raw)
		case 197:
			set("pending", &raw)
		}
		if a.WhenFailed == "now" {
			d.Failing = append(d.Failing, fmt.Sprintf("attribute %d %s is below its failure threshold (raw value %d)", a.ID, a.Name, raw))
		}
	}
	for _, page := range r.ATAStatistics.Pages {
		for _, e := range page.Table {
			if e.Name == "Percentage Used Endurance Indicator" {
				set("percent_used", e.Value)
			}
		}
	}
	if n := r.NVMeLog; n != nil {
		set("media_errors", n.MediaErrors)
		set("percent_used", n.PercentageUsed)
		for bit, what := range nvmeCriticalWarnings {
			if n.CriticalWarning&(1<<bit) != 0 {
				d.Failing = append(d.Failing, "NVMe critical warning: "+what)
			}
		}
	}
	if n := d.Values["pending"]; n > 0 {
		d.Failing = append(d.Failing, fmt.Sprintf("%d sectors could not be read and wait to be reallocated (Current_Pending_Sector)", n))
	}
	if n := d.Values["media_errors"]; n > 0 {
		d.Failing = append(d.Failing, fmt.Sprintf("%d unrecovered media errors", n))
	}
	if n, ok := d.Values["percent_used"]; ok && n >= 90 {
		d.Worn = append(d.Worn, fmt.Sprintf("%d%% of its rated endurance used", n))
	}
	if n := d.Values["reallocated"]; n > 0 {
		d.Worn = append(d.Worn, fmt.Sprintf("%d sectors already reallocated (Reallocated_Sector_Ct)", n))
	}
	return d
}

// record is the disk as hw.smart observes it.
func (d smartDisk) record() map[string]any {
	r := map[string]any{"name": d.Name}
	if d.Model != "" {
		r["model"] = d.Model
	}
	if d.Unread == "" {
		r["healthy"] = len(d.Failing) == 0
	}
	for k, v := range d.Values {
		r[k] = v
	}
	return r
}

// label names a disk with its model: "sdc (Hitachi HDS721050DLE630)".
func (d smartDisk) label() string {
	if d.Model == "" {
		return d.Name
	}
	return d.Name + " (" + d.Model + ")"
}

func judgeSmart(disks []smartDisk) Outcome {
	records := make([]map[string]any, len(disks))
	failing, worn := []string{}, []string{}
	var bad, healthy, unread []string
	for i, d := range disks {
		records[i] = d.record()
		switch {
		case d.Unread != "":
			unread = append(unread, d.Name+": "+d.Unread)
		case len(d.Failing) > 0:
			failing = append(failing, d.Name)
			bad = append(bad, d.label()+" is failing: "+strings.Join(append(d.Failing, d.Worn...), ", "))
		case len(d.Worn) > 0:
			worn = append(worn, d.Name)
			bad = append(bad, d.label()+" is wearing out: "+strings.Join(d.Worn, ", "))
		default:
			healthy = append(healthy, d.label()+healthSummary(d))
		}
	}
	parts := bad
	if len(healthy) > 0 {
		parts = append(parts, fmt.Sprintf("healthy: %s", strings.Join(healthy, ", ")))
	}
	if len(unread) > 0 {
		parts = append(parts, "not read: "+strings.Join(unread, "; "))
	}
	return Outcome{
		Observed: map[string]any{"disks": records, "failing": failing, "worn": worn},
		Message:  strings.Join(parts, "; "),
	}
}

// healthSummary is what a healthy disk's line adds: " 31°C, 42454 h powered on".
func healthSummary(d smartDisk) string {
	var bits []string
	if t, ok := d.Values["temperature_c"]; ok {
		bits = append(bits, fmt.Sprintf("%d°C", t))
	}
	if h, ok := d.Values["power_on_hours"]; ok {
		bits = append(bits, fmt.Sprintf("%d h powered on", h))
	}
	if u, ok := d.Values["percent_used"]; ok {
		bits = append(bits, fmt.Sprintf("%d%% worn", u))
	}
	if len(bits) == 0 {
		return ""
	}
	return " " + strings.Join(bits, ", ")
}
