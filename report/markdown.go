package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/internal/lazyregexp"
)

func init() {
	registerFormat(Format{Name: "markdown", Extensions: []string{".md", ".markdown"}, New: func(Options) Renderer { return markdownRenderer{} }})
}

// markdownRenderer writes a report to paste into a ticket: the verdict and
// the causes first, a results table, the details collapsed.
type markdownRenderer struct{}

func (markdownRenderer) Render(w io.Writer, r *Report) error {
	r = r.visible(Visible) // every field, even of a report crafted by hand
	var b strings.Builder
	fmt.Fprintf(&b, "## tsr report: %s\n\n", md(strings.ToUpper(string(r.Status))))
	fmt.Fprintf(&b, "**Host:** %s (%s, %s/%s) · **Playbooks:** %s · **Started:** %s · **Took:** %s · tsr %s%s\n\n",
		md(r.Host.Hostname), md(r.Host.Platform), md(r.Host.OS), md(r.Host.Arch), md(playbookNames(r)), md(r.Run.Started), seconds(r.Run.DurationMS)+" s", md(toolVersion(r)), runIDNote(r))
	fmt.Fprintf(&b, "**Summary:** %s\n\n", summaryText(r.Summary))
	if r.Run.Interrupted {
		b.WriteString("> The run was interrupted: only the checks that finished are reported.\n\n")
	}
	if len(r.Causes) > 0 {
		b.WriteString("### Root causes\n\n")
		for i, c := range r.Causes {
			check := c.Check
			if len(r.Playbooks) > 1 {
				check = c.Playbook + "/" + c.Check
			}
			fmt.Fprintf(&b, "%d. **%s** (%s, %s): %s  \n", i+1, md(check), md(string(c.Status)), md(string(c.Severity)), md(c.Message))
			if c.Fix != "" {
				fmt.Fprintf(&b, "   **Fix** (%s): %s  \n", tierName(c.Tier), md(c.Fix))
			}
			if len(c.Blocked) > 0 {
				fmt.Fprintf(&b, "   Blocked: %s\n", md(strings.Join(c.Blocked, ", ")))
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("### Results\n\n| status | check | title | what was seen |\n|---|---|---|---|\n")
	for _, res := range r.Results {
		seen := res.Message
		if res.Status == checks.StatusSkip {
			seen = res.SkipReason
		}
		if rt := roundsText(res); rt != "" {
			seen += " (" + rt + ")"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", md(strings.ToUpper(string(res.Status))), mdCode(qualifiedID(r, res)), md(res.Title), md(seen))
	}
	b.WriteString("\n<details>\n<summary>Details of every check</summary>\n\n")
	for _, res := range r.Results {
		fmt.Fprintf(&b, "#### %s: %s (%s)\n\n", md(qualifiedID(r, res)), md(res.Title), md(string(res.Status)))
		fmt.Fprintf(&b, "%s · playbook %s · severity %s · tier %d · %d ms\n\n", mdCode(res.Uses), md(res.Playbook), md(string(res.Severity)), res.Tier, res.DurationMS)
		for _, u := range res.Unmet {
			fmt.Fprintf(&b, "- %s: %s\n", md(string(u.Level)), md(unmetText(u, res.Units)))
		}
		if len(res.History) > 0 {
			fmt.Fprintf(&b, "- %s, history %s\n", md(roundsText(res)), mdCode(Strip(res.History)))
		}
		if res.Fix != "" && res.Status != checks.StatusPass {
			fmt.Fprintf(&b, "- fix (%s): %s\n", tierName(res.Tier), md(res.Fix))
		}
		if keys := shownKeys(res.Observed); len(keys) > 0 {
			b.WriteString("\n| field | observed |\n|---|---|\n")
			for _, k := range keys {
				fmt.Fprintf(&b, "| %s | %s |\n", mdCode(k), md(fieldText(k, res.Observed[k], res.Units)))
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("</details>\n")
	if r.Inventory != nil {
		b.WriteString("\n<details>\n<summary>Hardware inventory</summary>\n\n| fact | value |\n|---|---|\n")
		for _, row := range InventoryRows(r.Inventory) {
			fmt.Fprintf(&b, "| %s | %s |\n", md(row[0]), md(row[1]))
		}
		b.WriteString("\n</details>\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// md escapes text for a Markdown table cell or line: no markup, tags or
// line breaks from a title or an observed value get through.
func md(s string) string {
	s = strings.NewReplacer("\\", "\\\\", "|", "\\|", "*", "\\*", "_", "\\_", "`", "\\`", "[", "\\[", "]", "\\]",
		"<", "&lt;", ">", "&gt;", "#", "\\#", "\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	return s
}

// htmlTagStart is where an HTML tag or comment could begin ("< 85%" is none).
var htmlTagStart = lazyregexp.New(`<[A-Za-z/!?]`)

// mdCode shows text as code, in backticks, when that is safe; text with
// a tag or a backtick in it (a report crafted by hand) is shown escaped
// instead, since a code span would pass its tag on raw.
func mdCode(s string) string {
	if strings.ContainsAny(s, "`\r\n") || htmlTagStart.MatchString(s) {
		return md(s)
	}
	return "`" + strings.ReplaceAll(s, "|", "\\|") + "`"
}

// runIDNote names the run id in the header line, when the report has one.
func runIDNote(r *Report) string {
	if r.Run.ID == "" {
		return ""
	}
	return " · **Run:** " + md(r.Run.ID)
}

func playbookNames(r *Report) string {
	var names []string
	for _, p := range r.Playbooks {
		names = append(names, p.Name)
	}
	return strings.Join(names, ", ")
}

func toolVersion(r *Report) string {
	if r.Tool.Commit != "" {
		return r.Tool.Version + " (" + r.Tool.Commit + ")"
	}
	return r.Tool.Version
}

func summaryText(s Summary) string {
	return checks.Quantity(s.Total, "check") + ": " + countsText(s.ByStatus())
}
