package checks

import (
	"reflect"
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
		{Name: "left", Kind: KindInt, Unit: UnitDays}, // a declared unit, not one guessed from the name
	}}
	o := Outcome{Observed: map[string]any{
		"latency": 1500 * time.Microsecond, "free": int64(2048), "used_percent": 12.5, "count": 3, "name": "x", "left": 3,
	}}
	v := Judge(typ, o, nil, nil, false, false)
	want := map[string]Unit{"latency": "ms", "free": "bytes", "used_percent": "percent", "count": "number", "left": "days"}
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

// The fields of a list of records have the units their check declares
// (keyed by UnitKey), and are recorded in them: a duration in ms. A record
// field of no declared unit has none, whatever its name.
func TestJudgeRecordsUnitsOfRecordFields(t *testing.T) {
	typ := &Type{Name: "test.records", Fields: []Field{{Name: "top", Kind: KindRecords, Record: []Field{
		{Name: "name", Kind: KindString},
		{Name: "rss", Kind: KindBytes},
		{Name: "size", Kind: KindInt},
		{Name: "wait", Kind: KindDuration},
	}}}}
	top := []map[string]any{{"name": "java", "rss": int64(4096), "size": int64(3), "wait": 1500 * time.Microsecond}}
	expect := typ.ParseAssertions(Assertions{"top": "== []"})
	v := Judge(typ, Outcome{Observed: map[string]any{"top": top}}, expect, nil, true, false)
	want := map[string]Unit{"top.rss": "bytes", "top.size": "number", "top.wait": "ms"}
	if len(v.Units) != len(want) {
		t.Fatalf("units = %v, want %v", v.Units, want)
	}
	for key, u := range want {
		if v.Units[key] != u {
			t.Errorf("unit of %s = %q, want %q", key, v.Units[key], u)
		}
	}
	recorded, _ := v.JSON["top"].([]any)
	if len(recorded) != 1 || recorded[0].(map[string]any)["wait"] != 1.5 || recorded[0].(map[string]any)["rss"] != int64(4096) {
		t.Errorf("top recorded as %v, want wait 1.5 (ms) and rss 4096", v.JSON["top"])
	}
	if len(v.Unmet) != 1 || !reflect.DeepEqual(v.Unmet[0].Observed, v.JSON["top"]) {
		t.Errorf("unmet %+v: want the records observed as the result records them, %v", v.Unmet, v.JSON["top"])
	}
	if top[0]["wait"] != 1500*time.Microsecond {
		t.Errorf("recording changed the check's own records: %v", top)
	}
}
