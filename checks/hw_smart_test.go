package checks

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// useSmartctl answers smartctl's questions from recordings under
// testdata/smartctl: the scan from scan, each disk from disks[its name].
func useSmartctl(t *testing.T, scan string, disks map[string]string) *[][]string {
	t.Helper()
	var asked [][]string
	old := runSmartctl
	runSmartctl = func(_ context.Context, args ...string) ([]byte, error) {
		asked = append(asked, args)
		file := scan
		if args[0] != "--scan-open" {
			file = disks[args[len(args)-1]]
		}
		if file == "" {
			t.Fatalf("smartctl %v was not recorded", args)
		}
		return os.ReadFile(filepath.Join("testdata", "smartctl", file))
	}
	t.Cleanup(func() { runSmartctl = old })
	return &asked
}

func TestSmartHealthyDisksPass(t *testing.T) {
	useSmartctl(t, "", map[string]string{"/dev/sdb": "healthy-sata.json", "/dev/nvme0": "healthy-nvme.json"})
	o := run(t, "hw.smart", map[string]any{"devices": []any{"/dev/sdb", "/dev/nvme0"}}, allowExec)
	got := status(t, "hw.smart", o)
	if got != StatusPass {
		t.Fatalf("status %s, want pass (%s)", got, o.Message)
	}
	disks := o.Observed["disks"].([]map[string]any)
	want := []map[string]any{
		{"name": "sdb", "model": "HGST HUS726040ALE614", "healthy": true, "reallocated": int64(0), "pending": int64(0), "temperature_c": int64(31), "power_on_hours": int64(42454)},
		{"name": "nvme0", "model": "Samsung SSD 970 EVO Plus 250GB", "healthy": true, "media_errors": int64(0), "percent_used": int64(0), "temperature_c": int64(35), "power_on_hours": int64(3149)},
	}
	for i, w := range want {
		for k, v := range w {
			if disks[i][k] != v {
				t.Errorf("disks[%d].%s = %#v, want %#v", i, k, disks[i][k], v)
			}
		}
	}
	if !strings.Contains(o.Message, "healthy: sdb (HGST HUS726040ALE614) 31°C, 42454 h powered on") {
		t.Errorf("message %q", o.Message)
	}
}

func TestSmartFailingSATADiskFailsNamingTheAttribute(t *testing.T) {
	useSmartctl(t, "", map[string]string{"/dev/sdc": "failing-sata.json"})
	o := run(t, "hw.smart", map[string]any{"devices": []any{"/dev/sdc"}}, allowExec)
	got := status(t, "hw.smart", o)
	if got != StatusFail {
		t.Fatalf("status %s, want fail (%s)", got, o.Message)
	}
	wantObserved(t, o, map[string]any{"failing": []string{"sdc"}})
	for _, part := range []string{
		"sdc (Hitachi HDS721050DLE630) is failing",
		"its own health verdict is FAILED",
		"attribute 5 Reallocated_Sector_Ct is below its failure threshold (raw value 1975)",
		"8 sectors could not be read",
	} {
		if !strings.Contains(o.Message, part) {
			t.Errorf("message %q lacks %q", o.Message, part)
		}
	}
}

func TestSmartFailingNVMeDiskFailsNamingTheWarning(t *testing.T) {
	asked := useSmartctl(t, "scan-nvme0.json", map[string]string{"/dev/nvme0": "failing-nvme.json"})
	o := run(t, "hw.smart", nil, allowExec)
	got := status(t, "hw.smart", o)
	if got != StatusFail {
		t.Fatalf("status %s, want fail (%s)", got, o.Message)
	}
	if !strings.Contains(o.Message, "NVMe critical warning: volatile memory backup failed") {
		t.Errorf("message %q does not name the critical warning", o.Message)
	}
	want := "-a --json --nocheck=standby -d nvme /dev/nvme0"
	if len(*asked) != 2 || strings.Join((*asked)[1], " ") != want {
		t.Errorf("smartctl was asked %v, want the scan then %q", *asked, want)
	}
}

func TestSmartReallocatedSectorsWarn(t *testing.T) {
	useSmartctl(t, "", map[string]string{"/dev/sda": "worn-sata.json"})
	o := run(t, "hw.smart", map[string]any{"devices": []any{"/dev/sda"}}, allowExec)
	got := status(t, "hw.smart", o)
	if got != StatusWarn {
		t.Fatalf("status %s, want warn (%s)", got, o.Message)
	}
	wantObserved(t, o, map[string]any{"worn": []string{"sda"}, "failing": []string{}})
	if !strings.Contains(o.Message, "304 sectors already reallocated") {
		t.Errorf("message %q", o.Message)
	}
}

func TestSmartWithoutPrivilegeSkipsSayingSo(t *testing.T) {
	useSmartctl(t, "", map[string]string{"/dev/vda": "permission-denied.json"})
	o := run(t, "hw.smart", map[string]any{"devices": []any{"/dev/vda"}}, allowExec)
	got := status(t, "hw.smart", o)
	if got != StatusSkip || !strings.Contains(o.Skip, "needs administrator rights") {
		t.Errorf("status %s, skip %q; want a skip saying it needs administrator rights", got, o.Skip)
	}
}

func TestSmartNoDiskSkips(t *testing.T) {
	useSmartctl(t, "scan-none.json", nil)
	o := run(t, "hw.smart", nil, allowExec)
	got := status(t, "hw.smart", o)
	if got != StatusSkip || !strings.Contains(o.Skip, "found no disk") {
		t.Errorf("status %s, skip %q; want a skip saying no disk was found", got, o.Skip)
	}
}

func TestSmartNotInstalledSkips(t *testing.T) {
	old := runSmartctl
	runSmartctl = func(context.Context, ...string) ([]byte, error) { return nil, exec.ErrNotFound }
	t.Cleanup(func() { runSmartctl = old })
	o := run(t, "hw.smart", nil, allowExec)
	got := status(t, "hw.smart", o)
	if got != StatusSkip || !strings.Contains(o.Skip, "smartmontools is not installed") {
		t.Errorf("status %s, skip %q", got, o.Skip)
	}
}

func TestSmartRunsNoProgramWithoutAllowExec(t *testing.T) {
	old := runSmartctl
	runSmartctl = func(context.Context, ...string) ([]byte, error) {
		t.Error("smartctl ran without --allow-exec")
		return nil, exec.ErrNotFound
	}
	t.Cleanup(func() { runSmartctl = old })
	o := run(t, "hw.smart", nil)
	got := status(t, "hw.smart", o)
	if got != StatusSkip || !strings.Contains(o.Skip, "--allow-exec") {
		t.Errorf("status %s, skip %q", got, o.Skip)
	}
}

// The real smartctl on this machine: whatever disks it has, hw.smart
// judges them or says why it cannot; it never ends in error.
func TestSmartThisMachine(t *testing.T) {
	if _, err := smartctlPath(); err != nil {
		t.Skip("smartmontools is not installed here")
	}
	o := run(t, "hw.smart", nil, allowExec)
	got := status(t, "hw.smart", o)
	if got == StatusError {
		t.Errorf("error on this machine: %s", o.Message)
	}
	t.Logf("%s: %s%s", got, o.Message, o.Skip)
}
