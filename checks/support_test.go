package checks

import (
	"bytes"
	"strings"
	"testing"
)

func TestSupportTable(t *testing.T) {
	var b bytes.Buffer
	WriteSupportTable(&b)
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != len(All())+2 || lines[0] != "| type | linux | windows | darwin | notes |" {
		t.Fatalf("table:\n%s", b.String())
	}
	for _, line := range lines[2:] {
		if strings.Contains(line, "not stated") {
			t.Logf("a type does not state its support: %s", line)
		}
	}
	if !strings.Contains(b.String(), "| [hw.battery](#hwbattery) | works | ") {
		t.Errorf("hw.battery's row:\n%s", b.String())
	}
	if (Support{Windows: Skips}).On("darwin") != "not stated" || Portable.On("windows") != "works" {
		t.Error("On")
	}
}
