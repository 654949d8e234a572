package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// After the kernel logs I/O errors for a disk, `tsr diagnose hardware`
// warns and names that disk. The kernel log is a recording (real kernel
// lines, checks/testdata/kmsg/disk-sda) mounted over /dev/kmsg in a private
// mount namespace: no line is written to this machine's ring buffer, where
// it would show in every hardware run for a day.
func TestHardwareNamesTheDiskTheKernelLoggedErrorsFor(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("a private mount namespace needs root")
	}
	bin := buildTSR(t)
	rec, err := filepath.Abs(filepath.Join("..", "..", "checks", "testdata", "kmsg", "disk-sda"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "report.json")
	script := `mount --make-rprivate / && mount --bind "$1/dev/kmsg" /dev/kmsg && mount --bind "$1/proc/uptime" /proc/uptime &&
ip link set lo up && exec "$2" diagnose hardware --only kernel-errors -q -o "$3"`
	run := exec.Command("unshare", "-m", "-n", "sh", "-c", script, "sh", rec, bin, out)
	if b, err := run.CombinedOutput(); err != nil {
		t.Fatalf("tsr diagnose hardware: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Results []struct{ ID, Status, Message string }
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Results) != 1 || r.Results[0].ID != "kernel-errors" {
		t.Fatalf("results = %+v, want the kernel-errors check", r.Results)
	}
	got := r.Results[0]
	if got.Status != "warn" || !strings.Contains(got.Message, "4 disk I/O errors on sda") {
		t.Errorf("kernel-errors: %s, %q; want a warning naming sda", got.Status, got.Message)
	}
}
