package checks

import "time"

// Params are a check's `with` values after references were resolved and
// defaults applied, each converted to its declared Kind.
type Params map[string]any

// String returns a string parameter ("" when absent).
func (p Params) String(name string) string { s, _ := p[name].(string); return s }

// Int returns an int parameter (0 when absent).
func (p Params) Int(name string) int64 { n, _ := p[name].(int64); return n }

// Bool returns a bool parameter (false when absent).
func (p Params) Bool(name string) bool { b, _ := p[name].(bool); return b }

// Duration returns a duration parameter (0 when absent).
func (p Params) Duration(name string) time.Duration { d, _ := p[name].(time.Duration); return d }

// List returns a list parameter (nil when absent).
func (p Params) List(name string) []string { l, _ := p[name].([]string); return l }

// Map returns a map parameter (nil when absent).
func (p Params) Map(name string) map[string]string { m, _ := p[name].(map[string]string); return m }
