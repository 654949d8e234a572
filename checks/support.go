package checks

import (
	"fmt"
	"io"
	"strings"
)

// Support is how a check type works on each OS, as docs/checks.md and
// `tsr checks TYPE` show it. A type declares it next to its params and
// fields; what the OS code does is the judge of it.
type Support struct {
	Linux, Windows, Darwin Level
	Note                   string // what "partial" or "skips" leaves out, where
}

// Level is how fully a type works on one OS.
type Level string

const (
	// Works: everything the declaration documents, as documented.
	Works Level = "works"
	// Partial: it runs and judges, but some fields stay empty (Note says which).
	Partial Level = "partial"
	// Skips: it always skips on that OS, saying why; never an error.
	Skips Level = "skips"
)

// Portable is the support of a type written in Go alone: the same on every OS.
var Portable = Support{Linux: Works, Windows: Works, Darwin: Works}

// SupportOSes are the OSes tsr is built for, in table order.
var SupportOSes = []string{"linux", "windows", "darwin"}

// On is the level on goos; "not stated" when the type does not say.
func (s Support) On(goos string) string {
	l := map[string]Level{"linux": s.Linux, "windows": s.Windows, "darwin": s.Darwin}[goos]
	if l == "" {
		return "not stated"
	}
	return string(l)
}

// text is the support in one line: "linux works, windows partial, darwin skips".
func (s Support) text() string {
	var parts []string
	for _, goos := range SupportOSes {
		parts = append(parts, goos+" "+s.On(goos))
	}
	line := strings.Join(parts, ", ")
	if s.Note != "" {
		line += " (" + s.Note + ")"
	}
	return line
}

// WriteSupportTable writes the support of every type as a Markdown table.
func WriteSupportTable(w io.Writer) {
	fmt.Fprintf(w, "| type | %s | notes |\n|---|%s---|\n", strings.Join(SupportOSes, " | "), strings.Repeat("---|", len(SupportOSes)))
	for _, t := range All() {
		var cells []string
		for _, goos := range SupportOSes {
			cells = append(cells, t.Support.On(goos))
		}
		fmt.Fprintf(w, "| [%s](#%s) | %s | %s |\n", t.Name, strings.ReplaceAll(t.Name, ".", ""), strings.Join(cells, " | "), mdCell(t.Support.Note))
	}
}
