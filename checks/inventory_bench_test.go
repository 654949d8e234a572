package checks

import (
	"context"
	"testing"
)

// BenchmarkInventory: what `diagnose` spends on the inventory, which it
// gathers while the checks run (issue: under 100 ms).
func BenchmarkInventory(b *testing.B) {
	for b.Loop() {
		inv := ReadInventory(context.Background())
		if inv.CPU == nil {
			b.Fatal("empty inventory")
		}
	}
}
