package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/checks"
)

func TestOneLine(t *testing.T) {
	healthy := fixture()
	healthy.Results, healthy.Causes = healthy.Results[:1], []Cause{}
	healthy.Tally()
	warned := fixture()
	warned.Results, warned.Causes = warned.Results[4:5], []Cause{}
	warned.Tally()
	twoCauses := fixture()
	twoCauses.Causes = append(twoCauses.Causes, Cause{Check: "battery", Status: checks.StatusError, Message: "x"})
	interrupted := fixture()
	interrupted.Run.Interrupted = true
	long := fixture()
	long.Causes[0].Message = strings.Repeat("word ", 60) + "\x1b[2Jend\nsecond line"
	cases := []struct {
		name string
		r    *Report
		want string
	}{
		{"healthy", healthy, "PASS · 1 of 1 checks passed · host ws-042 · 2026-11-22 10:00 UTC · run K3M9QX2P"},
		{"warned", warned, "WARN · disk-root: / is 91% full (8.9 GiB free) · host ws-042 · 2026-11-22 10:00 UTC · run K3M9QX2P"},
		{"causes", twoCauses, "ERROR · route: no default route (+1 more cause) · host ws-042 · 2026-11-22 10:00 UTC · run K3M9QX2P"},
		{"interrupted", interrupted, "INTERRUPTED · route: no default route · host ws-042 · 2026-11-22 10:00 UTC · run K3M9QX2P"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := (OneLine{}).Render(&buf, c.r); err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSuffix(buf.String(), "\n"); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
	var buf bytes.Buffer
	(OneLine{}).Render(&buf, long)
	if strings.Count(buf.String(), "\n") != 1 || len([]rune(buf.String())) > 220 || !strings.Contains(buf.String(), "…") {
		t.Errorf("a long message must be cut to one short line: %q", buf.String())
	}
}

func TestRunIDsAreShortAndDiffer(t *testing.T) {
	a, b := NewRunID(), NewRunID()
	if len(a) != 8 || a == b || strings.Trim(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
		t.Errorf("run ids %q and %q", a, b)
	}
}
