package checks

import (
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// parse decodes a matcher as a playbook would write it.
func parse(t *testing.T, src string, kind Kind) (Matcher, error) {
	t.Helper()
	var raw any
	if err := yaml.Unmarshal([]byte(src), &raw); err != nil {
		t.Fatalf("bad YAML %q: %v", src, err)
	}
	return ParseMatcher(raw, kind)
}

// disksRecords is a records value as hw.io observes it.
var disksRecords = []map[string]any{
	{"name": "sda", "util_percent": 98.0, "await_ms": 240.0},
	{"name": "sdb", "util_percent": 1.5, "await_ms": 0.4},
}

func TestRecordsFormatAndJSON(t *testing.T) {
	if got, want := KindRecords.Format(disksRecords), "sda await_ms=240 util_percent=98; sdb await_ms=0.4 util_percent=1.5"; got != want {
		t.Errorf("Format = %q, want %q", got, want)
	}
	j, ok := KindRecords.JSON(disksRecords).([]any)
	if !ok || len(j) != 2 || j[0].(map[string]any)["name"] != "sda" {
		t.Errorf("JSON = %#v, want the records as []any of maps", j)
	}
	back, err := KindRecords.Convert(j)
	if err != nil || len(back.([]map[string]any)) != 2 {
		t.Errorf("Convert(JSON) = %v, %v", back, err)
	}
	if _, err := KindRecords.Convert([]any{"sda"}); err == nil {
		t.Error("a list of strings converted to records")
	}
}

func TestMatcherMatches(t *testing.T) {
	cases := []struct {
		matcher string
		kind    Kind
		value   any
		want    bool
	}{
		{"NOERROR", KindString, "NOERROR", true},
		{"NOERROR", KindString, "NXDOMAIN", false},
		{"NOERROR", KindString, "noerror", false}, // equal is exact: another case is another value
		{"true", KindBool, true, true},
		{"true", KindBool, false, false},
		{"200", KindInt, int64(200), true},
		{"200", KindInt, 200, true},
		{"[200, 204, 301]", KindInt, int64(204), true},
		{"[200, 204, 301]", KindInt, int64(404), false},
		{`"< 300ms"`, KindDuration, 299 * time.Millisecond, true},
		{`"< 300ms"`, KindDuration, 300 * time.Millisecond, false},
		{`"<= 300ms"`, KindDuration, 300 * time.Millisecond, true},
		{`">= 5GiB"`, KindBytes, int64(5 << 30), true},
		{`">= 5GiB"`, KindBytes, int64(5<<30 - 1), false},
		{`"> 512MB"`, KindBytes, int64(512_000_001), true},
		{`"> 512MB"`, KindBytes, int64(512_000_000), false}, // > is strict: the bound itself fails
		{`"> 512MB"`, KindBytes, int64(511_999_999), false},
		{`"> 2"`, KindFloat, 2.0, false},
		{`"> 2"`, KindFloat, 2.01, true},
		{`">= 2"`, KindFloat, 1.99, false},
		{`"< 2"`, KindFloat, 2.0, false},
		{`"<= 2"`, KindFloat, 2.01, false},
		{`"< 85%"`, KindPercent, 84.9, true},
		{`"< 85%"`, KindPercent, 91.2, false},
		{`"< 85"`, KindPercent, 91.2, false},
		{`">= 1"`, KindInt, int64(1), true},
		{`"!= 0"`, KindInt, int64(0), false},
		{`"== 3"`, KindInt, int64(3), true},
		{`"== 3"`, KindInt, int64(4), false},
		{`"== 3"`, KindInt, int64(2), false},
		{`"!= 0"`, KindInt, int64(1), true},
		{`"!= 0"`, KindInt, int64(-1), true}, // != holds below the value as well as above
		{`"< 2"`, KindFloat, 1.99, true},
		{`"!= NOERROR"`, KindString, "SERVFAIL", true},
		{"{contains: 192.0.2.10}", KindList, []string{"192.0.2.1", "192.0.2.10"}, true},
		{"{contains: 192.0.2.10}", KindList, []string{"192.0.2.100"}, false},
		{"{contains: ok}", KindString, "all ok here", true},
		{`{matches: "^https://"}`, KindString, "https://example.com/", true},
		{`{matches: "^https://"}`, KindString, "http://example.com/", false},
		{`{matches: "^10\\."}`, KindList, []string{"192.0.2.1", "10.0.0.1"}, true},
		{"{not: {contains: 0.0.0.0}}", KindList, []string{"192.0.2.1"}, true},
		{"{not: {contains: 0.0.0.0}}", KindList, []string{"0.0.0.0"}, false},
		{"{not: [1, 2]}", KindInt, int64(3), true},
		{"192.0.2.1", KindIP, "192.0.2.1", true},
		{"[]", KindList, []string{}, true},
		{"[]", KindList, []string{"sda"}, false},
		{`"== []"`, KindList, []string{}, true},
		{`"!= []"`, KindList, []string{"sda"}, true},
		{"[]", KindRecords, []map[string]any{}, true},
		{"[]", KindRecords, disksRecords, false},
		{"{contains: sdb}", KindRecords, disksRecords, true},
		{"{contains: sdc}", KindRecords, disksRecords, false},
		{`{matches: "util_percent=98"}`, KindRecords, disksRecords, true},
		{`{matches: "^sda "}`, KindRecords, disksRecords, true},
		{"{not: {contains: sda}}", KindRecords, disksRecords, false},
	}
	for _, c := range cases {
		m, err := parse(t, c.matcher, c.kind)
		if err != nil {
			t.Errorf("%s (%s): unexpected error %v", c.matcher, c.kind, err)
			continue
		}
		if got := m.Match(c.value, true); got != c.want {
			t.Errorf("%s (%s) on %v = %v, want %v", c.matcher, c.kind, c.value, got, c.want)
		}
	}
}

// An unmet assertion's observed text is cut only past its limit, and
// then says how long it was.
func TestAbbreviateCutsOnlyPastTheLimit(t *testing.T) {
	exact := strings.Repeat("a", 80)
	if got := Abbreviate(exact, 80); got != exact {
		t.Errorf("80 characters at a limit of 80 = %q, want them whole", got)
	}
	if got, want := Abbreviate(exact+"b", 80), `"`+exact+`"… (81 B in all)`; got != want {
		t.Errorf("81 characters at a limit of 80 = %q, want %q", got, want)
	}
	// The limit counts characters, not bytes: é, two bytes, is the 80th.
	if got, want := Abbreviate(strings.Repeat("a", 79)+"éb", 80), `"`+strings.Repeat("a", 79)+`é"… (82 B in all)`; got != want {
		t.Errorf("a cut through é = %q, want %q", got, want)
	}
}

func TestMatcherAbsentValueNeverMatches(t *testing.T) {
	for _, src := range []string{"true", `"< 300ms"`, "{not: {contains: x}}", "[1, 2]"} {
		kind := map[string]Kind{"true": KindBool, `"< 300ms"`: KindDuration, "{not: {contains: x}}": KindList, "[1, 2]": KindInt}[src]
		m, err := parse(t, src, kind)
		if err != nil {
			t.Fatal(err)
		}
		if m.Match(nil, false) {
			t.Errorf("%s matched a value that was not observed", src)
		}
	}
}

func TestMatcherIllTyped(t *testing.T) {
	cases := []struct {
		matcher string
		kind    Kind
		wantErr string
	}{
		{`"< 5 apples"`, KindDuration, "bad duration"},
		{`"> 3"`, KindBool, "only be compared with == or !="},
		{`"< 300"`, KindDuration, "unit"},
		{`"> 10 parsecs"`, KindBytes, "bad size"},
		{"{contains: x}", KindInt, "contains applies to strings and lists"},
		{`{matches: "("}`, KindString, "bad regular expression"},
		{"{matches: x}", KindBool, "matches applies to"},
		{"{contain: x}", KindString, `did you mean "contains"`},
		{"{contains: a, matches: b}", KindString, "exactly one key"},
		{"x", KindList, "use {contains: x}"},
		{"[a, b]", KindList, "use {contains: x}"},
		{"maybe", KindBool, "want true or false"},
		{"fast", KindInt, "whole number"},
		{"[]", KindInt, "empty list"},
		{"300.5.1", KindIP, "IP address"},
		{`"< abc"`, KindPercent, "bad percentage"},
	}
	for _, c := range cases {
		_, err := parse(t, c.matcher, c.kind)
		if err == nil || !strings.Contains(err.Error(), c.wantErr) {
			t.Errorf("%s (%s): error %v, want one containing %q", c.matcher, c.kind, err, c.wantErr)
		}
	}
}

func TestMatcherTextIsAsWritten(t *testing.T) {
	for src, want := range map[string]string{
		`"< 85%"`:                    "< 85%",
		"[200, 204]":                 "[200, 204]",
		"{not: {contains: 0.0.0.0}}": "{not: {contains: 0.0.0.0}}",
		`{matches: "^https://"}`:     "{matches: ^https://}",
	} {
		kind := KindInt
		if strings.Contains(src, "%") {
			kind = KindPercent
		} else if strings.Contains(src, "{") {
			kind = KindList
		}
		m, err := parse(t, src, kind)
		if err != nil {
			t.Fatal(err)
		}
		if m.Text() != want {
			t.Errorf("Text of %s = %q, want %q", src, m.Text(), want)
		}
	}
}

func TestEvaluateRecordsEveryUnmetAssertion(t *testing.T) {
	as := []Assertion{}
	for field, src := range map[string]string{"used_percent": `"< 85%"`, "read_only": "false", "free": `">= 5GiB"`} {
		kind := map[string]Kind{"used_percent": KindPercent, "read_only": KindBool, "free": KindBytes}[field]
		m, err := parse(t, src, kind)
		if err != nil {
			t.Fatal(err)
		}
		as = append(as, Assertion{Field: field, Kind: kind, Matcher: m})
	}
	if unmet := Evaluate(as, map[string]any{"used_percent": 50.0, "read_only": false, "error_kind": ""}, "warn", true); len(unmet) != 0 {
		t.Errorf("a field the working probe did not observe does not apply, yet: %+v", unmet)
	}
	unmet := Evaluate(as, map[string]any{"used_percent": 91.2, "read_only": false, "error_kind": "timeout"}, "warn", true)
	if len(unmet) != 2 {
		t.Fatalf("unmet = %+v, want free and used_percent", unmet)
	}
	if unmet[0].Field != "free" || unmet[0].Observed != nil || unmet[0].Level != "warn" {
		t.Errorf("unmet[0] = %+v, want free not observed", unmet[0])
	}
	if unmet[1].Field != "used_percent" || unmet[1].Matcher != "< 85%" || unmet[1].Observed != 91.2 {
		t.Errorf("unmet[1] = %+v", unmet[1])
	}
	if got := unmet[1].Describe(); got != "used_percent is 91.2, wants < 85%" {
		t.Errorf("Describe = %q", got)
	}
}

// TestUnmetInFieldOrder: a check's unmet assertions come in field order
// every run, whatever order its assertions were parsed in (a type's
// defaults come from a map).
func TestUnmetInFieldOrder(t *testing.T) {
	typ, _ := Lookup("dns.resolve")
	for range 10 {
		as := typ.ParseAssertions(Assertions{"rcode": "NOERROR", "answer_count": ">= 1", "latency": "< 1s", "truncated": false})
		var fields []string
		for _, u := range Evaluate(as, map[string]any{"error_kind": "timeout"}, StatusFail, false) {
			fields = append(fields, u.Field)
		}
		expectList(t, "unmet fields", fields, "answer_count", "latency", "rcode", "truncated")
	}
}
