package report

import (
	"fmt"
	"html"
	"html/template"
	"strings"

	"github.com/tsrhq/tsr/checks"
)

// stripLetters are the marks of a history strip: one per round.
var stripLetters = map[checks.Status]byte{checks.StatusPass: '.', checks.StatusFail: 'x', checks.StatusWarn: 'w', checks.StatusError: 'e', checks.StatusSkip: '-'}

// Strip is a check's history over the rounds in one line: . pass, x fail,
// w warn, e error, - skip ("..xx.x..").
func Strip(h []RoundStatus) string {
	b := make([]byte, 0, len(h))
	for _, r := range h {
		c, ok := stripLetters[r.Status]
		if !ok {
			c = '?'
		}
		b = append(b, c)
	}
	return string(b)
}

// CountsText says how often each status happened over the rounds, worst
// first: "fail 3, pass 5".
func CountsText(counts map[checks.Status]int) string {
	var parts []string
	for _, st := range []checks.Status{checks.StatusError, checks.StatusFail, checks.StatusWarn, checks.StatusPass, checks.StatusSkip} {
		if n := counts[st]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", st, n))
		}
	}
	return strings.Join(parts, ", ")
}

// roundsText is a result's rounds in a phrase for Markdown and JUnit:
// "rounds: fail 3, pass 5 (flaky)"; "" for a single run.
func roundsText(r Result) string {
	if len(r.Counts) == 0 {
		return ""
	}
	s := "rounds: " + CountsText(r.Counts)
	if r.Flaky {
		s += " (flaky)"
	}
	return s
}

var svgColors = map[checks.Status]string{checks.StatusPass: "#2e7d32", checks.StatusFail: "#c62828", checks.StatusWarn: "#ef6c00", checks.StatusError: "#6a1b9a", checks.StatusSkip: "#9e9e9e"}

// historySVG draws a check's history as an inline SVG timeline: a bar per
// round, coloured by status, with the round's time and status as its
// tooltip. It needs no script and no external asset.
func historySVG(h []RoundStatus) template.HTML {
	if len(h) == 0 {
		return ""
	}
	const w, gap, height = 10, 2, 14
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="history" role="img" aria-label="history: %s" width="%d" height="%d" viewBox="0 0 %d %d">`,
		html.EscapeString(Strip(h)), len(h)*(w+gap), height, len(h)*(w+gap), height)
	for i, r := range h {
		color, ok := svgColors[r.Status]
		if !ok {
			color = "#000"
		}
		fmt.Fprintf(&b, `<rect x="%d" y="0" width="%d" height="%d" fill="%s"><title>round %d, %s: %s</title></rect>`,
			i*(w+gap), w, height, color, r.Round, html.EscapeString(r.At), html.EscapeString(string(r.Status)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // built from escaped text and numbers only
}
