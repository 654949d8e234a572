package checks

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/jaypipes/ghw"
	"golang.org/x/sys/unix"
)

func TestInventoryLaptop(t *testing.T) {
	useHostRoot(t, withGPU(t, true))
	inv := ReadInventory(context.Background())
	parts := map[string]any{"cpu": inv.CPU, "disks": inv.Disks, "gpus": inv.GPUs, "nics": inv.NICs}
	want := map[string]any{
		"cpu": map[string]any{"model": "11th Gen Intel(R) Core(TM) i7-1185G7 @ 3.00GHz", "vendor": "GenuineIntel", "cores": int64(2), "threads": int64(4)},
		"disks": []any{map[string]any{"name": "nvme0n1", "size": int64(512110190592), "type": "ssd", "controller": "nvme",
			"model": "Samsung SSD 980 PRO 512GB", "removable": false}},
		"gpus": []any{map[string]any{"address": "0000:00:02.0", "vendor": "Intel Corporation",
			"product": "TigerLake-LP GT2 [Iris Xe Graphics]", "driver": "i915"}},
		"nics": []any{map[string]any{"name": "wlp0s20f3", "mac": "3c:9c:0f:aa:bb:cc", "virtual": false}},
	}
	for key, w := range want {
		gotJSON, _ := json.Marshal(parts[key])
		wantJSON, _ := json.Marshal(w)
		if string(gotJSON) != string(wantJSON) {
			t.Errorf("%s:\n got %s\nwant %s", key, gotJSON, wantJSON)
		}
	}
	if mem := inv.Memory; mem == nil || mem.Total == nil || *mem.Total != 16000000*1024 || mem.SwapTotal == nil || *mem.SwapTotal != 2097152*1024 {
		t.Errorf("memory %+v", mem)
	}
}

// An empty tree is a machine that shows tsr nothing (a container without
// /sys): its disks, GPUs and adapters are not known, which is not "none".
func TestInventoryOfNothingSaysWhyNotNone(t *testing.T) {
	useHostRoot(t, t.TempDir())
	var inv *Inventory
	stderr := captureStderr(t, func() { inv = ReadInventory(context.Background()) })
	if stderr != "" {
		t.Errorf("ghw wrote to the terminal: %q", stderr)
	}
	b, err := json.Marshal(inv)
	want := `{"cpu":{},"memory":{},"unavailable":{` +
		`"disks":"this machine shows no /sys/block to tsr (a container or a sandbox), so its disks are not known",` +
		`"gpus":"this machine shows no /sys/class to tsr (a container or a sandbox), so its graphics cards are not known",` +
		`"nics":"this machine shows no /sys/class/net to tsr (a container or a sandbox), so its network adapters are not known"}}`
	if err != nil || string(b) != want {
		t.Errorf("inventory of an empty tree:\n got %s %v\nwant %s", b, err, want)
	}
	if o := run(t, "hw.block", nil); status(t, "hw.block", o) != StatusSkip || !strings.Contains(o.Skip, "/sys/block") {
		t.Errorf("hw.block without /sys/block: %+v; want a skip saying why", o)
	}

	// /sys with nothing in it: a machine with none of them.
	for _, dir := range []string{"block", "class/net"} {
		os.MkdirAll(sysPath(dir), 0o755)
	}
	inv = ReadInventory(context.Background())
	if b, _ := json.Marshal(inv.Disks); string(b) != "[]" || inv.Unavailable["disks"] != "" {
		t.Errorf("no disks in /sys/block: disks %s, unavailable %v", b, inv.Unavailable)
	}

	// The capture works: ghw left to itself does warn about this tree.
	if noisy := captureStderr(t, func() { ghw.GPU(ghw.WithChroot(host.root)) }); noisy == "" {
		t.Error("ghw printed nothing without tsr's options; the capture proves nothing")
	}
}

func TestInventoryStopsWhenCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	inv := ReadInventory(ctx)
	if *inv.CPU != (InventoryCPU{}) {
		t.Errorf("a canceled inventory still read the CPU: %+v", inv.CPU)
	}
}

func TestInventoryThisMachine(t *testing.T) {
	inv := ReadInventory(context.Background())
	if inv.CPU == nil || inv.CPU.Threads < 1 {
		t.Errorf("cpu %+v", inv.CPU)
	}
}

// captureStderr returns what f wrote to file descriptor 2, which is where
// loggers set up at init (as ghw's is) write, whatever os.Stderr is now.
func captureStderr(t *testing.T, f func()) string {
	t.Helper()
	saved, err := unix.Dup(2)
	if err != nil {
		t.Fatal(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	out := make(chan string)
	go func() { b, _ := io.ReadAll(r); out <- string(b) }()
	unix.Dup2(int(w.Fd()), 2)
	f()
	unix.Dup2(saved, 2)
	unix.Close(saved)
	w.Close()
	return <-out
}
