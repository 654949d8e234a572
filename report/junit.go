package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/tsrhq/tsr/checks"
)

func init() {
	registerFormat(Format{Name: "junit", Extensions: []string{".xml"}, New: func(Options) Renderer { return junitRenderer{} }})
}

// junitRenderer writes a testsuite per playbook and a testcase per check,
// the shape CI systems read.
type junitRenderer struct{}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Errors    int         `xml:"errors,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Timestamp string      `xml:"timestamp,attr"`
	Hostname  string      `xml:"hostname,attr"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut *junitText    `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

type junitText struct {
	Text string `xml:",cdata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

func (junitRenderer) Render(w io.Writer, r *Report) error {
	out := junitSuites{Name: "tsr", Time: seconds(r.Run.DurationMS)}
	for _, p := range r.Playbooks {
		s := junitSuite{Name: p.Name, Timestamp: r.Run.Started, Hostname: r.Host.Hostname}
		for _, res := range r.Results {
			if res.Playbook != p.Name {
				continue
			}
			c := junitCase{Name: res.ID + ": " + res.Title, Classname: p.Name + "." + res.Uses, Time: seconds(res.DurationMS)}
			detail := problemDetail(res)
			switch res.Status {
			case checks.StatusFail, checks.StatusWarn:
				if res.Status == checks.StatusWarn {
					c.SystemOut = &junitText{Text: "warning: " + res.Message + "\n" + detail}
					break
				}
				c.Failure = &junitProblem{Message: res.Message, Type: kindOr(res, string(checks.StatusFail)), Text: detail}
				s.Failures++
			case checks.StatusError:
				c.Error = &junitProblem{Message: res.Message, Type: kindOr(res, string(checks.StatusError)), Text: detail}
				s.Errors++
			case checks.StatusPass:
				if len(res.History) > 0 {
					c.SystemOut = &junitText{Text: detail}
				}
			case checks.StatusSkip:
				c.Skipped = &junitSkipped{Message: res.SkipReason}
				s.Skipped++
			}
			s.Tests++
			s.Cases = append(s.Cases, c)
		}
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
		out.Suites = append(out.Suites, s)
	}
	out.sanitize()
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func kindOr(res Result, def string) string {
	if k, _ := res.Observed[checks.ErrorKindField.Name].(string); k != "" {
		return k
	}
	return def
}

// problemDetail lists the unmet assertions and the fix, for a failure's body.
func problemDetail(res Result) string {
	var b strings.Builder
	for _, u := range res.Unmet {
		fmt.Fprintf(&b, "%s: %s\n", u.Level, unmetText(u, res.Units))
	}
	if res.Fix != "" {
		fmt.Fprintf(&b, "fix (%s): %s\n", tierName(res.Tier), res.Fix)
	}
	if rt := roundsText(res); rt != "" {
		fmt.Fprintf(&b, "%s, history %s\n", rt, Strip(res.History))
	}
	return b.String()
}

func seconds(ms int64) string { return fmt.Sprintf("%.3f", float64(ms)/1000) }

// sanitize drops the characters XML 1.0 cannot hold (control characters
// from a command's output, say), which would make the file unreadable.
func (s *junitSuites) sanitize() {
	for i := range s.Suites {
		for j := range s.Suites[i].Cases {
			c := &s.Suites[i].Cases[j]
			c.Name = xmlText(c.Name)
			for _, p := range []*junitProblem{c.Failure, c.Error} {
				if p != nil {
					p.Message, p.Text = xmlText(p.Message), xmlText(p.Text)
				}
			}
			if c.Skipped != nil {
				c.Skipped.Message = xmlText(c.Skipped.Message)
			}
			if c.SystemOut != nil {
				c.SystemOut.Text = xmlText(c.SystemOut.Text)
			}
		}
	}
}

func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF {
			return r
		}
		return '\uFFFD'
	}, s)
}
