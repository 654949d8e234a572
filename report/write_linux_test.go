package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestFullFolderLeavesNoEmptyReports: when the report's folder and the
// fallback folder are both full, WriteFile says so and leaves no 0-byte
// or cut files behind.
func TestFullFolderLeavesNoEmptyReports(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=64k", "tsr-test", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	filler, _ := os.Create(filepath.Join(dir, "filler"))
	filler.Write(bytes.Repeat([]byte("x"), 128<<10)) // fills it: ENOSPC
	filler.Close()
	t.Setenv("TMPDIR", dir)
	fallback, err := WriteFile(filepath.Join(dir, "report.json"), bytes.Repeat([]byte("r"), 32<<10))
	if err == nil || fallback != "" || !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("fallback %q, err %v", fallback, err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "filler" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
