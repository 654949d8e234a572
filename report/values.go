package report

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

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
	errorKind := checks.ErrorKindField.Name
	keys := make([]string, 0, len(m))
	for k := range m {
		if k != errorKind {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if _, ok := m[errorKind]; ok {
		keys = append(keys, errorKind)
	}
	return keys
}

// worstFirst returns the results ordered as Status.Rank orders them,
// worst first (error, fail, warn, pass, skip), keeping playbook order
// among equals: what a reader must see first.
func worstFirst(results []Result) []Result {
	out := append([]Result(nil), results...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Status.Rank() > out[j].Status.Rank() })
	return out
}

// fieldText prints an observed value in the unit its result's units name
// (Result.Units), for a person: sizes in binary units (GiB), durations
// (recorded in ms) as 12ms, 1.5s or 3d4h, percents with %, and counts of
// days as days. An empty list is "none"; a list of records is one record
// per item, each field in the unit its check declared for it.
func fieldText(field string, v any, units map[string]checks.Unit) string {
	switch x := v.(type) {
	case []any:
		if len(x) == 0 {
			return "none"
		}
		if _, records := x[0].(map[string]any); records {
			return recordsText(field, x, units)
		}
	case map[string]any:
		return recordText(field, x, units)
	}
	if s, ok := units[field].Text(v); ok {
		return s
	}
	return valueText(v)
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
func unmetText(u checks.Unmet, units map[string]checks.Unit) string {
	seen := u.Field + " is " + fieldText(u.Field, u.Observed, units)
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

// recordsText prints an observed list of records (a check's top
// programs), one record after another.
func recordsText(field string, list []any, units map[string]checks.Unit) string {
	parts := make([]string, len(list))
	for i, e := range list {
		if r, ok := e.(map[string]any); ok {
			parts[i] = recordText(field, r, units)
		} else {
			parts[i] = valueText(e)
		}
	}
	return strings.Join(parts, "; ")
}

// recordText prints one record of the observed field as name=value pairs,
// each value in the unit the check declared for that field of its
// records (units[checks.UnitKey(field, name)]): "name=java pid=4242
// rss=1.5 GiB". A value without a unit prints as the number it is,
// whatever its name.
func recordText(field string, r map[string]any, units map[string]checks.Unit) string {
	var parts []string
	for _, k := range sortedKeys(r) {
		if _, nested := r[k].([]any); nested {
			continue
		}
		text, ok := units[checks.UnitKey(field, k)].Text(r[k])
		if !ok {
			text = valueText(r[k])
		}
		parts = append(parts, k+"="+text)
	}
	return strings.Join(parts, " ")
}
