package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/tsrhq/tsr/checks"
)

func init() {
	registerFormat(Format{Name: "text", Extensions: []string{".txt", ".text", ".log"}, New: func(o Options) Renderer { return Text{Color: o.Color} }})
}

// Text renders a report for the terminal: a line per check, then the root
// causes with their fixes, then a summary table.
type Text struct {
	Color bool
	// LinesShown: the status lines were already printed live, as each
	// check finished; Render then prints only what follows them.
	LinesShown bool
	// Qualified names checks playbook/id: several playbooks may share ids.
	Qualified bool
	// IDWidth is the width of the id column, so the titles line up when
	// ids are long (playbook/id); 0: 14, or what Render's results need.
	IDWidth int
}

// IDWidth is the id column's width for these checks' ids.
func IDWidth(ids []string) int {
	w := 14
	for _, id := range ids {
		w = max(w, len(id))
	}
	return w
}

const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
)

var statusColor = map[checks.Status]string{checks.StatusPass: "\x1b[32m", checks.StatusWarn: "\x1b[33m", checks.StatusFail: "\x1b[31m", checks.StatusError: "\x1b[35m", checks.StatusSkip: "\x1b[2m"}

func (t Text) Paint(code, s string) string {
	if !t.Color || code == "" {
		return s
	}
	return code + s + ansiReset
}

// Line is one check's status line, as printed live or in the report.
func (t Text) Line(r Result) string {
	detail := r.Message
	if r.Status == checks.StatusSkip && r.SkipReason != "" {
		detail = r.SkipReason
	}
	id := r.ID
	if t.Qualified {
		id = r.Playbook + "/" + r.ID
	}
	// Live lines come straight from a probe: only tsr's own colour
	// reaches the terminal.
	status := VisibleLine(strings.ToUpper(string(r.Status)))
	title := VisibleLine(r.Title)
	if len(r.History) > 0 { // a repeated run: the rounds at a glance
		title = "[" + Strip(r.History) + "] " + title
	}
	line := fmt.Sprintf("%s  %-*s %s", t.Paint(statusColor[r.Status], fmt.Sprintf("%-5s", status)), max(t.IDWidth, 14), VisibleLine(id), title)
	if detail != "" {
		line += t.Paint(ansiDim, ": "+VisibleLine(detail))
	}
	return line
}

func (t Text) Render(w io.Writer, r *Report) error {
	r = r.visible(VisibleLine)
	t.Qualified = t.Qualified || len(r.Playbooks) > 1
	if t.IDWidth == 0 {
		var ids []string
		for _, res := range r.Results {
			ids = append(ids, qualifiedID(r, res))
		}
		t.IDWidth = IDWidth(ids)
	}
	var b strings.Builder
	if !t.LinesShown {
		fmt.Fprintf(&b, "%s\n\n", t.Paint(ansiBold, header(r)))
		for _, res := range r.Results {
			b.WriteString(t.Line(res) + "\n")
		}
	}
	if r.Run.Rounds > 0 {
		fmt.Fprintf(&b, "\n%d %s, every %s: [history] . pass, x fail, w warn, e error, - skip\n", r.Run.Rounds, checks.Plural(r.Run.Rounds, "round", "rounds"), time.Duration(r.Run.EveryMS)*time.Millisecond)
	}
	if r.Run.Interrupted {
		b.WriteString("\nThe run was interrupted: the results above are those that finished.\n")
	}
	if r.Run.TimedOut {
		b.WriteString("\nThe run's --timeout ran out: checks still probing were cut, those not started were skipped.\n")
	}
	if len(r.Causes) > 0 {
		fmt.Fprintf(&b, "\n%s\n", t.Paint(ansiBold, checks.Plural(len(r.Causes), "Root cause", "Root causes")+":"))
		for i, c := range r.Causes {
			check := c.Check
			if t.Qualified {
				check = c.Playbook + "/" + c.Check
			}
			fmt.Fprintf(&b, "%d. %s %s: %s\n", i+1, t.Paint(statusColor[c.Status], strings.ToUpper(string(c.Status))), check, c.Message)
			if c.Fix != "" {
				fmt.Fprintf(&b, "   Fix (%s): %s\n", tierName(c.Tier), c.Fix)
			}
			if len(c.Blocked) > 0 {
				fmt.Fprintf(&b, "   It kept %d %s from running: %s\n", len(c.Blocked), checks.Plural(len(c.Blocked), "check", "checks"), strings.Join(c.Blocked, ", "))
			}
		}
	}
	var warns []Result
	for _, res := range r.Results {
		if res.Status == checks.StatusWarn {
			warns = append(warns, res)
		}
	}
	if len(warns) > 0 {
		fmt.Fprintf(&b, "\n%s\n", t.Paint(ansiBold, "Warnings:"))
		for _, res := range warns {
			id := res.ID
			if t.Qualified {
				id = res.Playbook + "/" + res.ID
			}
			fmt.Fprintf(&b, "- %s: %s\n", id, res.Message)
			if res.Fix != "" {
				fmt.Fprintf(&b, "  Fix (%s): %s\n", tierName(res.Tier), res.Fix)
			}
		}
	}
	b.WriteString("\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if err := summaryTable(w, r); err != nil {
		return err
	}
	note := ""
	switch {
	case r.Run.Interrupted:
		note = " (interrupted: not every check ran)"
	case r.Run.TimedOut:
		note = " (the run's --timeout ran out: not every check ran)"
	}
	status, color := strings.ToUpper(string(r.Status)), statusColor[r.Status]
	if r.Run.Interrupted { // what finished may all have passed: that is no green PASS
		status, color, note = "INTERRUPTED", statusColor[checks.StatusWarn], " (not every check ran)"
	}
	if _, err := fmt.Fprintf(w, "Status: %s%s\n", t.Paint(color, status), note); err != nil {
		return err
	}
	if r.Run.ID != "" {
		_, err := fmt.Fprintf(w, "Run id: %s (the help desk finds this report by it)\n", r.Run.ID)
		return err
	}
	return nil
}

// Header is the report's first line: which tsr ran what, where.
func Header(version string, playbooks []string, host Host) string {
	return VisibleLine(fmt.Sprintf("tsr %s: %s on %s (%s/%s)", version, strings.Join(playbooks, ", "), host.Hostname, host.OS, host.Arch))
}

func header(r *Report) string {
	var names []string
	for _, p := range r.Playbooks {
		names = append(names, p.Name)
	}
	return Header(r.Tool.Version, names, r.Host)
}

// summaryTable counts results per playbook.
func summaryTable(w io.Writer, r *Report) error {
	table := NewTable(w).AlignRight(1, 2, 3, 4, 5, 6)
	table.Header(statusColumns([]string{"playbook"}, "total")...)
	counts := map[string]*Summary{}
	for _, res := range r.Results {
		s := counts[res.Playbook]
		if s == nil {
			s = &Summary{}
			counts[res.Playbook] = s
		}
		s.Add(res.Status)
	}
	row := func(name string, s Summary) error {
		cells := []any{name}
		for _, n := range s.ByStatus() {
			cells = append(cells, itoa(n))
		}
		return table.Append(append(cells, itoa(s.Total))...)
	}
	for _, p := range r.Playbooks {
		if s := counts[p.Name]; s != nil {
			if err := row(p.Name, *s); err != nil {
				return err
			}
		}
	}
	if len(r.Playbooks) > 1 {
		if err := row("all", r.Summary); err != nil {
			return err
		}
	}
	return table.Render()
}

func itoa(n int) string { return strconv.Itoa(n) }

// tierName says who can act on a fix: "tier 2, a technician".
func tierName(tier checks.Tier) string {
	if who := tier.Who(); who != "" {
		return "tier " + itoa(int(tier)) + ", " + who
	}
	return "tier " + itoa(int(tier))
}
