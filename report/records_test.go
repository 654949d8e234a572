package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/tsrhq/tsr/checks"
)

// renderSaved writes r as JSON, reads it back as `tsr report render` does,
// and renders it in each format that prints observed values.
func renderSaved(t *testing.T, r *Report) map[string]string {
	t.Helper()
	saved, err := Bytes(r, "json", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := Decode(bytes.NewReader(saved), &back); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, format := range []string{"markdown", "html", "junit"} {
		b, err := Bytes(&back, format, Options{})
		if err != nil {
			t.Fatal(err)
		}
		out[format] = string(b)
	}
	return out
}

// resultOf is a check's result as the runner builds it from a verdict.
func resultOf(id string, typ *checks.Type, o checks.Outcome, expect []checks.Assertion) Result {
	v := checks.Judge(typ, o, expect, nil, expect != nil, false)
	return Result{ID: id, Uses: typ.Name, Playbook: "default", Title: id, Status: v.Status, Severity: checks.SeverityMedium,
		Message: o.Message, Observed: v.JSON, Units: v.Units, Unmet: append([]checks.Unmet{}, v.Unmet...)}
}

// A record's sizes are in units because hw.memory declares its top
// programs' rss a size, and the saved report carries that to a later
// render: the unit is not guessed from the name "rss".
func TestSavedRecordsKeepTheirDeclaredUnits(t *testing.T) {
	memory, ok := checks.Lookup("hw.memory")
	if !ok {
		t.Fatal("no hw.memory")
	}
	top := []map[string]any{{"name": "java", "pid": int64(4242), "rss": int64(3 << 29)}, {"name": "sh", "pid": int64(7), "rss": int64(2048)}}
	o := checks.Outcome{Observed: map[string]any{"top": top, "used_percent": 50.0}, Message: "memory"}
	// An assertion on the records makes junit print them too (its unmet line).
	expect := memory.ParseAssertions(checks.Assertions{"top": "== []"})
	r := fixture()
	r.Causes = []Cause{}
	r.Results = []Result{resultOf("memory", memory, o, expect)}
	r.Tally()
	if got := r.Results[0].Units[checks.UnitKey("top", "rss")]; got != "bytes" {
		t.Fatalf("units %v: the rss of a top program is not recorded as bytes", r.Results[0].Units)
	}
	for format, text := range renderSaved(t, r) {
		if !strings.Contains(text, "name=java pid=4242 rss=1.5 GiB; name=sh pid=7 rss=2.0 KiB") {
			t.Errorf("%s does not print the top programs' rss in binary units:\n%s", format, text)
		}
	}
}

// A record field is printed in a unit only when its check declared one:
// a number named like a size ("size", "bytes") that is a count stays the
// number it is, and a saved report without the unit (written before tsr
// recorded units of records) shows the number as recorded.
func TestRecordFieldsWithoutAUnitAreNumbers(t *testing.T) {
	typ := &checks.Type{Name: "test.records", Fields: []checks.Field{{Name: "queues", Kind: checks.KindRecords, Doc: "queues", Record: []checks.Field{
		{Name: "name", Kind: checks.KindString, Doc: "the queue"},
		{Name: "size", Kind: checks.KindInt, Doc: "messages waiting"},
		{Name: "bytes", Kind: checks.KindInt, Doc: "a count of byte-sized registers"},
		{Name: "age", Kind: checks.KindDuration, Doc: "how long the oldest waited"},
	}}}}
	queues := []map[string]any{{"name": "mail", "size": int64(3), "bytes": int64(4096), "age": 1500 * time.Millisecond}}
	r := fixture()
	r.Causes = []Cause{}
	r.Results = []Result{resultOf("queues", typ, checks.Outcome{Observed: map[string]any{"queues": queues}}, nil)}
	r.Tally()
	for format, text := range renderSaved(t, r) {
		if format != "junit" && !strings.Contains(text, "age=1.5s bytes=4096 name=mail size=3") {
			t.Errorf("%s: want the counts as numbers and the age in its unit:\n%s", format, text)
		}
	}

	old := fixture()
	old.Causes = []Cause{}
	old.Results = []Result{{ID: "memory", Uses: "hw.memory", Playbook: "default", Status: checks.StatusPass, Severity: checks.SeverityMedium,
		Observed: map[string]any{"top": []any{map[string]any{"name": "java", "pid": 4242.0, "rss": 1610612736.0}}}, Units: map[string]checks.Unit{"used_percent": "percent"}}}
	old.Tally()
	for format, text := range renderSaved(t, old) {
		if format != "junit" && !strings.Contains(text, "name=java pid=4242 rss=1610612736") {
			t.Errorf("%s: a record without a recorded unit should print as recorded:\n%s", format, text)
		}
	}
}
