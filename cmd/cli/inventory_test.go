package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/checks"
)

// What could not be seen is "not available here" with its reason; what
// was seen and is empty is "none found".
func TestInventoryTableTellsUnavailableFromNone(t *testing.T) {
	var out bytes.Buffer
	inv := &checks.Inventory{
		CPU: &checks.InventoryCPU{}, GPUs: []checks.InventoryGPU{}, NICs: []checks.InventoryNIC{{Name: "eth0"}},
		Unavailable: map[string]string{"disks": "Windows (WMI) does not describe the disks of this PC in full: it has no TracksPerCylinder"},
	}
	if err := inventoryTable(Streams{Out: &out}, inv); err != nil {
		t.Fatal(err)
	}
	lines := map[string]string{}
	for _, line := range strings.Split(out.String(), "\n") {
		if f := strings.Split(line, "|"); len(f) >= 3 {
			lines[strings.TrimSpace(f[1])] = strings.TrimSpace(f[2])
		}
	}
	want := map[string]string{
		"disks":   "not available here: Windows (WMI) does not describe the disks of this PC in full: it has no TracksPerCylinder",
		"gpus":    "none found",
		"nics[0]": "name=eth0",
	}
	for k, v := range want {
		if lines[k] != v {
			t.Errorf("%s: %q, want %q\n%s", k, lines[k], v, out.String())
		}
	}
}
