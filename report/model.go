// Package report holds the tsr/report/1 model, its redaction, and one
// renderer per output format. JSON is the contract; every other format is
// a view of the same model.
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/tsrhq/tsr/checks"
)

// Schema names this model; it changes only with an incompatible change.
const Schema = "tsr/report/1"

// Report is what a diagnose run produces.
type Report struct {
	Schema    string            `json:"schema"`
	Tool      Tool              `json:"tool"`
	Run       Run               `json:"run"`
	Host      Host              `json:"host"`
	Playbooks []PlaybookRef     `json:"playbooks"`
	Status    checks.Status     `json:"status"`
	Summary   Summary           `json:"summary"`
	Causes    []Cause           `json:"causes"`
	Results   []Result          `json:"results"`
	Inventory *checks.Inventory `json:"inventory,omitempty"`
}

// Tool identifies the tsr that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Commit  string `json:"commit"`
}

// Run describes the run itself.
type Run struct {
	// ID is a short id (8 base32 characters) that the one-line summary, a
	// bundle's manifest and an upload carry too, to find the full report.
	ID          string    `json:"id,omitempty"`
	Started     string    `json:"started"` // RFC 3339, UTC
	DurationMS  int64     `json:"duration_ms"`
	Interrupted bool      `json:"interrupted"`
	TimedOut    bool      `json:"timed_out,omitempty"` // the run's --timeout ended it
	Redaction   Redaction `json:"redaction"`
	Args        []string  `json:"args"`
	Rounds      int       `json:"rounds,omitempty"`   // with --repeat: the rounds run
	EveryMS     int64     `json:"every_ms,omitempty"` // with --repeat: the pause from one round's start to the next
}

// Host holds the machine's facts.
type Host struct {
	Hostname   string `json:"hostname"`
	OS         string `json:"os"`
	Platform   string `json:"platform"`
	Kernel     string `json:"kernel"`
	Arch       string `json:"arch"`
	Privileged bool   `json:"privileged"`
}

// PlaybookRef says which playbook ran, from where, and its exact content.
type PlaybookRef struct {
	Name   string `json:"name"`
	Title  string `json:"title"`
	Source string `json:"source"` // a path, "builtin:NAME" or "stdin"
	SHA256 string `json:"sha256"`
}

// Summary counts every result by status.
type Summary struct {
	Total int `json:"total"`
	Pass  int `json:"pass"`
	Warn  int `json:"warn"`
	Fail  int `json:"fail"`
	Skip  int `json:"skip"`
	Error int `json:"error"`
}

// Cause is a root cause: a failed or errored check none of whose needs
// failed, with the checks it kept from running.
type Cause struct {
	Check    string          `json:"check"`
	Playbook string          `json:"playbook,omitempty"`
	Title    string          `json:"title,omitempty"`
	Status   checks.Status   `json:"status"`
	Message  string          `json:"message"`
	Fix      string          `json:"fix"`
	Tier     checks.Tier     `json:"tier"`
	Severity checks.Severity `json:"severity,omitempty"`
	Blocked  []string        `json:"blocked"`
}

// Result is one check's outcome.
type Result struct {
	ID       string          `json:"id"`
	Uses     string          `json:"uses"`
	Playbook string          `json:"playbook"`
	Title    string          `json:"title"`
	Status   checks.Status   `json:"status"`
	Severity checks.Severity `json:"severity"`
	Tier     checks.Tier     `json:"tier"`
	Message  string          `json:"message"`
	Observed map[string]any  `json:"observed"`
	// Units names the unit of each numeric observed value (checks.Unit),
	// so a saved report can be rendered in units; a field of a list of
	// records under checks.UnitKey ("top.rss").
	Units      map[string]checks.Unit `json:"units,omitempty"`
	Unmet      []checks.Unmet         `json:"unmet"`
	Fix        string                 `json:"fix"`
	SkipReason string                 `json:"skip_reason"`
	BlockedBy  []string               `json:"blocked_by,omitempty"` // the root causes that kept this check from running
	Needs      []string               `json:"needs,omitempty"`
	DurationMS int64                  `json:"duration_ms"`
	Attempts   int                    `json:"attempts,omitempty"` // attempts made, when the check has retries
	// With --repeat: the check's status each round, and what they add up to.
	History       []RoundStatus         `json:"history,omitempty"`
	Flaky         bool                  `json:"flaky,omitempty"` // its status changed between rounds
	Counts        map[checks.Status]int `json:"counts,omitempty"`
	ObservedStats map[string]Stats      `json:"observed_stats,omitempty"`
}

// RoundStatus is a check's outcome in one round of a repeated run.
type RoundStatus struct {
	Round   int           `json:"round"`
	At      string        `json:"at"` // RFC 3339, UTC
	Status  checks.Status `json:"status"`
	Message string        `json:"message,omitempty"` // only when it changed from the round before
}

// Stats sums up a numeric observed field over the rounds.
type Stats struct {
	Min    float64 `json:"min"`
	Median float64 `json:"median"`
	Max    float64 `json:"max"`
}

// Tally sets Summary and Status from Results: the worst status, or skip
// when nothing was checked.
func (r *Report) Tally() {
	r.Summary = Summary{}
	r.Status = checks.StatusPass
	for _, res := range r.Results {
		r.Summary.Add(res.Status)
		if res.Status.Rank() > r.Status.Rank() {
			r.Status = res.Status
		}
	}
	if r.Summary.Pass+r.Summary.Warn+r.Summary.Fail+r.Summary.Error == 0 {
		r.Status = checks.StatusSkip
	}
}

// Add counts one result of the status; a status tsr does not know counts
// in Total only.
func (s *Summary) Add(status checks.Status) {
	s.Total++
	countStatus(s.counters(), status)
}

// ByStatus lists the counts in checks.Statuses order.
func (s Summary) ByStatus() []int { return countsOf(s.counters()) }

// counters are the count of each status, in checks.Statuses order.
func (s *Summary) counters() []*int { return []*int{&s.Pass, &s.Warn, &s.Fail, &s.Error, &s.Skip} }

// Normalize gives the report the exact shape it has after a JSON round
// trip (numbers as float64, lists as []any, nil slices as empty), so a
// report rendered now and one re-rendered from its JSON are byte-identical.
func (r *Report) Normalize() error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	var n Report
	if err := Decode(bytes.NewReader(b), &n); err != nil {
		return err
	}
	*r = n
	return nil
}

// Decode reads a JSON report and refuses one of another schema.
func Decode(rd io.Reader, r *Report) error {
	if err := json.NewDecoder(rd).Decode(r); err != nil {
		return fmt.Errorf("not a tsr JSON report: %w", err)
	}
	if r.Schema != Schema {
		return fmt.Errorf("report schema is %q; this tsr reads %q", r.Schema, Schema)
	}
	for i := range r.Results {
		if r.Results[i].Observed == nil {
			r.Results[i].Observed = map[string]any{}
		}
		if r.Results[i].Unmet == nil {
			r.Results[i].Unmet = []checks.Unmet{}
		}
	}
	if r.Causes == nil {
		r.Causes = []Cause{}
	}
	for i := range r.Causes {
		if r.Causes[i].Blocked == nil {
			r.Causes[i].Blocked = []string{}
		}
	}
	return nil
}
