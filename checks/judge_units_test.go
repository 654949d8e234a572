package checks

import (
	"testing"
	"time"
)

// A saved report must say the unit of each number, so that renderers
// (tables, Prometheus) can show 12 ms rather than a bare 12.
func TestJudgeRecordsUnitsOfNumbers(t *testing.T) {
	typ := &Type{Name: "test.units", Fields: []Field{
		{Name: "latency", Kind: KindDuration},
		{Name: "free", Kind: KindBytes},
		{Name: "used_percent", Kind: KindPercent},
		{Name: "count", Kind: KindInt},
		{Name: "name", Kind: KindString},
	}}
	o := Outcome{Observed: map[string]any{
		"latency": 1500 * time.Microsecond, "free": int64(2048), "used_percent": 12.5, "count": 3, "name": "x",
	}}
	v := Judge(typ, o, nil, nil, false, false)
	want := map[string]string{"latency": "ms", "free": "bytes", "used_percent": "percent", "count": "number"}
	if len(v.Units) != len(want) {
		t.Fatalf("units = %v, want %v", v.Units, want)
	}
	for f, u := range want {
		if v.Units[f] != u {
			t.Errorf("unit of %s = %q, want %q", f, v.Units[f], u)
		}
	}
	if v.JSON["latency"] != 1.5 {
		t.Errorf("latency recorded as %v, want 1.5 (ms)", v.JSON["latency"])
	}
}
