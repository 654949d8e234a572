package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/tsrhq/tsr/checks"
)

func init() {
	registerFormat(Format{Name: "prometheus", Extensions: []string{".prom"}, New: func(Options) Renderer { return Prometheus{} }})
}

// Prometheus writes a report in the text exposition format that
// node_exporter's textfile collector reads (-o /var/lib/node_exporter/tsr.prom).
// Every status is a series of its own with the value 1 or 0 (a "state set"),
// so an alert says `tsr_check_status{status="fail"} == 1` and no code table
// is needed. The file is written through a temporary file and a rename
// (WriteFile), as the collector requires.
type Prometheus struct{}

// identifierFields are numbers that name something rather than measure it:
// no use as a gauge.
var identifierFields = map[string]bool{"port": true, "metric": true, "status": true, "exit_code": true, "pid": true}

// Render writes the metrics.
func (Prometheus) Render(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	p := promWriter{w: bw}

	p.family("tsr_run_timestamp_seconds", "When the tsr run started, as seconds since the Unix epoch.")
	started, _ := time.Parse(time.RFC3339, r.Run.Started)
	p.sample("tsr_run_timestamp_seconds", nil, float64(started.Unix()))
	p.family("tsr_run_duration_seconds", "How long the tsr run took.")
	p.sample("tsr_run_duration_seconds", nil, secondsOfMS(float64(r.Run.DurationMS)))
	p.family("tsr_run_interrupted", "1 when the run was interrupted or reached its --timeout before every check ran.")
	p.sample("tsr_run_interrupted", nil, boolValue(r.Run.Interrupted || r.Run.TimedOut))
	p.family("tsr_run_status", "The run's overall status: 1 for the status it ended with, 0 for the others.")
	for _, s := range checks.Statuses {
		p.sample("tsr_run_status", []string{"status", string(s)}, boolValue(r.Status == s))
	}

	p.family("tsr_check_status", "Each check's status: 1 for the status it ended with, 0 for the others.")
	for _, res := range r.Results {
		for _, s := range checks.Statuses {
			p.sample("tsr_check_status", append(checkLabels(res), "severity", string(res.Severity), "status", string(s)), boolValue(res.Status == s))
		}
	}
	p.family("tsr_check_root_cause", "1 when the check is a root cause of the run (it failed, and none of the checks it needs did).")
	causes := map[string]bool{}
	for _, c := range r.Causes {
		causes[c.Playbook+"\x00"+c.Check] = true
	}
	for _, res := range r.Results {
		p.sample("tsr_check_root_cause", checkLabels(res), boolValue(causes[res.Playbook+"\x00"+res.ID] || causes["\x00"+res.ID]))
	}
	p.family("tsr_check_duration_seconds", "How long each check's probe took.")
	for _, res := range r.Results {
		p.sample("tsr_check_duration_seconds", checkLabels(res), secondsOfMS(float64(res.DurationMS)))
	}
	p.family("tsr_observed", "Numbers the checks observed: durations in seconds, sizes in bytes, percents from 0 to 100, counts and measures as observed.")
	for _, res := range r.Results {
		for _, field := range observedKeys(res.Observed) {
			v, ok := gaugeValue(res, field)
			if ok {
				p.sample("tsr_observed", append(checkLabels(res), "field", field), v)
			}
		}
	}
	if p.err != nil {
		return p.err
	}
	return bw.Flush()
}

func checkLabels(res Result) []string {
	return []string{"playbook", res.Playbook, "check", res.ID, "uses", res.Uses}
}

// gaugeValue returns an observed number in Prometheus base units, or false
// when the field is not a number that makes sense as a gauge.
func gaugeValue(res Result, field string) (float64, bool) {
	v, ok := res.Observed[field].(float64)
	if !ok || identifierFields[field] || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	switch res.Units[field] {
	case checks.UnitMS:
		return secondsOfMS(v), true
	case checks.UnitBytes, checks.UnitPercent, checks.UnitNumber, checks.UnitDays:
		return v, true
	case "":
		// A report written before units were recorded: only the
		// fields whose name says what they are.
		if strings.HasSuffix(field, "_percent") || strings.HasSuffix(field, "_left") || strings.HasSuffix(field, "_count") {
			return v, true
		}
	}
	return 0, false
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// promWriter writes HELP/TYPE lines and samples, keeping the first error.
type promWriter struct {
	w   *bufio.Writer
	err error
}

func (p *promWriter) family(name, help string) {
	p.printf("# HELP %s %s\n# TYPE %s gauge\n", name, help, name)
}

// sample writes one series; labels alternate name and value.
func (p *promWriter) sample(name string, labels []string, v float64) {
	var b strings.Builder
	b.WriteString(name)
	if len(labels) > 0 {
		b.WriteByte('{')
		for i := 0; i+1 < len(labels); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(labels[i])
			b.WriteString(`="`)
			b.WriteString(labelEscaper.Replace(strings.ToValidUTF8(labels[i+1], "\uFFFD")))
			b.WriteByte('"')
		}
		b.WriteByte('}')
	}
	p.printf("%s %s\n", b.String(), strconv.FormatFloat(v, 'g', -1, 64))
}

func (p *promWriter) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// labelEscaper escapes a label value as the exposition format requires.
var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

// secondsOfMS turns milliseconds into the seconds monitoring tools take.
// Dividing a fraction of a millisecond by 1000 leaves binary noise in the
// last digits (0.234 ms became 0.00023400000000000002 s); tsr measures to
// the nanosecond at best, so the value is rounded there first.
func secondsOfMS(ms float64) float64 {
	return math.Round(ms*1e6) / 1e9
}
