package playbooks

import (
	"errors"
	"os"
	"strings"
	"time"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/report"
)

// OpenAll loads every playbook named on the command line and returns all
// their problems together (as Problems), so one run lists them all, with
// the playbooks that loaded. A playbook that cannot be read at all is a
// problem of its own, at its name.
func OpenAll(args []string, stdin func() ([]byte, error)) ([]*Playbook, error) {
	var (
		pbs      []*Playbook
		problems Problems
		stdinUse int
	)
	names := map[string]string{}
	for _, arg := range args {
		if arg == "-" {
			if stdinUse++; stdinUse > 1 {
				problems = append(problems, Problem{File: arg, Message: "standard input can be read only once; name - one time"})
				continue
			}
		}
		pb, err := Open(arg, stdin)
		var ps Problems
		switch {
		case errors.As(err, &ps):
			problems = append(problems, ps...)
		case err != nil:
			problems = append(problems, Problem{File: arg, Message: err.Error()})
		default:
			if first, dup := names[pb.Name]; dup {
				problems = append(problems, Problem{File: arg, Message: "this playbook and " + first + " are both named " + pb.Name + ": results would be ambiguous; rename one"})
				continue
			}
			names[pb.Name] = arg
			pbs = append(pbs, pb)
		}
	}
	if len(problems) > 0 {
		return pbs, problems
	}
	return pbs, nil
}

// RunInfo is what the caller knows about a run besides its results.
type RunInfo struct {
	Tool      report.Tool
	Started   time.Time
	Duration  time.Duration
	Args      []string
	Redaction report.Redaction
	Every     time.Duration // with --repeat
}

// NewReport assembles the report of a run.
func NewReport(pbs []*Playbook, out *Outcome, info RunInfo) *report.Report {
	r := &report.Report{
		Schema: report.Schema,
		Tool:   info.Tool,
		Run: report.Run{
			ID:          report.NewRunID(),
			Started:     info.Started.UTC().Format(time.RFC3339),
			DurationMS:  info.Duration.Milliseconds(),
			Interrupted: out.Interrupted,
			TimedOut:    out.TimedOut,
			Redaction:   info.Redaction,
			Args:        info.Args,
			Rounds:      out.Rounds,
			EveryMS:     info.Every.Milliseconds(),
		},
		Host:    hostOf(checks.HostFacts()),
		Causes:  out.Causes,
		Results: out.Results,
	}
	for _, pb := range pbs {
		title := pb.Title
		if title == "" {
			title = pb.Name
		}
		r.Playbooks = append(r.Playbooks, report.PlaybookRef{Name: pb.Name, Title: title, Source: pb.Source, SHA256: pb.SHA256})
	}
	r.Tally()
	return r
}

// Secrets lists values that must never reach a report: vars named like
// secrets, secret-looking entries of map parameters such as HTTP headers,
// and secret-named environment variables (a probe might echo them).
func Secrets(pbs []*Playbook) []string {
	var out []string
	for _, kv := range os.Environ() {
		if name, value, ok := strings.Cut(kv, "="); ok && report.SecretName(name) && report.LooksSecret(value) {
			out = append(out, value)
		}
	}
	for _, pb := range pbs {
		for _, v := range pb.Vars {
			if report.SecretName(v.Name) {
				switch x := v.Value.(type) {
				case string:
					out = append(out, x)
				case []string:
					out = append(out, x...)
				}
			}
		}
		for _, c := range pb.Checks {
			for _, v := range c.With {
				m, _ := v.(map[string]any)
				for k, v := range m {
					if t, ok := v.(*Template); ok && (report.SecretName(k) || strings.EqualFold(k, "authorization")) {
						out = append(out, pb.Text(c, t, nil))
					}
				}
			}
		}
	}
	return out
}

func hostOf(h checks.Host) report.Host {
	return report.Host{Hostname: h.Hostname, OS: h.OS, Platform: h.Platform, Kernel: h.Kernel, Arch: h.Arch, Privileged: h.Privileged}
}
