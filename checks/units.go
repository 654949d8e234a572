package checks

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseDuration reads a Go duration ("300ms", "1m30s") with days in front
// when wanted ("21d", "2d12h", as FormatDuration writes long ones); a bare
// number is refused because a reader cannot tell which unit was meant.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	written := s
	var days time.Duration
	if n, rest, ok := strings.Cut(s, "d"); ok {
		if dd, err := strconv.ParseUint(n, 10, 16); err == nil {
			days, s = time.Duration(dd)*24*time.Hour, rest
			if s == "" {
				return days, nil
			}
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("bad duration %q: use a number with a unit, such as 300ms, 5s, 2m or 21d", written)
	}
	return days + d, nil
}

var byteUnits = map[string]float64{
	"": 1, "b": 1,
	"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "pb": 1e15,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40, "pib": 1 << 50,
}

// ParseBytes reads a size: 512, 512MB (decimal), 10GiB (binary).
func ParseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i < 0 {
		i = len(t)
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	f, err := strconv.ParseFloat(num, 64)
	mult, ok := byteUnits[unit]
	if err != nil || !ok || f < 0 {
		return 0, fmt.Errorf("bad size %q: use a number with B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)", s)
	}
	return int64(math.Round(f * mult)), nil
}

// ParsePercent reads "90%" or "90".
func ParsePercent(s string) (float64, error) {
	t := strings.TrimSuffix(strings.TrimSpace(s), "%")
	f, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil {
		return 0, fmt.Errorf("bad percentage %q: use a number such as 90%%", s)
	}
	return f, nil
}

// Bytes is a size in bytes: a fact of this type is shown in binary units.
type Bytes int64

func (b Bytes) String() string { return FormatBytes(int64(b)) }

// Mbps is a link speed in megabits per second.
type Mbps int64

// FormatBytes prints a size in binary units with one decimal: "8.9 GiB".
func FormatBytes(n int64) string {
	const unit = 1024
	if n < unit && n > -unit {
		return fmt.Sprintf("%d B", n)
	}
	f, i := float64(n), 0
	for math.Abs(f) >= unit && i < 5 {
		f /= unit
		i++
	}
	return fmt.Sprintf("%.1f %ciB", f, "KMGTP"[i-1])
}

// FormatDuration prints a duration rounded to what a person cares about.
func FormatDuration(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%dd%dh", d/(24*time.Hour), (d%(24*time.Hour))/time.Hour)
	case d >= time.Minute:
		return d.Round(time.Second).String()
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}

// Text prints a number recorded in this unit (as the report records it:
// a size in bytes, a duration in ms) for a person: sizes in binary units
// (23.5 GiB), durations rounded (1.4ms, 3d4h), percents with %, days as
// days. It says false for anything else, a plain number included: the
// report's values and the references in titles and fixes are printed by
// it alike.
func (u Unit) Text(v any) (string, bool) {
	n, ok := reportedNumber(v)
	if !ok {
		return "", false
	}
	switch u {
	case UnitBytes:
		return FormatBytes(int64(n)), true
	case UnitMS:
		return FormatDuration(time.Duration(n * float64(time.Millisecond))), true
	case UnitPercent:
		return strconv.FormatFloat(n, 'f', -1, 64) + "%", true
	case UnitDays:
		if n == 1 {
			return "1 day", true
		}
		return strconv.FormatFloat(n, 'f', -1, 64) + " days", true
	}
	return "", false
}

// reportedNumber reads a numeric value, as decoded JSON or as Go built it.
func reportedNumber(v any) (float64, bool) {
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

// percentOf is part/whole as a percentage with one decimal; 0 of nothing is 0.
func percentOf(part, whole int64) float64 {
	if whole <= 0 {
		return 0
	}
	return math.Round(float64(part)/float64(whole)*1000) / 10
}
