package checks

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/miekg/dns"
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

// DNSServer accepts "system", an IP address, or IP:port, as serversFor
// reads them.
func DNSServer(v any) error {
	s, _ := v.(string)
	if strings.EqualFold(s, "system") {
		return nil
	}
	if _, ok := serverAddr(s); ok {
		return nil
	}
	return fmt.Errorf("%q: write system, an IP address or IP:port", s)
}

// DNSName accepts a name DNS can ask for (an IP address is one).
func DNSName(v any) error {
	s, _ := v.(string)
	if _, ok := dns.IsDomainName(s); !ok || s == "" {
		return fmt.Errorf("%q is not a valid DNS name", s)
	}
	return nil
}

// NotEmpty refuses an empty string, for a parameter whose default fills
// it when it is left out.
func NotEmpty(v any) error {
	if s, _ := v.(string); s == "" {
		return errors.New("is empty: leave it out for the default, or give a value")
	}
	return nil
}

// NoShorterThan accepts durations of at least least.
func NoShorterThan(least time.Duration) func(any) error {
	return func(v any) error {
		if d, _ := v.(time.Duration); d < least {
			return fmt.Errorf("%s is too short: use %s or more", FormatDuration(d), FormatDuration(least))
		}
		return nil
	}
}

// Each applies check to every element of a list.
func Each(check func(any) error) func(any) error {
	return func(v any) error {
		l, _ := v.([]string)
		for i, e := range l {
			if err := check(e); err != nil {
				return fmt.Errorf("element %d: %w", i+1, err)
			}
		}
		return nil
	}
}

// AllOf applies every check in turn, up to the first refusal.
func AllOf(checks ...func(any) error) func(any) error {
	return func(v any) error {
		for _, check := range checks {
			if err := check(v); err != nil {
				return err
			}
		}
		return nil
	}
}
