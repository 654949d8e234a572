package playbooks

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tsrhq/tsr/report"
)

// Problem is one thing wrong with a playbook, at a place in its file.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// String is the problem as a person reads it: control characters from
// the file (inside a bad ${...}, say) are shown escaped, never sent raw
// to a terminal or CI log.
func (p Problem) String() string {
	if p.Line == 0 { // about the file as a whole: it could not be read
		return report.VisibleLine(fmt.Sprintf("%s: %s", p.File, p.Message))
	}
	return report.VisibleLine(fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Column, p.Message))
}

// Problems is every problem found in one or more playbooks. It is an error
// so a loader can return it; its text lists them all, one per line.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Sort orders problems by file, line and column, keeping equal places in
// the order they were found.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

// redacted hides, in problems about a playbook, the values of its secret
// vars (also those given with --set), secret headers and secret-looking
// environment values, and URL credentials: problems reach terminals and
// CI logs.
func (ps Problems) redacted(pb *Playbook) Problems {
	if len(ps) == 0 {
		return ps
	}
	rd := report.NewRedactor(report.RedactSecrets, report.Known{Secrets: Secrets([]*Playbook{pb})})
	for i := range ps {
		ps[i].Message = rd.Message(ps[i].Message)
	}
	return ps
}
