package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/checks"
)

// A report the previous tsr saved, with its untyped inventory, reads back
// into the typed one: its JSON stays the same byte for byte, and it
// renders as that version rendered it (sizes in binary units).
func TestInventoryOfAPreviousReport(t *testing.T) {
	saved, err := os.ReadFile(filepath.Join("testdata", "previous", "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r Report
	if err := Decode(bytes.NewReader(saved), &r); err != nil {
		t.Fatal(err)
	}
	if r.Inventory == nil || r.Inventory.Memory == nil || r.Inventory.Memory.SwapTotal == nil || *r.Inventory.Memory.SwapTotal != 0 {
		t.Fatalf("inventory read as %+v: swap_total 0 is a known 0, not unknown", r.Inventory)
	}
	for format, file := range map[string]string{"json": "report.json", "markdown": "report.md"} {
		want, err := os.ReadFile(filepath.Join("testdata", "previous", file))
		if err != nil {
			t.Fatal(err)
		}
		// What this version words differently on purpose: one check is
		// "1 check".
		want = bytes.Replace(want, []byte("**Summary:** 1 checks:"), []byte("**Summary:** 1 check:"), 1)
		got, err := Bytes(&r, format, Options{})
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s of the saved report differs from the previous version's (%v):\n%s", format, err, got)
		}
	}
}

// The report prints a fact in units because of its type: a Bytes fact in
// binary units whatever its name, a speed or a count as the number it is.
func TestInventoryRowsFollowTheFactsTypes(t *testing.T) {
	swap, total := checks.Bytes(0), checks.Bytes(16*1024*1024*1024)
	inv := &checks.Inventory{
		CPU:    &checks.InventoryCPU{Cores: 4096, Threads: 8},
		Memory: &checks.InventoryMemory{Total: &total, SwapTotal: &swap, Modules: []checks.InventoryModule{{Label: "DIMM0", Size: 8 << 30}}},
		NICs:   []checks.InventoryNIC{{Name: "eth0", SpeedMbps: 10000}},
		GPUs:   []checks.InventoryGPU{},
	}
	want := [][2]string{
		{"cpu.cores", "4096"}, {"cpu.threads", "8"},
		{"memory.modules", "label=DIMM0 size=8.0 GiB"}, {"memory.swap_total", "0 B"}, {"memory.total", "16.0 GiB"},
		{"gpus", "none found"},
		{"nics[0]", "name=eth0 speed_mbps=10000"},
	}
	if got := InventoryRows(inv); !reflect.DeepEqual(got, want) {
		t.Errorf("rows\n got %q\nwant %q", got, want)
	}
}

// A part a newer tsr added is kept when the report is read and written
// again, shown after the known parts, and redacted like them.
func TestInventoryKeepsANewerPart(t *testing.T) {
	saved := `{"cpu":{"threads":2},"tpm":{"serial":"TPM-4711","version":"2.0"}}`
	var inv checks.Inventory
	if err := json.Unmarshal([]byte(saved), &inv); err != nil {
		t.Fatal(err)
	}
	if again, _ := json.Marshal(&inv); string(again) != saved {
		t.Errorf("written again as %s, want %s", again, saved)
	}
	rows := InventoryRows(&inv)
	if last := rows[len(rows)-1]; last != [2]string{"tpm.version", "2.0"} {
		t.Errorf("rows %q: the newer part is not shown last", rows)
	}
	r := &Report{Inventory: &inv}
	Redact(r, RedactPII, Known{})
	if b, _ := json.Marshal(r.Inventory); strings.Contains(string(b), "TPM-4711") {
		t.Errorf("a newer part's serial number survived pii redaction: %s", b)
	}
}
