package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/checks"
	"gopkg.in/yaml.v3"
)

const hostile = "200 OK\x1b]0;PWNED\a\x1b[2J\x1b[31mFAKE-PASS\r\u009b31m\u202e"

func TestVisibleEscapesControls(t *testing.T) {
	for in, want := range map[string]string{
		hostile:            `200 OK\x1b]0;PWNED\x07\x1b[2J\x1b[31mFAKE-PASS\x0d\u009b31m\u202e`,
		"tab\tand\nline":   "tab\tand\nline",
		"del\x7f bad\xff.": `del\x7f bad\xff.`,
		"plain ünïcode ✓":  "plain ünïcode ✓",
	} {
		if got := Visible(in); got != want {
			t.Errorf("Visible(%q) = %q, want %q", in, got, want)
		}
	}
	if got := VisibleLine("a\nPASS  fake"); got != `a\nPASS  fake` {
		t.Errorf("VisibleLine kept a line break: %q", got)
	}
}

// hostileReport puts a hostile value in every field a renderer shows,
// as a report crafted by hand for tsr report render could.
func hostileReport() *Report {
	r := fixture()
	v := hostile + "<script>alert(1)</script>"
	r.Status, r.Run.Started, r.Tool.Version = checks.Status(v), v, v
	r.Host = Host{Hostname: v, OS: v, Platform: v, Kernel: v, Arch: v}
	r.Playbooks[0].Name, r.Playbooks[0].Title = v, v
	for i := range r.Results {
		res := &r.Results[i]
		res.ID, res.Title, res.Message, res.Fix, res.SkipReason, res.Severity, res.Uses = v, v, v, v, v, checks.Severity(v), v
		res.Observed["x"+hostile] = v
		res.Unmet = []checks.Unmet{{Field: v, Matcher: v, Observed: v, Level: checks.Status(v)}}
	}
	r.Results[0].Status = checks.Status(v)
	for i := range r.Causes {
		c := &r.Causes[i]
		c.Check, c.Message, c.Fix, c.Status, c.Severity, c.Blocked = v, v, v, checks.Status(v), checks.Severity(v), []string{v}
	}
	return r
}

func TestRenderersShowNoRawControls(t *testing.T) {
	for _, format := range []string{"text", "markdown", "yaml", "html"} {
		data, err := Bytes(hostileReport(), format, Options{})
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if i := bytes.IndexFunc(data, func(r rune) bool {
			return r == 0x1b || r == 0x07 || r == '\r' || r == 0x9b || r == 0x202e && format != "yaml"
		}); i >= 0 {
			t.Errorf("%s holds a raw control character at %d: %q", format, i, data[max(0, i-20):min(len(data), i+20)])
		}
		if format == "markdown" && bytes.Contains(data, []byte("<script")) {
			t.Errorf("markdown holds a raw tag:\n%s", data)
		}
		if format != "yaml" && !bytes.Contains(data, []byte(`\x1b]0;PWNED`)) {
			t.Errorf("%s does not show the escape visibly:\n%s", format, data)
		}
	}
	if strings.Contains(Text{Color: true}.Line(hostileReport().Results[1]), "\x1b[2J") {
		t.Error("a live line passes a probe's escape sequence to the terminal")
	}
}

// TestYAMLWritesEveryReport: DEL, C1 controls and the noncharacters
// U+FFFE and U+FFFF made yaml.v3 refuse the report; now it is written and
// reads back to the same values.
func TestYAMLWritesEveryReport(t *testing.T) {
	r := fixture()
	odd := "del\x7f c1\u0085\u009b bom\ufeff nonchar\ufffe\uffff esc\x1b end"
	r.Results[0].Message = odd
	r.Results[0].Observed["body"] = odd
	data, err := Bytes(r, "yaml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := yaml.Unmarshal(data, &back); err != nil {
		t.Fatalf("the YAML report does not read back: %v\n%s", err, data)
	}
	got := back["results"].([]any)[0].(map[string]any)
	if got["message"] != odd || got["observed"].(map[string]any)["body"] != odd {
		t.Errorf("values changed: %q", got["message"])
	}
	j, _ := json.Marshal(r)
	if !bytes.Contains(j, []byte("del\x7f")) {
		t.Error("the JSON report should keep the value as it was")
	}
}

func TestInterruptedStatusLine(t *testing.T) {
	r := fixture()
	r.Status, r.Run.Interrupted = checks.StatusPass, true
	var b strings.Builder
	if err := (Text{Color: true}).Render(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Status: "+statusColor[checks.StatusWarn]+"INTERRUPTED") || strings.Contains(b.String(), "Status: "+statusColor[checks.StatusPass]) {
		t.Errorf("status line:\n%s", b.String())
	}
}
