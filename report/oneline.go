package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tsrhq/tsr/checks"
)

func init() {
	registerFormat(Format{Name: "oneline", New: func(Options) Renderer { return OneLine{} }})
}

// OneLine writes the whole report as one line a user can read to an agent
// on the phone or paste in a chat: status, root cause in words, host, time
// and the run id that finds the full report.
//
//	FAIL · dns: could not ask 10.1.1.53: connection refused (+1 more cause) · host ws-042 · 2026-11-30 10:02 UTC · run K3M9QX2P
type OneLine struct{}

// onelineMessageMax bounds the cause's words: a line to read out, not the report.
const onelineMessageMax = 120

// Render writes the line.
func (OneLine) Render(w io.Writer, r *Report) error {
	status := strings.ToUpper(string(r.Status))
	if r.Run.Interrupted {
		status = "INTERRUPTED"
	}
	parts := []string{status, onelineWhat(r)}
	if r.Host.Hostname != "" {
		parts = append(parts, "host "+r.Host.Hostname)
	}
	if t, err := time.Parse(time.RFC3339, r.Run.Started); err == nil {
		parts = append(parts, t.UTC().Format("2006-01-02 15:04 UTC"))
	}
	if r.Run.ID != "" {
		parts = append(parts, "run "+r.Run.ID)
	}
	for i := range parts {
		parts[i] = oneLine(parts[i])
	}
	_, err := fmt.Fprintln(w, strings.Join(parts, " · "))
	return err
}

// onelineWhat says in words what the run found.
func onelineWhat(r *Report) string {
	name := func(playbook, id string) string { return nagiosCheckName(r, playbook, id) }
	if len(r.Causes) > 0 {
		c := r.Causes[0]
		text := name(c.Playbook, c.Check) + ": " + shorten(c.Message, onelineMessageMax)
		if n := len(r.Causes) - 1; n > 0 {
			text += fmt.Sprintf(" (+%d more %s)", n, checks.Plural(n, "cause", "causes"))
		}
		return text
	}
	var warns []Result
	for _, res := range r.Results {
		if res.Status == checks.StatusWarn {
			warns = append(warns, res)
		}
	}
	if len(warns) > 0 {
		text := name(warns[0].Playbook, warns[0].ID) + ": " + shorten(warns[0].Message, onelineMessageMax)
		if n := len(warns) - 1; n > 0 {
			text += fmt.Sprintf(" (+%d more %s)", n, checks.Plural(n, "warning", "warnings"))
		}
		return text
	}
	s := r.Summary
	text := fmt.Sprintf("%d of %d checks passed", s.Pass, s.Total)
	if s.Skip > 0 {
		text += fmt.Sprintf(", %d skipped", s.Skip)
	}
	return text
}

// shorten cuts s to at most n characters, at a word where it can.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}
