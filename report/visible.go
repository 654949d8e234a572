package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/tsrhq/tsr/checks"
)

// Visible makes text from a probe, a file or a user safe to show a
// person: control characters and escape sequences (ESC, CR, BEL, DEL, C1
// controls, bidirectional overrides, invalid UTF-8) are written as
// visible escapes such as \x1b, so a hostile value cannot set a terminal's
// title, clear its screen or paint a fake result. Tabs and line breaks
// stay. Colour on a terminal comes only from tsr's own Paint.
func Visible(s string) string {
	if visibleAlready(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case hidden(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// VisibleLine is Visible for text shown on one line (a status line, a
// table cell): line breaks are escaped too, so a value cannot start a
// line that looks like tsr's own.
func VisibleLine(s string) string {
	s = Visible(s)
	if !strings.ContainsAny(s, "\n\t") {
		return s
	}
	return strings.NewReplacer("\n", `\n`, "\t", " ").Replace(s)
}

// hidden: C1 controls, bidirectional controls, and the noncharacters that
// YAML and XML refuse.
func hidden(r rune) bool {
	return r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 ||
		r == 0x200e || r == 0x200f || r == 0xfffe || r == 0xffff
}

func visibleAlready(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\n' && c != '\t' || c >= 0x7f {
			return false
		}
	}
	return true
}

// visible returns a copy of r with every string a person reads passed
// through f (VisibleLine for one-line views), down to ids, statuses and
// host facts, since a report may be crafted by hand (tsr report render).
func (r *Report) visible(f func(string) string) *Report {
	c := *r
	c.Run.Args = append([]string(nil), r.Run.Args...)
	c.Playbooks = append([]PlaybookRef(nil), r.Playbooks...)
	c.Causes = append([]Cause(nil), r.Causes...)
	c.Results = append([]Result(nil), r.Results...)
	c.Inventory = r.Inventory.Clone()
	status := func(s checks.Status) checks.Status { return checks.Status(f(string(s))) }
	severity := func(s checks.Severity) checks.Severity { return checks.Severity(f(string(s))) }
	strs := func(l []string) []string {
		out := make([]string, len(l))
		for i, s := range l {
			out[i] = f(s)
		}
		return out
	}
	for i := range c.Results {
		res := &c.Results[i]
		res.Observed = copyMap(res.Observed)
		res.Unmet = append([]checks.Unmet(nil), res.Unmet...)
		res.ID, res.Uses, res.Playbook, res.Status, res.Severity = f(res.ID), f(res.Uses), f(res.Playbook), status(res.Status), severity(res.Severity)
		res.Needs, res.BlockedBy = strs(res.Needs), strs(res.BlockedBy)
		res.History = append([]RoundStatus(nil), res.History...)
		for j := range res.History {
			h := &res.History[j]
			h.At, h.Status, h.Message = f(h.At), status(h.Status), f(h.Message)
		}
		for j := range res.Unmet {
			res.Unmet[j].Field, res.Unmet[j].Level = f(res.Unmet[j].Field), status(res.Unmet[j].Level)
		}
		keys := make(map[string]any, len(res.Observed))
		for k, v := range res.Observed {
			keys[f(k)] = v
		}
		res.Observed = keys
	}
	for i := range c.Causes {
		ca := &c.Causes[i]
		ca.Check, ca.Playbook, ca.Status, ca.Severity, ca.Blocked = f(ca.Check), f(ca.Playbook), status(ca.Status), severity(ca.Severity), strs(ca.Blocked)
	}
	for i := range c.Playbooks {
		p := &c.Playbooks[i]
		p.Name, p.SHA256 = f(p.Name), f(p.SHA256)
	}
	c.walkStrings(f)
	c.Schema, c.Status, c.Run.Started, c.Run.Redaction, c.Run.ID = f(c.Schema), status(c.Status), f(c.Run.Started), Redaction(f(string(c.Run.Redaction))), f(c.Run.ID)
	c.Tool = Tool{Name: f(r.Tool.Name), Version: f(r.Tool.Version), Commit: f(r.Tool.Commit)}
	h := &c.Host
	h.Hostname, h.OS, h.Platform, h.Kernel, h.Arch = f(h.Hostname), f(h.OS), f(h.Platform), f(h.Kernel), f(h.Arch)
	return &c
}

// visibleTo renders text made of values from reports into w, with their
// control characters made visible.
func visibleTo(w io.Writer, render func(io.Writer) error) error {
	var b strings.Builder
	if err := render(&b); err != nil {
		return err
	}
	_, err := io.WriteString(w, Visible(b.String()))
	return err
}
