package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// BenchmarkStartup: `tsr version`, the cost of starting the binary
// (issue: under 20 ms).
func BenchmarkStartup(b *testing.B) {
	bin := buildTSR(b)
	for b.Loop() {
		if out, err := exec.Command(bin, "version").CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
	}
}

// BenchmarkDiagnoseLocal: a whole diagnose of the hardware playbook's
// local checks in a fresh process, with and without the inventory (the
// difference is what the inventory adds to a run); reports the peak
// resident memory.
func BenchmarkDiagnoseLocal(b *testing.B) {
	bin := buildTSR(b)
	b.Run("inventory", func(b *testing.B) { diagnoseLocal(b, bin) })
	b.Run("no-inventory", func(b *testing.B) { diagnoseLocal(b, bin, "--no-inventory") })
}

func diagnoseLocal(b *testing.B, bin string, extra ...string) {
	out := filepath.Join(b.TempDir(), "r.json")
	var maxRSS int64
	for b.Loop() {
		cmd := exec.Command(bin, append([]string{"diagnose", "hardware", "--skip", "clock", "-q", "-o", out}, extra...)...)
		if err := cmd.Run(); err != nil {
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
				b.Fatal(err)
			}
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			maxRSS = max(maxRSS, ru.Maxrss)
		}
	}
	b.ReportMetric(float64(maxRSS)/1024, "peak-MiB")
	os.Remove(out)
}
