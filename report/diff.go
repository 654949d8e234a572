package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/tsrhq/tsr/checks"
)

// Diff is what changed between two reports of the same machine, typically
// before and after a fix.
type Diff struct {
	Old     string       `json:"old"` // the reports' start times, to tell them apart
	New     string       `json:"new"`
	Fixed   []StatusDiff `json:"fixed"`   // got better
	Broke   []StatusDiff `json:"broke"`   // got worse
	Changed []StatusDiff `json:"changed"` // other status changes (to or from skip)
	Values  []ValueDiff  `json:"values"`  // same status, different observed values
	Added   []string     `json:"added"`   // checks only in the new report
	Removed []string     `json:"removed"` // checks only in the old report
	Worse   bool         `json:"worse"`
}

// StatusDiff is a check whose status changed.
type StatusDiff struct {
	Check   string        `json:"check"`
	Old     checks.Status `json:"old"`
	New     checks.Status `json:"new"`
	Message string        `json:"message"` // the new message
}

// ValueDiff is an observed field whose value changed.
type ValueDiff struct {
	Check string `json:"check"`
	Field string `json:"field"`
	Old   any    `json:"old"`
	New   any    `json:"new"`
}

func resultKey(r Result, multi bool) string {
	if multi {
		return r.Playbook + "/" + r.ID
	}
	return r.ID
}

// Compare computes the difference from old to new.
func Compare(old, new *Report) *Diff {
	d := &Diff{Old: old.Run.Started, New: new.Run.Started, Fixed: []StatusDiff{}, Broke: []StatusDiff{}, Changed: []StatusDiff{},
		Values: []ValueDiff{}, Added: []string{}, Removed: []string{}}
	multi := len(old.Playbooks) > 1 || len(new.Playbooks) > 1
	before := map[string]Result{}
	for _, r := range old.Results {
		before[resultKey(r, multi)] = r
	}
	seen := map[string]bool{}
	for _, n := range new.Results {
		key := resultKey(n, multi)
		seen[key] = true
		o, ok := before[key]
		if !ok {
			d.Added = append(d.Added, key)
			if n.Status.Failed() {
				d.Worse = true // a new check that fails is news too
			}
			continue
		}
		sd := StatusDiff{Check: key, Old: o.Status, New: n.Status, Message: n.Message}
		if n.Status == checks.StatusSkip {
			sd.Message = n.SkipReason
		}
		switch {
		case o.Status == n.Status:
			for _, f := range observedKeys(n.Observed) {
				if _, number := n.Observed[f].(float64); number {
					continue // load, free space, latency: they always move; the status says when it matters
				}
				if valueText(o.Observed[f]) != valueText(n.Observed[f]) {
					d.Values = append(d.Values, ValueDiff{Check: key, Field: f, Old: o.Observed[f], New: n.Observed[f]})
				}
			}
		case o.Status == checks.StatusSkip || n.Status == checks.StatusSkip:
			// A check that now runs and fails was blocked before: it is
			// revealed, not broken by the change.
			d.Changed = append(d.Changed, sd)
		case n.Status.Rank() < o.Status.Rank():
			d.Fixed = append(d.Fixed, sd)
		default:
			d.Broke = append(d.Broke, sd)
			d.Worse = true
		}
	}
	for _, o := range old.Results {
		if key := resultKey(o, multi); !seen[key] {
			d.Removed = append(d.Removed, key)
		}
	}
	return d
}

// WriteText prints the difference for a person.
func (d *Diff) WriteText(w io.Writer) error {
	var b strings.Builder
	section := func(title string, items []StatusDiff) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(&b, "%s:\n", title)
		for _, s := range items {
			fmt.Fprintf(&b, "  %-14s %s -> %s: %s\n", s.Check, strings.ToUpper(string(s.Old)), strings.ToUpper(string(s.New)), s.Message)
		}
	}
	section("Fixed", d.Fixed)
	section("Broke", d.Broke)
	section("Changed", d.Changed)
	if len(d.Values) > 0 {
		b.WriteString("Values changed:\n")
		for _, v := range d.Values {
			fmt.Fprintf(&b, "  %-14s %s: %s -> %s\n", v.Check, v.Field, valueText(v.Old), valueText(v.New))
		}
	}
	if len(d.Added) > 0 {
		fmt.Fprintf(&b, "Only in the new report: %s\n", strings.Join(d.Added, ", "))
	}
	if len(d.Removed) > 0 {
		fmt.Fprintf(&b, "Only in the old report: %s\n", strings.Join(d.Removed, ", "))
	}
	if b.Len() == 0 {
		b.WriteString("No difference.\n")
	} else if d.Worse {
		b.WriteString("Something got worse.\n")
	}
	_, err := io.WriteString(w, Visible(b.String()))
	return err
}
