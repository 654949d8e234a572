package report

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/tsrhq/tsr/checks"
)

// inventorySections are the inventory's parts, in the order a person reads them.
var inventorySections = []string{"host", "cpu", "memory", "root_filesystem", "disks", "gpus", "nics"}

// InventoryRows turns an inventory into rows of fact and value, as `tsr
// inventory` prints them: one row per fact, a row per device of a list.
// Every report format that shows the inventory shows these rows. A fact
// prints as its type says: a checks.Bytes in binary units.
func InventoryRows(inv *checks.Inventory) [][2]string {
	if inv == nil {
		return nil
	}
	parts := inventoryParts(inv)
	sections := append([]string(nil), inventorySections...)
	for _, k := range sortedKeys(inv.Newer) { // parts a newer tsr added, after the known ones
		sections = append(sections, k)
	}
	var rows [][2]string
	for _, section := range sections {
		if why, ok := inv.Unavailable[section]; ok {
			rows = append(rows, [2]string{section, "not available here: " + why})
			continue
		}
		if v, ok := parts[section]; ok {
			rows = append(rows, sectionRows(section, v)...)
			continue
		}
		rows = append(rows, newerRows(section, inv.Newer[section])...)
	}
	return rows
}

// inventoryParts are the known parts an inventory holds, by JSON name.
func inventoryParts(inv *checks.Inventory) map[string]reflect.Value {
	parts := map[string]reflect.Value{}
	v := reflect.ValueOf(inv).Elem()
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		if f := v.Field(i); name != "-" && name != "unavailable" && !f.IsNil() {
			parts[name] = f
		}
	}
	return parts
}

// sectionRows are a part's rows: one per fact of a single thing (cpu,
// memory), one per device of a list, "none found" for an empty list.
func sectionRows(section string, v reflect.Value) [][2]string {
	var rows [][2]string
	if v.Kind() == reflect.Slice {
		if v.Len() == 0 {
			return [][2]string{{section, "none found"}}
		}
		for i := range v.Len() {
			rows = append(rows, [2]string{fmt.Sprintf("%s[%d]", section, i), factText(v.Index(i))})
		}
		return rows
	}
	for _, f := range facts(v.Elem()) {
		rows = append(rows, [2]string{section + "." + f.name, factText(f.value)})
	}
	return rows
}

type fact struct {
	name  string
	value reflect.Value
}

// facts are a struct's fields that its JSON holds, in JSON name order.
func facts(v reflect.Value) []fact {
	var out []fact
	t := v.Type()
	for i := range t.NumField() {
		name, opts, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		f := v.Field(i)
		if name == "-" || (strings.Contains(opts, "omit") && f.IsZero()) || f.Kind() == reflect.Slice && f.Len() == 0 {
			continue
		}
		out = append(out, fact{name, f})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// factText prints a fact for a person: sizes in binary units, a device as
// its name=value pairs (without the lists inside it), a list joined by "; ".
func factText(v reflect.Value) string {
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	switch {
	case v.Type() == reflect.TypeFor[checks.Bytes]():
		return checks.FormatBytes(v.Int())
	case v.Kind() == reflect.Struct:
		var parts []string
		for _, f := range facts(v) {
			if f.value.Kind() != reflect.Slice {
				parts = append(parts, f.name+"="+factText(f.value))
			}
		}
		return strings.Join(parts, " ")
	case v.Kind() == reflect.Slice:
		parts := make([]string, v.Len())
		for i := range v.Len() {
			parts[i] = factText(v.Index(i))
		}
		return strings.Join(parts, "; ")
	}
	return valueText(v.Interface())
}

// newerRows show a part a newer tsr wrote as it is: this tsr does not know
// its facts' units.
func newerRows(section string, v any) [][2]string {
	switch x := v.(type) {
	case map[string]any:
		var rows [][2]string
		for _, k := range sortedKeys(x) {
			rows = append(rows, [2]string{section + "." + k, valueText(x[k])})
		}
		return rows
	case []any:
		if len(x) == 0 {
			return [][2]string{{section, "none found"}}
		}
		var rows [][2]string
		for i, item := range x {
			rows = append(rows, [2]string{fmt.Sprintf("%s[%d]", section, i), valueText(item)})
		}
		return rows
	case nil:
		return nil
	}
	return [][2]string{{section, valueText(v)}}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
