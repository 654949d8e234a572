package checks

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
)

// inventoryPlain is Inventory without its JSON methods.
type inventoryPlain Inventory

// MarshalJSON writes the inventory with the parts a newer tsr wrote
// (Newer) among the known ones, every key in order.
func (inv Inventory) MarshalJSON() ([]byte, error) {
	b, err := marshalNoEscape(inventoryPlain(inv))
	if err != nil || len(inv.Newer) == 0 {
		return b, err
	}
	var parts map[string]any
	if err := json.Unmarshal(b, &parts); err != nil {
		return nil, err
	}
	for k, v := range inv.Newer {
		if _, known := parts[k]; !known {
			parts[k] = v
		}
	}
	return marshalNoEscape(parts)
}

// UnmarshalJSON reads a saved inventory, keeping the parts this tsr does
// not know in Newer.
func (inv *Inventory) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, (*inventoryPlain)(inv)); err != nil {
		return err
	}
	var parts map[string]any
	if err := json.Unmarshal(b, &parts); err != nil {
		return err
	}
	inv.Newer = nil
	for k, v := range parts {
		if !inventoryParts()[k] {
			if inv.Newer == nil {
				inv.Newer = map[string]any{}
			}
			inv.Newer[k] = v
		}
	}
	return nil
}

// marshalNoEscape leaves <, > and & as they are: the encoder that asked
// escapes them if it wants to.
func marshalNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// inventoryParts are the JSON names of the parts this tsr knows.
var inventoryParts = sync.OnceValue(func() map[string]bool {
	known := map[string]bool{}
	t := reflect.TypeFor[Inventory]()
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "-" {
			known[name] = true
		}
	}
	return known
})

// Clone is a deep copy of the inventory (nil stays nil), for a view that
// rewrites its strings.
func (inv *Inventory) Clone() *Inventory {
	if inv == nil {
		return nil
	}
	b, err := json.Marshal(inv)
	var c Inventory
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil { // cannot happen: every field is plain data
		panic("checks: copying an inventory: " + err.Error())
	}
	return &c
}

// EachString calls f with every string fact of the known parts and its
// JSON name ("serial", "hostname"), to rewrite it in place (redaction).
// The parts a newer tsr wrote are in Newer.
func (inv *Inventory) EachString(f func(name string, s *string)) {
	if inv != nil {
		eachString(reflect.ValueOf(inv).Elem(), "", f)
	}
}

func eachString(v reflect.Value, name string, f func(string, *string)) {
	switch v.Kind() {
	case reflect.String:
		f(name, v.Addr().Interface().(*string))
	case reflect.Pointer:
		if !v.IsNil() {
			eachString(v.Elem(), name, f)
		}
	case reflect.Slice:
		for i := range v.Len() {
			eachString(v.Index(i), name, f)
		}
	case reflect.Map: // Unavailable: the reasons, each under its part's name
		if v.Type().Elem().Kind() != reflect.String {
			return
		}
		for _, k := range v.MapKeys() {
			s := v.MapIndex(k).String()
			f(k.String(), &s)
			v.SetMapIndex(k, reflect.ValueOf(s))
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if field, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); field != "-" {
				eachString(v.Field(i), field, f)
			}
		}
	}
}
