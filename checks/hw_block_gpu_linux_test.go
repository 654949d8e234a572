package checks

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestBlockLaptop(t *testing.T) {
	useHostRoot(t, recorded("laptop"))
	o := run(t, "hw.block", nil)
	got := status(t, "hw.block", o)
	// loop0 and zram0 are empty (size 0): left out. The model comes from
	// /sys/block/*/device/model, since there is no udev database.
	wantObserved(t, o, map[string]any{
		"disks": []string{"nvme0n1 476.9 GiB ssd Samsung SSD 980 PRO 512GB"},
		"count": int64(1),
	})
	if got != "pass" {
		t.Errorf("status %s", got)
	}
}

// withGPU copies the laptop and adds its Intel GPU the way sysfs shows it:
// symlinks and PCI addresses with colons, which are not checked in
// because they do not survive every checkout (Windows).
func withGPU(t *testing.T, pciIDs bool) string {
	t.Helper()
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS(recorded("laptop"))); err != nil {
		t.Fatal(err)
	}
	if !pciIDs {
		os.RemoveAll(filepath.Join(root, "usr"))
	}
	dev := filepath.Join(root, "sys/bus/pci/devices/0000:00:02.0")
	for _, d := range []string{dev, filepath.Join(root, "sys/bus/pci/drivers/i915"), filepath.Join(root, "sys/class/drm")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dev, "modalias"), []byte("pci:v00008086d00009A49sv00001028sd00000A38bc03sc00i00\n"), 0o644))
	must(os.Symlink("../../drivers/i915", filepath.Join(dev, "driver")))
	must(os.Symlink("../../devices/pci0000:00/0000:00:02.0/drm/card0", filepath.Join(root, "sys/class/drm/card0")))
	must(os.Symlink("../../devices/pci0000:00/0000:00:02.0/drm/card0/card0-eDP-1", filepath.Join(root, "sys/class/drm/card0-eDP-1")))
	return root
}

func TestGPULaptop(t *testing.T) {
	useHostRoot(t, withGPU(t, true))
	o := run(t, "hw.gpu", nil)
	wantObserved(t, o, map[string]any{
		"cards": []string{"Intel Corporation TigerLake-LP GT2 [Iris Xe Graphics] i915"},
		"count": int64(1),
	})
}

func TestGPUWithoutPCIDatabaseNamesIDs(t *testing.T) {
	if home, err := os.UserHomeDir(); err == nil {
		if _, err := os.Stat(filepath.Join(home, ".cache", "pci.ids")); err == nil {
			t.Skip("pcidb finds ~/.cache/pci.ids before any root")
		}
	}
	useHostRoot(t, withGPU(t, false))
	o := run(t, "hw.gpu", nil)
	if got, want := o.Observed["cards"], []string{"[8086] [9a49] i915"}; !reflect.DeepEqual(got, want) {
		t.Errorf("cards %v, want %v (%s)", got, want, o.Message)
	}
}

func TestGPUNone(t *testing.T) {
	useHostRoot(t, recorded("desktop"))
	o := run(t, "hw.gpu", nil)
	got := status(t, "hw.gpu", o)
	wantObserved(t, o, map[string]any{"cards": []string{}, "count": int64(0)})
	if got != "pass" || o.Message != "no graphics card found" {
		t.Errorf("status %s, message %q", got, o.Message)
	}
}
