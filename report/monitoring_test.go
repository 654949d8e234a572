package report

import (
	"bytes"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/checks"
)

// node_exporter's textfile collector drops a whole file that Prometheus's
// own checker refuses, so the output must pass `promtool check metrics`.
func TestPrometheusPassesPromtool(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		t.Skip("needs promtool (Debian package prometheus) to check the exposition format")
	}
	r := fixture()
	// Values that need escaping in labels must not break the format.
	r.Results[0].ID = `link "eth0"\n`
	r.Results[1].Playbook = "line\nbreak"
	var buf bytes.Buffer
	if err := (Prometheus{}).Render(&buf, r); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = bytes.NewReader(buf.Bytes())
	out, err := cmd.CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Fatalf("promtool check metrics: %v\n%s\n--- input:\n%s", err, out, buf.String())
	}
}

func TestPrometheusGauges(t *testing.T) {
	r := fixture()
	r.Results = append(r.Results, Result{ID: "web", Uses: "net.http", Playbook: "default", Status: checks.StatusPass, Severity: "high",
		Observed: map[string]any{"latency": 12.5, "status": 200.0, "error_kind": ""},
		Units:    map[string]checks.Unit{"latency": "ms", "status": "number"}},
		Result{ID: "old", Uses: "hw.disk", Playbook: "default", Status: checks.StatusPass, // a report from before units were recorded
			Observed: map[string]any{"used_percent": 40.0, "total": 100.0, "error_kind": ""}})
	var buf bytes.Buffer
	if err := (Prometheus{}).Render(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`tsr_observed{playbook="default",check="web",uses="net.http",field="latency"} 0.0125`,
		`tsr_observed{playbook="default",check="old",uses="hw.disk",field="used_percent"} 40`,
		`tsr_check_root_cause{playbook="default",check="route",uses="net.route"} 1`,
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("missing %s", want)
		}
	}
	for _, unwanted := range []string{`field="status"`, `check="old",uses="hw.disk",field="total"`} {
		if strings.Contains(out, unwanted) {
			t.Errorf("%s is no gauge, but was written", unwanted)
		}
	}
}

func TestNagiosState(t *testing.T) {
	mk := func(statuses ...checks.Status) *Report {
		r := &Report{Schema: Schema, Causes: []Cause{}}
		for i, s := range statuses {
			r.Results = append(r.Results, Result{ID: string(rune('a' + i)), Status: s, Message: "m" + string(s), SkipReason: "r"})
		}
		r.Tally()
		return r
	}
	interrupted := mk(checks.StatusPass, checks.StatusPass)
	interrupted.Run.Interrupted = true
	cases := []struct {
		name  string
		r     *Report
		state int
		line  string
	}{
		{"healthy", mk(checks.StatusPass, checks.StatusSkip), NagiosOK, "TSR OK - 1 check passed, 1 skipped | "},
		{"warning", mk(checks.StatusPass, checks.StatusWarn, checks.StatusWarn), NagiosWarning, "TSR WARNING - b: mwarn; 1 more warning | "},
		{"failed", mk(checks.StatusPass, checks.StatusFail, checks.StatusError), NagiosCritical, "TSR CRITICAL - "},
		{"could not look", mk(checks.StatusPass, checks.StatusError), NagiosUnknown, "TSR UNKNOWN - "},
		{"all skipped", mk(checks.StatusSkip, checks.StatusSkip), NagiosUnknown, "TSR UNKNOWN - nothing could be checked: 2 of 2 checks skipped | "},
		{"interrupted", interrupted, NagiosUnknown, "TSR UNKNOWN - the run stopped before the end; 2 of 2 checks passed | "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := NagiosState(c.r); got != c.state {
				t.Errorf("state %d, want %d", got, c.state)
			}
			var buf bytes.Buffer
			if err := (Nagios{}).Render(&buf, c.r); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(buf.String(), c.line) {
				t.Errorf("first line %q, want it to start with %q", strings.SplitN(buf.String(), "\n", 2)[0], c.line)
			}
		})
	}
}

// A message with a line break or a '|' must not end the plugin's first
// line or start its perfdata early.
func TestNagiosKeepsMessagesOnTheirLine(t *testing.T) {
	r := fixture()
	r.Causes[0].Message = "no route | really\nsecond line"
	var buf bytes.Buffer
	if err := (Nagios{}).Render(&buf, r); err != nil {
		t.Fatal(err)
	}
	first := strings.SplitN(buf.String(), "\n", 2)[0]
	if strings.Count(first, "|") != 1 || !strings.Contains(first, "no route / really second line") {
		t.Errorf("first line %q", first)
	}
}

// Milliseconds become seconds without binary noise in the last digits.
func TestSecondsOfMillisecondsHaveNoNoise(t *testing.T) {
	for ms, want := range map[float64]string{0.234: "0.000234", 1234: "1.234", 1.35578: "0.00135578", 0: "0"} {
		if got := strconv.FormatFloat(secondsOfMS(ms), 'f', -1, 64); got != want {
			t.Errorf("%v ms = %s s, want %s", ms, got, want)
		}
	}
}
