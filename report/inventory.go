package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tsrhq/tsr/checks"
)

// inventorySections are the inventory's parts, in the order a person reads them.
var inventorySections = []string{"host", "cpu", "memory", "root_filesystem", "disks", "gpus", "nics"}

// InventoryRows turns an inventory into rows of fact and value, as `tsr
// inventory` prints them: one row per fact, a row per device of a list,
// sizes in binary units. Every report format that shows the inventory
// shows these rows.
func InventoryRows(inv map[string]any) [][2]string {
	var rows [][2]string
	sections := append([]string(nil), inventorySections...)
	for _, k := range sortedKeys(inv) { // parts a newer tsr added, after the known ones
		if !contains(sections, k) {
			sections = append(sections, k)
		}
	}
	unavailable, _ := inv["unavailable"].(map[string]any)
	for _, section := range sections {
		if why, ok := unavailable[section]; ok {
			rows = append(rows, [2]string{section, fmt.Sprintf("not available here: %v", why)})
			continue
		}
		if section == "unavailable" {
			continue
		}
		switch v := inv[section].(type) {
		case map[string]any:
			for _, k := range sortedKeys(v) {
				rows = append(rows, [2]string{section + "." + k, factText(k, v[k])})
			}
		case []any:
			if len(v) == 0 {
				rows = append(rows, [2]string{section, "none found"})
			}
			for i, item := range v {
				rows = append(rows, [2]string{fmt.Sprintf("%s[%d]", section, i), factText("", item)})
			}
		case nil:
		default:
			rows = append(rows, [2]string{section, factText(section, v)})
		}
	}
	return rows
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// factText prints a fact for a person: sizes in binary units, a device as
// its key=value pairs.
func factText(key string, v any) string {
	switch x := v.(type) {
	case map[string]any:
		var parts []string
		for _, k := range sortedKeys(x) {
			if _, nested := x[k].([]any); nested {
				continue
			}
			parts = append(parts, k+"="+factText(k, x[k]))
		}
		return strings.Join(parts, " ")
	case []any:
		var parts []string
		for _, e := range x {
			parts = append(parts, factText("", e))
		}
		return strings.Join(parts, "; ")
	}
	if n, ok := number(v); ok && sizeKey(key) {
		return checks.FormatBytes(int64(n))
	}
	return valueText(v)
}

// sizeKey says a fact of this name is a size in bytes.
func sizeKey(key string) bool {
	return key == "total" || key == "used" || key == "rss" || key == "available" || key == "free" || key == "size" || key == "physical" ||
		strings.HasSuffix(key, "_total") || strings.HasSuffix(key, "bytes")
}
