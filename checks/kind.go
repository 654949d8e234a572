package checks

import (
	"fmt"
	"math"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Kind is the type of a parameter or an observed field.
type Kind string

// The kinds of checks.md, plus map for parameters such as HTTP headers.
const (
	KindBool     Kind = "bool"
	KindInt      Kind = "int"
	KindFloat    Kind = "float"
	KindString   Kind = "string"
	KindDuration Kind = "duration"
	KindBytes    Kind = "bytes"
	KindPercent  Kind = "percent"
	KindList     Kind = "list"
	KindIP       Kind = "ip"
	KindMap      Kind = "map"
	// KindRecords is a list of records, each a set of named values (one
	// disk's name, utilisation and latency): []map[string]any.
	KindRecords Kind = "records"
)

// Noun names a value of the kind in a sentence: "port wants a whole
// number", "${checks.tcp.connect_time} is a duration".
func (k Kind) Noun() string {
	switch k {
	case KindBool:
		return "true or false"
	case KindInt:
		return "a whole number"
	case KindFloat:
		return "a number"
	case KindString:
		return "text"
	case KindDuration:
		return "a duration"
	case KindBytes:
		return "a size"
	case KindPercent:
		return "a percentage"
	case KindList:
		return "a list"
	case KindIP:
		return "an IP address"
	case KindMap:
		return "a map of names to values"
	case KindRecords:
		return "a list of records"
	}
	return string(k)
}

func (k Kind) numeric() bool {
	switch k {
	case KindInt, KindFloat, KindDuration, KindBytes, KindPercent:
		return true
	}
	return false
}

// Unit names how the report records a numeric value, so a renderer
// reading a saved report knows it without the check catalogue (the
// report's results[].units).
type Unit string

// The units, the only place their names are written.
const (
	UnitMS      Unit = "ms"      // a duration, in milliseconds
	UnitBytes   Unit = "bytes"   // a size
	UnitPercent Unit = "percent" // a share, 0-100
	UnitNumber  Unit = "number"  // a plain count or measure
	UnitDays    Unit = "days"    // a count of days (Field.Unit: days until a certificate expires)
)

// Unit is the unit of a numeric value of this kind; values of other kinds
// have none ("").
func (k Kind) Unit() Unit {
	switch k {
	case KindDuration:
		return UnitMS
	case KindBytes:
		return UnitBytes
	case KindPercent:
		return UnitPercent
	case KindInt, KindFloat:
		return UnitNumber
	}
	return ""
}

// listLike says whether values of the kind are lists (of strings or records).
func (k Kind) listLike() bool { return k == KindList || k == KindRecords }

// Convert turns a value as YAML decodes it (or as a check observes it) into
// the canonical Go value of the kind: bool, int64, float64, string,
// time.Duration, []string or map[string]string.
func (k Kind) Convert(v any) (any, error) {
	switch k {
	case KindBool:
		return convertBool(v)
	case KindInt:
		return convertInt(v)
	case KindFloat:
		return convertFloat(v)
	case KindString:
		return convertString(v)
	case KindDuration:
		return convertDuration(v)
	case KindBytes:
		return convertBytes(v)
	case KindPercent:
		return convertPercent(v)
	case KindList:
		return convertList(v)
	case KindIP:
		return convertIP(v)
	case KindMap:
		return convertMap(v)
	case KindRecords:
		return toRecords(v)
	}
	return nil, fmt.Errorf("unknown kind %q", k)
}

// convertBool converts v to KindBool (true or false).
func convertBool(v any) (any, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case string:
		if b, err := strconv.ParseBool(x); err == nil {
			return b, nil
		}
	}
	return nil, fmt.Errorf("want true or false, got %s", describe(v))
}

// convertInt converts v to KindInt (a whole number).
func convertInt(v any) (any, error) {
	switch x := v.(type) {
	case int:
		return int64(x), nil
	case int64:
		return x, nil
	case float64:
		if x == math.Trunc(x) {
			return int64(x), nil
		}
	case string:
		if n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64); err == nil {
			return n, nil
		}
	}
	return nil, fmt.Errorf("want a whole number, got %s", describe(v))
}

// convertFloat converts v to KindFloat (a number).
func convertFloat(v any) (any, error) {
	if f, ok := toFloat(v); ok {
		return f, nil
	}
	if s, ok := v.(string); ok {
		if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
			return f, nil
		}
	}
	return nil, fmt.Errorf("want a number, got %s", describe(v))
}

// convertString converts v to KindString (a string).
func convertString(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case bool, int, int64, float64:
		return fmt.Sprint(x), nil
	}
	return nil, fmt.Errorf("want a string, got %s", describe(v))
}

// convertDuration converts v to KindDuration (a duration).
func convertDuration(v any) (any, error) {
	switch x := v.(type) {
	case time.Duration:
		return x, nil
	case string:
		return ParseDuration(x)
	}
	return nil, fmt.Errorf("want a duration with a unit such as 300ms or 5s, got %s", describe(v))
}

// convertBytes converts v to KindBytes (a size).
func convertBytes(v any) (any, error) {
	switch x := v.(type) {
	case int, int64, float64:
		f, _ := toFloat(x)
		return int64(f), nil
	case string:
		return ParseBytes(x)
	}
	return nil, fmt.Errorf("want a size such as 512MB or 10GiB, got %s", describe(v))
}

// convertPercent converts v to KindPercent (a percentage).
func convertPercent(v any) (any, error) {
	switch x := v.(type) {
	case int, int64, float64:
		f, _ := toFloat(x)
		return f, nil
	case string:
		return ParsePercent(x)
	}
	return nil, fmt.Errorf("want a percentage such as 90%%, got %s", describe(v))
}

// convertList converts v to KindList (a list of strings).
func convertList(v any) (any, error) {
	switch x := v.(type) {
	case []string:
		return x, nil
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, err := KindString.Convert(e)
			if err != nil {
				return nil, fmt.Errorf("list element: %w", err)
			}
			out = append(out, s.(string))
		}
		return out, nil
	}
	return nil, fmt.Errorf("want a list, got %s", describe(v))
}

// convertIP converts v to KindIP (an IP address as a string).
func convertIP(v any) (any, error) {
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("want an IP address, got %s", describe(v))
	}
	if _, err := netip.ParseAddr(s); err != nil && s != "" {
		return nil, fmt.Errorf("want an IP address, got %q", s)
	}
	return s, nil
}

// convertMap converts v to KindMap (a map of names to strings).
func convertMap(v any) (any, error) {
	switch x := v.(type) {
	case map[string]string:
		return x, nil
	case map[string]any:
		out := make(map[string]string, len(x))
		for key, e := range x {
			s, err := KindString.Convert(e)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			out[key] = s.(string)
		}
		return out, nil
	}
	return nil, fmt.Errorf("want a map of names to values, got %s", describe(v))
}

// JSON returns the value as the report records it: durations in
// milliseconds, sizes in bytes, percents as plain numbers.
func (k Kind) JSON(v any) any {
	c, err := k.Convert(v)
	if err != nil {
		return v
	}
	switch x := c.(type) {
	case time.Duration:
		return math.Round(float64(x)/float64(time.Microsecond)) / 1000
	case []map[string]any:
		// The report's own form, as JSON decodes it, so that redaction
		// and the renderers walk records like any other value.
		out := make([]any, len(x))
		for i, r := range x {
			out[i] = r
		}
		return out
	}
	return c
}

// Format returns the value in units a person reads: "8.9 GiB", "12ms", "91.2%".
func (k Kind) Format(v any) string {
	c, err := k.Convert(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	switch x := c.(type) {
	case time.Duration:
		return FormatDuration(x)
	case []string:
		return strings.Join(x, ", ")
	case []map[string]any:
		parts := make([]string, len(x))
		for i, r := range x {
			parts[i] = recordText(r)
		}
		return strings.Join(parts, "; ")
	case map[string]string:
		keys := make([]string, 0, len(x))
		for key := range x {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, key := range keys {
			parts[i] = key + "=" + x[key]
		}
		return strings.Join(parts, ", ")
	case float64:
		s := strconv.FormatFloat(x, 'f', -1, 64)
		if k == KindPercent {
			return strconv.FormatFloat(x, 'f', 1, 64) + "%"
		}
		return s
	case int64:
		if k == KindBytes {
			return FormatBytes(x)
		}
		return strconv.FormatInt(x, 10)
	}
	return fmt.Sprint(c)
}

// toRecords accepts records as a check builds them or as JSON decodes them.
func toRecords(v any) ([]map[string]any, error) {
	switch x := v.(type) {
	case []map[string]any:
		return x, nil
	case []any:
		out := make([]map[string]any, 0, len(x))
		for _, e := range x {
			r, ok := e.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("want a list of records (name: value maps), got an element that is %s", describe(e))
			}
			out = append(out, r)
		}
		return out, nil
	}
	return nil, fmt.Errorf("want a list of records, got %s", describe(v))
}

// recordText prints a record for a person: its name first, then the other
// values by key: "sda await_ms=240 util_percent=98".
func recordText(r map[string]any) string {
	keys := make([]string, 0, len(r))
	for key := range r {
		if key != "name" {
			keys = append(keys, key)
		}
	}
	sort.Strings(keys)
	var parts []string
	if name, ok := r["name"]; ok {
		parts = append(parts, fmt.Sprint(name))
	}
	for _, key := range keys {
		parts = append(parts, key+"="+fmt.Sprint(r[key]))
	}
	return strings.Join(parts, " ")
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case time.Duration:
		return float64(x), true
	}
	return 0, false
}

func describe(v any) string {
	switch v.(type) {
	case nil:
		return "nothing"
	case []any, []string, []map[string]any:
		return "a list"
	case map[string]any:
		return "a map"
	case string:
		return fmt.Sprintf("%q", v)
	}
	return fmt.Sprint(v)
}
