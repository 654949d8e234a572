// Package report holds the tsr/report/1 model, its redaction, and one
// renderer per output format. JSON is the contract; every other format is
// a view of the same model.
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// Schema names this model; it changes only with an incompatible change.
const Schema = "tsr/report/1"

// Statuses of a result, from best to worst; skip counts as nothing.
const (
	Pass  = "pass"
	Warn  = "warn"
	Fail  = "fail"
	Error = "error"
	Skip  = "skip"
)

// Report is what a diagnose run produces.
type Report struct {
	Schema    string         `json:"schema"`
	Tool      Tool           `json:"tool"`
	Run       Run            `json:"run"`
	Host      Host           `json:"host"`
	Playbooks []PlaybookRef  `json:"playbooks"`
	Status    string         `json:"status"`
	Summary   Summary        `json:"summary"`
	Causes    []Cause        `json:"causes"`
	Results   []Result       `json:"results"`
	Inventory map[string]any `json:"inventory,omitempty"`
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
	ID          string   `json:"id,omitempty"`
	Started     string   `json:"started"` // RFC 3339, UTC
	DurationMS  int64    `json:"duration_ms"`
	Interrupted bool     `json:"interrupted"`
	TimedOut    bool     `json:"timed_out,omitempty"` // the run's --timeout ended it
	Redaction   string   `json:"redaction"`
	Args        []string `json:"args"`
	Rounds      int      `json:"rounds,omitempty"`   // with --repeat: the rounds run
	EveryMS     int64    `json:"every_ms,omitempty"` // with --repeat: the pause from one round's start to the next
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
	Check    string   `json:"check"`
	Playbook string   `json:"playbook,omitempty"`
	Title    string   `json:"title,omitempty"`
	Status   string   `json:"status"`
	Message  string   `json:"message"`
	Fix      string   `json:"fix"`
	Tier     int      `json:"tier"`
	Severity string   `json:"severity,omitempty"`
	Blocked  []string `json:"blocked"`
}

// Result is one check's outcome.
type Result struct {
	ID       string         `json:"id"`
	Uses     string         `json:"uses"`
	Playbook string         `json:"playbook"`
	Title    string         `json:"title"`
	Status   string         `json:"status"`
	Severity string         `json:"severity"`
	Tier     int            `json:"tier"`
	Message  string         `json:"message"`
	Observed map[string]any `json:"observed"`
	// Units names the unit of each numeric observed value: "ms", "bytes",
	// "percent" or "number", so a saved report can be rendered in units.
	Units      map[string]string `json:"units,omitempty"`
	Unmet      []Unmet           `json:"unmet"`
	Fix        string            `json:"fix"`
	SkipReason string            `json:"skip_reason"`
	BlockedBy  []string          `json:"blocked_by,omitempty"` // the root causes that kept this check from running
	Needs      []string          `json:"needs,omitempty"`
	DurationMS int64             `json:"duration_ms"`
	Attempts   int               `json:"attempts,omitempty"` // attempts made, when the check has retries
	// With --repeat: the check's status each round, and what they add up to.
	History       []RoundStatus    `json:"history,omitempty"`
	Flaky         bool             `json:"flaky,omitempty"` // its status changed between rounds
	Counts        map[string]int   `json:"counts,omitempty"`
	ObservedStats map[string]Stats `json:"observed_stats,omitempty"`
}

// RoundStatus is a check's outcome in one round of a repeated run.
type RoundStatus struct {
	Round   int    `json:"round"`
	At      string `json:"at"` // RFC 3339, UTC
	Status  string `json:"status"`
	Message string `json:"message,omitempty"` // only when it changed from the round before
}

// Stats sums up a numeric observed field over the rounds.
type Stats struct {
	Min    float64 `json:"min"`
	Median float64 `json:"median"`
	Max    float64 `json:"max"`
}

// Unmet is an assertion that did not hold.
type Unmet struct {
	Field    string `json:"field"`
	Matcher  string `json:"matcher"`
	Observed any    `json:"observed"`
	Level    string `json:"level"` // fail or warn
}

// Rank orders statuses for "the worst of": skip 0, pass 1, warn 2, fail 3, error 4.
func Rank(status string) int {
	switch status {
	case Pass:
		return 1
	case Warn:
		return 2
	case Fail:
		return 3
	case Error:
		return 4
	}
	return 0
}

// Tally sets Summary and Status from Results.
func (r *Report) Tally() {
	r.Summary = Summary{Total: len(r.Results)}
	r.Status = Pass
	for _, res := range r.Results {
		switch res.Status {
		case Pass:
			r.Summary.Pass++
		case Warn:
			r.Summary.Warn++
		case Fail:
			r.Summary.Fail++
		case Skip:
			r.Summary.Skip++
		case Error:
			r.Summary.Error++
		}
		if Rank(res.Status) > Rank(r.Status) {
			r.Status = res.Status
		}
	}
	if r.Summary.Pass+r.Summary.Warn+r.Summary.Fail+r.Summary.Error == 0 {
		r.Status = Skip
	}
}

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
			r.Results[i].Unmet = []Unmet{}
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
