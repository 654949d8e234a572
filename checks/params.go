package checks

import (
	"fmt"
	"net/netip"
	"net/url"
	"time"
)

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

// Validators for Param.Check: they refuse a value that cannot work before
// anything runs.

// Between accepts whole numbers from lo to hi.
func Between(lo, hi int64) func(any) error {
	return func(v any) error {
		if n, _ := v.(int64); n < lo || n > hi {
			return fmt.Errorf("%d is out of range: use %d to %d", n, lo, hi)
		}
		return nil
	}
}

// AtLeast accepts lists of at least n elements.
func AtLeast(n int) func(any) error {
	return func(v any) error {
		if l, _ := v.([]string); len(l) < n {
			return fmt.Errorf("give at least %d, not %d", n, len(l))
		}
		return nil
	}
}

// HTTPURL accepts absolute http:// and https:// addresses.
func HTTPURL(v any) error {
	s, _ := v.(string)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http:// or https:// address", s)
	}
	return nil
}

// DNSServer accepts "system", an IP address, or IP:port.
func DNSServer(v any) error {
	s, _ := v.(string)
	if s == "system" {
		return nil
	}
	if _, err := netip.ParseAddr(s); err == nil {
		return nil
	}
	if _, err := netip.ParseAddrPort(s); err == nil {
		return nil
	}
	return fmt.Errorf("%q: write system, an IP address or IP:port", s)
}
