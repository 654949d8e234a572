package report

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tsrhq/tsr/checks"
)

// valueText prints an observed value (as JSON decodes it) for a person.
func valueText(v any) string {
	switch x := v.(type) {
	case nil:
		return "(not observed)"
	case string:
		if x == "" {
			return `""`
		}
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = valueText(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		b, _ := json.Marshal(x)
		return string(b)
	}
	return fmt.Sprint(v)
}

// observedKeys lists a result's observed fields in a stable order, with
// error_kind last.
func observedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		if k != "error_kind" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if _, ok := m["error_kind"]; ok {
		keys = append(keys, "error_kind")
	}
	return keys
}

// worstFirst returns the results ordered error, fail, warn, skip, pass,
// keeping playbook order among equals: what a reader must see first.
func worstFirst(results []Result) []Result {
	out := append([]Result(nil), results...)
	order := map[checks.Status]int{checks.StatusError: 0, checks.StatusFail: 1, checks.StatusWarn: 2, checks.StatusSkip: 3, checks.StatusPass: 4}
	sort.SliceStable(out, func(i, j int) bool { return order[out[i].Status] < order[out[j].Status] })
	return out
}

// fieldText prints an observed value in its unit, for a person: sizes in
// binary units (GiB), durations (recorded in ms) as 12ms, 1.5s or 3d4h,
// percents with %, and counts of days as days. An empty list is "none".
func fieldText(field string, v any, unit string) string {
	n, numeric := number(v)
	switch {
	case !numeric:
		switch x := v.(type) {
		case []any:
			if len(x) == 0 {
				return "none"
			}
			if _, records := x[0].(map[string]any); records { // a list of records: one per item, sizes in units
				return recordText(field, x)
			}
		case map[string]any:
			return recordText(field, x)
		}
		return valueText(v)
	case unit == "bytes":
		return checks.FormatBytes(int64(n))
	case unit == "ms":
		return checks.FormatDuration(time.Duration(n * float64(time.Millisecond)))
	case unit == "percent":
		return strconv.FormatFloat(n, 'f', -1, 64) + "%"
	case strings.HasSuffix(field, "days_left") || strings.HasSuffix(field, "_days"):
		if n == 1 {
			return "1 day"
		}
		return strconv.FormatFloat(n, 'f', -1, 64) + " days"
	}
	return valueText(v)
}

// number reads a numeric observed value, as decoded JSON or as Go built it.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// shownKeys lists the observed fields worth a row: those that hold
// something (an empty error_kind, an empty name say nothing), in
// observedKeys' order.
func shownKeys(m map[string]any) []string {
	var out []string
	for _, k := range observedKeys(m) {
		if v := m[k]; v != nil && v != "" {
			out = append(out, k)
		}
	}
	return out
}

// unmetText says in words what did not hold: "used_percent is 91.2%; it
// should be under 85%", "answer_count was not observed; it should be at
// least 1".
func unmetText(u checks.Unmet, unit string) string {
	seen := u.Field + " is " + fieldText(u.Field, u.Observed, unit)
	if u.Observed == nil {
		seen = u.Field + " was not observed"
	}
	return seen + "; it should be " + matcherWords(u.Matcher)
}

// matcherWords turns a matcher as written ("< 300ms", "[200, 204]",
// "{not: {contains: x}}") into words ("under 300ms", "one of 200, 204",
// "not containing x").
func matcherWords(m string) string {
	for _, op := range []struct{ sign, words string }{{"<=", "at most"}, {">=", "at least"}, {"==", ""}, {"!=", "anything but"}, {"<", "under"}, {">", "over"}} {
		if rest, ok := strings.CutPrefix(m, op.sign); ok {
			return strings.TrimSpace(op.words + " " + strings.TrimSpace(rest))
		}
	}
	if inner, ok := cutBraces(m, "{not: "); ok {
		return "not " + strings.TrimPrefix(matcherWords(inner), "to be ")
	}
	if inner, ok := cutBraces(m, "{contains: "); ok {
		return "containing " + inner
	}
	if inner, ok := cutBraces(m, "{matches: "); ok {
		return "matching the pattern " + inner
	}
	if strings.HasPrefix(m, "[") && strings.HasSuffix(m, "]") {
		var parts []string
		for _, p := range strings.Split(m[1:len(m)-1], ", ") {
			if p == "" || p == `""` {
				p = "empty"
			}
			parts = append(parts, p)
		}
		return "one of " + strings.Join(parts, ", ")
	}
	if m == "" || m == `""` {
		return "empty"
	}
	return m
}

func cutBraces(s, prefix string) (string, bool) {
	if strings.HasPrefix(s, prefix) && strings.HasSuffix(s, "}") {
		return s[len(prefix) : len(s)-1], true
	}
	return "", false
}

// qualifiedID names a result playbook/id when several playbooks ran: they
// may share ids (both have a "link").
func qualifiedID(r *Report, res Result) string {
	if len(r.Playbooks) > 1 {
		return res.Playbook + "/" + res.ID
	}
	return res.ID
}

// recordText prints an observed list of records (a check's top programs)
// or one record: name=value pairs, sizes in binary units. A record's
// fields carry no unit of their own (Units names the whole field's), so
// sizes are known here by their names (rss).
func recordText(key string, v any) string {
	switch x := v.(type) {
	case map[string]any:
		var parts []string
		for _, k := range sortedKeys(x) {
			if _, nested := x[k].([]any); nested {
				continue
			}
			parts = append(parts, k+"="+recordText(k, x[k]))
		}
		return strings.Join(parts, " ")
	case []any:
		var parts []string
		for _, e := range x {
			parts = append(parts, recordText("", e))
		}
		return strings.Join(parts, "; ")
	}
	if n, ok := number(v); ok && recordSizeKey(key) {
		return checks.FormatBytes(int64(n))
	}
	return valueText(v)
}

// recordSizeKey says a record's field of this name is a size in bytes.
func recordSizeKey(key string) bool {
	return key == "rss" || key == "size" || strings.HasSuffix(key, "bytes")
}
