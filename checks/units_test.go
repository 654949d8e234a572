package checks

import (
	"strings"
	"testing"
	"time"
)

func TestParseBytes(t *testing.T) {
	for in, want := range map[string]int64{
		"512": 512, "512B": 512, "1KB": 1000, "1KiB": 1024, "512MB": 512_000_000,
		"10GiB": 10 << 30, "1.5GiB": 3 << 29, "2 TB": 2e12, "1gib": 1 << 30,
	} {
		got, err := ParseBytes(in)
		if err != nil || got != want {
			t.Errorf("ParseBytes(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "GiB", "10 parsecs", "-1GB", "1.2.3MB"} {
		if _, err := ParseBytes(bad); err == nil {
			t.Errorf("ParseBytes(%q) accepted a bad size", bad)
		}
	}
}

func TestFormatForPeople(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 9556302848: "8.9 GiB"} {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
	for d, want := range map[time.Duration]string{
		1234567 * time.Nanosecond: "1.2ms", 2*time.Second + 345*time.Millisecond: "2.35s", 10*time.Minute + 400*time.Millisecond: "10m0s",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
	if got := KindPercent.Format(91.23); got != "91.2%" {
		t.Errorf("percent format = %q", got)
	}
}

func TestKindJSONUnits(t *testing.T) {
	if got := KindDuration.JSON(1500 * time.Microsecond); got != 1.5 {
		t.Errorf("duration JSON = %v, want 1.5 (ms)", got)
	}
	if got := KindBytes.JSON("1KiB"); got != int64(1024) {
		t.Errorf("bytes JSON = %v, want 1024", got)
	}
	if got := KindInt.JSON(7); got != int64(7) {
		t.Errorf("int JSON = %#v", got)
	}
}

func TestDidYouMean(t *testing.T) {
	names := []string{"net.tcp", "net.http", "dns.resolve"}
	for in, want := range map[string]string{
		"net.tpc": `; did you mean "net.tcp"?`, "dns.reslove": `; did you mean "dns.resolve"?`,
		"tcp": `; did you mean "net.tcp"?`, "hw.quantum": "", "zz": "", "x": "",
	} {
		if got := DidYouMean(in, names); got != want {
			t.Errorf("DidYouMean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLongValuesAndDurationsReadWell(t *testing.T) {
	if got := FormatDuration(45*24*time.Hour + 3*time.Hour); got != "45d3h" {
		t.Errorf("45 days = %q", got)
	}
	long := strings.Repeat("x", 100000)
	u := Unmet{Field: "body", Matcher: "{contains: y}", Observed: long}
	if d := u.Describe(); len(d) > 200 || !strings.Contains(d, "97.7 KiB in all") {
		t.Errorf("Describe of a 100 kB body: %d chars: %.120s", len(d), d)
	}
}

func TestParseDurationInDays(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"300ms": 300 * time.Millisecond, "21d": 21 * 24 * time.Hour, "2d12h": 60 * time.Hour, "1d30m": 24*time.Hour + 30*time.Minute,
	} {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if d := 21*24*time.Hour + 3*time.Hour; mustParse(t, FormatDuration(d)) != d {
		t.Errorf("FormatDuration(%v) = %q does not read back", d, FormatDuration(d))
	}
	for _, bad := range []string{"5", "d", "1.5d", "-1d", "2dd", "3 days"} {
		if _, err := ParseDuration(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("ParseDuration(%q) = %v, want an error naming it", bad, err)
		}
	}
}

func mustParse(t *testing.T, s string) time.Duration {
	t.Helper()
	d, err := ParseDuration(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
