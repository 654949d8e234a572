package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tsrhq/tsr/checks"
)

func init() {
	registerFormat(Format{Name: "nagios", New: func(Options) Renderer { return Nagios{} }})
}

// Nagios writes a report by the monitoring-plugin contract that Nagios,
// Icinga, Naemon and Sensu read: a first line `TSR STATE - summary |
// perfdata`, then the long output, one line per check that needs a look.
// The command that prints it exits with NagiosState's code.
type Nagios struct{}

// Plugin exit codes and the word for each.
const (
	NagiosOK       = 0
	NagiosWarning  = 1
	NagiosCritical = 2
	NagiosUnknown  = 3
)

var nagiosWords = [...]string{"OK", "WARNING", "CRITICAL", "UNKNOWN"}

// NagiosState is the plugin state of a report: CRITICAL when a check
// failed, UNKNOWN when a check could not look (an error) or nothing could
// be judged (every check skipped, or the run stopped before the end),
// WARNING on a warning, else OK.
func NagiosState(r *Report) int {
	s := r.Summary
	switch {
	case s.Fail > 0:
		return NagiosCritical
	case s.Error > 0, s.Pass+s.Warn == 0, r.Run.Interrupted, r.Run.TimedOut:
		return NagiosUnknown
	case s.Warn > 0:
		return NagiosWarning
	}
	return NagiosOK
}

// Render writes the plugin output.
func (Nagios) Render(w io.Writer, r *Report) error {
	r = r.visible(Visible) // monitoring consoles show it to people too
	bw := bufio.NewWriter(w)
	state := NagiosState(r)
	fmt.Fprintf(bw, "TSR %s - %s | %s\n", nagiosWords[state], nagiosSummary(r, state), strings.Join(nagiosPerfdata(r), " "))
	for _, res := range worstFirst(r.Results) {
		if res.Status == checks.StatusPass {
			continue
		}
		line := res.Message
		if res.Status == checks.StatusSkip {
			line = res.SkipReason
		}
		fmt.Fprintf(bw, "%s %s: %s\n", strings.ToUpper(string(res.Status)), nagiosCheckName(r, res.Playbook, res.ID), oneLine(line))
	}
	return bw.Flush()
}

// nagiosSummary is the short text an on-call reads in the alert: the root
// causes in words, else the first warning, else what was checked.
func nagiosSummary(r *Report, state int) string {
	s := r.Summary
	switch {
	case len(r.Causes) > 0:
		c := r.Causes[0]
		text := nagiosCheckName(r, c.Playbook, c.Check) + ": " + oneLine(c.Message)
		if n := len(c.Blocked); n > 0 {
			text += fmt.Sprintf(" (kept %d %s from running)", n, checks.Plural(n, "check", "checks"))
		}
		if more := len(r.Causes) - 1; more > 0 {
			text += fmt.Sprintf("; %d more root %s", more, checks.Plural(more, "cause", "causes"))
		}
		return text
	case r.Run.Interrupted || r.Run.TimedOut:
		return fmt.Sprintf("the run stopped before the end; %d of %d checks passed", s.Pass, s.Total)
	case state == NagiosUnknown:
		return fmt.Sprintf("nothing could be checked: %d of %d checks skipped", s.Skip, s.Total)
	case s.Warn > 0:
		for _, res := range r.Results {
			if res.Status == checks.StatusWarn {
				text := nagiosCheckName(r, res.Playbook, res.ID) + ": " + oneLine(res.Message)
				if s.Warn > 1 {
					text += fmt.Sprintf("; %d more %s", s.Warn-1, checks.Plural(s.Warn-1, "warning", "warnings"))
				}
				return text
			}
		}
	}
	text := fmt.Sprintf("%d %s passed", s.Pass, checks.Plural(s.Pass, "check", "checks"))
	if s.Skip > 0 {
		text += fmt.Sprintf(", %d skipped", s.Skip)
	}
	return text
}

// nagiosCheckName names a check, with its playbook when several ran.
func nagiosCheckName(r *Report, playbook, id string) string {
	if len(r.Playbooks) > 1 && playbook != "" {
		return playbook + "/" + id
	}
	return id
}

// nagiosPerfdata gives the counts, then every check's numeric
// measurements in the units the plugin guidelines name (s, B, %).
func nagiosPerfdata(r *Report) []string {
	out := []string{perf("checks", float64(r.Summary.Total), "", 0)}
	for i, n := range r.Summary.ByStatus() {
		out = append(out, perf(string(checks.Statuses[i]), float64(n), "", 0))
	}
	out = append(out, perf("duration", secondsOfMS(float64(r.Run.DurationMS)), "s", 0))
	for _, res := range r.Results {
		for _, field := range observedKeys(res.Observed) {
			v, ok := gaugeValue(res, field)
			if !ok {
				continue
			}
			out = append(out, perf(nagiosCheckName(r, res.Playbook, res.ID)+"."+field, v, nagiosUOM(res.Units[field]), -1))
		}
	}
	return out
}

// nagiosUOM is the plugin guidelines' unit of measure for a value in unit
// as gaugeValue gives it (durations in seconds); none for a plain number.
func nagiosUOM(unit checks.Unit) string {
	switch unit {
	case checks.UnitMS:
		return "s"
	case checks.UnitBytes:
		return "B"
	case checks.UnitPercent:
		return "%"
	}
	return ""
}

// perf formats one perfdata item: 'label'=value[UOM];warn;crit;min;max
// (min omitted when negative). Labels are quoted, and lose the characters
// the contract reserves (' and =).
func perf(label string, v float64, uom string, min float64) string {
	label = strings.NewReplacer("'", "", "=", "", "|", "").Replace(oneLine(label))
	item := "'" + label + "'=" + strconv.FormatFloat(v, 'f', -1, 64) + uom + ";;;"
	if min >= 0 {
		item += strconv.FormatFloat(min, 'f', -1, 64)
	}
	return item
}

// oneLine keeps a message on one line and free of the perfdata separator,
// which would cut the plugin output short.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "|", "/").Replace(s)
}
