package report

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
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
	order := map[string]int{Error: 0, Fail: 1, Warn: 2, Skip: 3, Pass: 4}
	sort.SliceStable(out, func(i, j int) bool { return order[out[i].Status] < order[out[j].Status] })
	return out
}
