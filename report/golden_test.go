package report

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/checks"
)

var update = flag.Bool("update", false, "rewrite the golden files with the renderers' current output")

// wantGolden compares got with testdata/golden/name, or writes it there
// with -update.
func wantGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./report -update, then review the diff):\n%s", path, got)
	}
}

// fixture is a report with one of everything a renderer must show: a root
// cause with a fix and blocked checks, a warning, a skip, an error and
// text that needs escaping.
func fixture() *Report {
	r := &Report{
		Schema: Schema,
		Tool:   Tool{Name: "tsr", Version: "1.2.0", Commit: "abc1234"},
		Run:    Run{ID: "K3M9QX2P", Started: "2026-11-22T10:00:00Z", DurationMS: 1840, Redaction: RedactSecrets, Args: []string{"diagnose", "--set", "site=intranet"}},
		Host:   Host{Hostname: "ws-042", OS: "linux", Platform: "debian 12", Kernel: "6.1.0", Arch: "amd64"},
		Playbooks: []PlaybookRef{{Name: "default", Title: "Quick health check", Source: "builtin:default",
			SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}},
		Causes: []Cause{{Check: "route", Playbook: "default", Title: "Default route", Status: checks.StatusFail, Message: "no default route",
			Fix: "Reconnect to the network; if it persists, call the help desk.", Tier: 1, Severity: "critical", Blocked: []string{"gateway", "dns"}}},
		Results: []Result{
			{ID: "link", Uses: "net.interface", Playbook: "default", Title: "Network link is up", Status: checks.StatusPass, Severity: "critical", Tier: 1,
				Message: "eth0 is up with carrier", Observed: map[string]any{"name": "eth0", "carrier": true, "error_kind": ""}, Unmet: []checks.Unmet{}, DurationMS: 1},
			{ID: "route", Uses: "net.route", Playbook: "default", Title: "Default route", Status: checks.StatusFail, Severity: "critical", Tier: 1,
				Message: "no default route", Observed: map[string]any{"has_default": false, "error_kind": ""},
				Unmet: []checks.Unmet{{Field: "has_default", Matcher: "true", Observed: false, Level: checks.StatusFail}},
				Fix:   "Reconnect to the network; if it persists, call the help desk.", DurationMS: 0},
			{ID: "gateway", Uses: "net.ping", Playbook: "default", Title: "Gateway answers", Status: checks.StatusSkip, Severity: "high", Tier: 2,
				Observed: map[string]any{}, Unmet: []checks.Unmet{}, SkipReason: "needs route, which failed", BlockedBy: []string{"route"}, Needs: []string{"route"}},
			{ID: "dns", Uses: "dns.resolve", Playbook: "default", Title: "Names resolve <script>alert(1)</script>", Status: checks.StatusSkip, Severity: "high", Tier: 1,
				Observed: map[string]any{}, Unmet: []checks.Unmet{}, SkipReason: "needs gateway, which was skipped (root cause: route)", BlockedBy: []string{"route"}, Needs: []string{"gateway"}},
			{ID: "disk-root", Uses: "hw.disk", Playbook: "default", Title: "Free disk space", Status: checks.StatusWarn, Severity: "high", Tier: 1,
				Message: "/ is 91% full (8.9 GiB free)", Observed: map[string]any{"mountpoint": "/", "used_percent": 91.2, "free": 9556302848, "error_kind": ""},
				Units: map[string]checks.Unit{"used_percent": "percent", "free": "bytes"},
				Unmet: []checks.Unmet{{Field: "used_percent", Matcher: "< 85%", Observed: 91.2, Level: checks.StatusWarn}}, Fix: "Empty the trash and remove large downloads.", DurationMS: 2},
			{ID: "battery", Uses: "hw.battery", Playbook: "default", Title: "Battery health", Status: checks.StatusError, Severity: "low", Tier: 2,
				Message: "cannot read /sys/class/power_supply: permission denied", Observed: map[string]any{"error_kind": "permission"}, Unmet: []checks.Unmet{}},
		},
	}
	r.Inventory = &checks.Inventory{CPU: &checks.InventoryCPU{Model: "AMD EPYC <b>", Threads: 2}, Disks: []checks.InventoryDisk{}}
	r.Tally()
	if err := r.Normalize(); err != nil {
		panic(err)
	}
	return r
}

func TestGolden(t *testing.T) {
	cases := []struct {
		name   string
		render Renderer
	}{
		{"text.golden", Text{}},
		{"text-color.golden", Text{Color: true}},
		{"text-live.golden", Text{LinesShown: true}},
	}
	for _, f := range Formats() {
		rd, _ := NewRenderer(f, Options{})
		cases = append(cases, struct {
			name   string
			render Renderer
		}{f + ".golden", rd})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := c.render.Render(&buf, fixture()); err != nil {
				t.Fatal(err)
			}
			wantGolden(t, c.name, buf.Bytes())
		})
	}
}

// TestJSONRoundTrip: a report read back from its JSON renders the same in
// every format, which is what `tsr report render` promises.
func TestJSONRoundTrip(t *testing.T) {
	r := fixture()
	data, err := Bytes(r, "json", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := Decode(bytes.NewReader(data), &back); err != nil {
		t.Fatal(err)
	}
	for _, f := range Formats() {
		a, _ := Bytes(r, f, Options{})
		b, _ := Bytes(&back, f, Options{})
		if !bytes.Equal(a, b) {
			t.Errorf("%s: the re-read report renders differently", f)
		}
	}
	if err := Decode(bytes.NewReader([]byte(`{"schema":"tsr/report/9"}`)), &back); err == nil {
		t.Error("a report of another schema was accepted")
	}
}

func TestTallyWorstStatus(t *testing.T) {
	r := fixture()
	if r.Status != checks.StatusError || r.Summary != (Summary{Total: 6, Pass: 1, Warn: 1, Fail: 1, Skip: 2, Error: 1}) {
		t.Errorf("status %s summary %+v", r.Status, r.Summary)
	}
	r.Results = r.Results[:1]
	r.Results = append(r.Results, Result{Status: checks.StatusSkip})
	r.Tally()
	if r.Status != checks.StatusPass {
		t.Errorf("skip counted in status: %s", r.Status)
	}
}

// TestNoMarkupGetsThrough: titles, messages and observed values are text
// in the HTML and Markdown reports, never markup.
func TestNoMarkupGetsThrough(t *testing.T) {
	r := fixture()
	r.Results[0].Message = `<img src=x onerror=alert(1)> & "quoted"`
	r.Results[0].Observed["name"] = "<b>eth0</b>"
	r.Causes[0].Fix = "<a href='http://evil.example/'>click</a>"
	page, _ := Bytes(r, "html", Options{})
	for _, bad := range []string{"<script>alert", "<img", "<b>eth0", "<a href"} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("html holds unescaped %q", bad)
		}
	}
	if n := bytes.Count(page, []byte("<script")); n != 1 {
		t.Errorf("html has %d script elements, want only its own filter script", n)
	}
	if !bytes.Contains(page, []byte("&lt;img src=x onerror=alert(1)&gt; &amp; &#34;quoted&#34;")) {
		t.Error("the message is not shown, escaped")
	}
	for _, ref := range externalRefs(page) {
		t.Errorf("html references %q: it must be self-contained", ref)
	}
	md, _ := Bytes(r, "markdown", Options{})
	for _, bad := range []string{"<img", "<b>", "<script", "<a href"} {
		if bytes.Contains(md, []byte(bad)) {
			t.Errorf("markdown holds raw %q", bad)
		}
	}
}

func TestFormatsSurviveHostileValues(t *testing.T) {
	r := fixture()
	r.Results[4].Message = "bell \x07 escape \x1b[31m end"
	r.Results[4].Observed["answer"] = "yes"
	r.Results[4].Observed["count_text"] = "12"
	data, _ := Bytes(r, "junit", Options{})
	if err := xml.Unmarshal(data, new(struct{})); err != nil {
		t.Errorf("junit is not XML with control characters: %v", err)
	}
	y, _ := Bytes(r, "yaml", Options{})
	for _, want := range []string{`answer: "yes"`, `count_text: "12"`} {
		if !bytes.Contains(y, []byte(want)) {
			t.Errorf("yaml lacks %s: a YAML 1.1 reader would not read a string back", want)
		}
	}
}

func TestDiffCountsANewFailureAsWorse(t *testing.T) {
	old, new := fixture(), fixture()
	old.Results = old.Results[:1]
	d := Compare(old, new)
	if !d.Worse || len(d.Added) != 5 {
		t.Errorf("diff = %+v", d)
	}
}

func TestDiffRevealedFailuresAndMovingNumbersAreNotWorse(t *testing.T) {
	old, new := fixture(), fixture()
	new.Results[2].Status = checks.StatusFail // gateway: skipped before, reached and failing now
	new.Results[4].Observed["free"] = 1.0
	d := Compare(old, new)
	if d.Worse || len(d.Changed) != 1 || len(d.Values) != 0 {
		t.Errorf("diff = %+v", d)
	}
}

// externalRefs lists every reference of an HTML page to another place
// (http://, https://, or protocol-relative //host in an attribute or
// url()), except in escaped text, where a quoted URL is shown, not loaded.
func externalRefs(page []byte) []string {
	var refs []string
	for _, scheme := range []string{"http://", "https://", "//"} {
		for i := 0; ; {
			j := bytes.Index(page[i:], []byte(scheme))
			if j < 0 {
				break
			}
			at := i + j
			i = at + len(scheme)
			before := page[:at]
			if scheme == "//" && (len(before) == 0 || !bytes.ContainsAny(before[len(before)-1:], `"'(`)) {
				continue // a path, a comment, or the rest of http://
			}
			if bytes.HasSuffix(before, []byte("&#39;")) || bytes.HasSuffix(before, []byte("&#34;")) {
				continue // shown escaped, as in a fix holding <a href='http://...'>
			}
			refs = append(refs, string(page[at:min(len(page), at+40)]))
		}
	}
	return refs
}

// TestExternalRefsFindsEveryReference: the self-contained check sees a
// reference wherever it is, not only the first.
func TestExternalRefsFindsEveryReference(t *testing.T) {
	page := []byte(`<p>&lt;a href=&#39;http://evil.example/&#39;&gt;</p><style>a{background:url(http://a.example/bg.png)}</style>` +
		`<link href="https://cdn.example/x.css"><img src="//cdn.example/y.png"><img src="http://b.example/i.png">` +
		`<script src="https://cdn.example/z.js"></script><img src='//cdn.example/w.png'>`)
	var got []string
	for _, ref := range externalRefs(page) {
		got = append(got, strings.Fields(strings.NewReplacer(`"`, " ", `'`, " ", ")", " ").Replace(ref))[0])
	}
	slices.Sort(got)
	want := []string{"//cdn.example/w.png", "//cdn.example/y.png", "http://a.example/bg.png", "http://b.example/i.png",
		"https://cdn.example/x.css", "https://cdn.example/z.js"}
	if !slices.Equal(got, want) {
		t.Errorf("refs = %q, want %q", got, want)
	}
}

// Details speak words and units, not matcher syntax and raw numbers.
func TestReadableDetails(t *testing.T) {
	for matcher, want := range map[string]string{
		">= 1": "at least 1", "< 300ms": "under 300ms", "<= 1%": "at most 1%", "!= 0": "anything but 0", "== 5": "5",
		"[, filtered]": "one of empty, filtered", "{contains: 10.0.0.1}": "containing 10.0.0.1",
		"{not: {contains: 0.0.0.0}}": "not containing 0.0.0.0", "{matches: ^https://}": "matching the pattern ^https://", "NOERROR": "NOERROR",
	} {
		if got := matcherWords(matcher); got != want {
			t.Errorf("matcherWords(%q) = %q, want %q", matcher, got, want)
		}
	}
	if got := unmetText(checks.Unmet{Field: "answer_count", Matcher: ">= 1", Level: checks.StatusFail}, map[string]checks.Unit{"answer_count": "number"}); got != "answer_count was not observed; it should be at least 1" {
		t.Errorf("unmet: %q", got)
	}
	for _, c := range []struct {
		field string
		v     any
		unit  checks.Unit
		want  string
	}{
		{"available", 22493945856.0, "bytes", "20.9 GiB"}, {"uptime", 1715020000.0, "ms", "19d20h"},
		{"rtt_avg", 0.149, "ms", "149µs"}, {"used_percent", 91.2, "percent", "91.2%"}, {"cert_days_left", 5.0, "days", "5 days"}, {"days_left", 1.0, "days", "1 day"}, {"cert_days_left", 5.0, "number", "5"},
		{"failing", []any{}, "", "none"},
	} {
		if got := fieldText(c.field, c.v, map[string]checks.Unit{c.field: c.unit}); got != c.want {
			t.Errorf("fieldText(%s, %v, %s) = %q, want %q", c.field, c.v, c.unit, got, c.want)
		}
	}
}

// Several playbooks in one report: every format names each check's
// playbook, and the text columns stay aligned.
func TestSeveralPlaybooksAreLabelled(t *testing.T) {
	r := fixture()
	r.Playbooks = append(r.Playbooks, PlaybookRef{Name: "network", Title: "Network in depth", Source: "builtin:network"})
	extra := r.Results[0]
	extra.Playbook = "network"
	r.Results = append(r.Results, extra)
	for _, format := range []string{"markdown", "html", "text"} {
		var buf bytes.Buffer
		rd, _ := NewRenderer(format, Options{})
		if err := rd.Render(&buf, r); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "network/link") || !strings.Contains(buf.String(), "default/link") {
			t.Errorf("%s does not name the playbooks of the two link checks:\n%s", format, buf.String())
		}
		if format == "text" { // each status line's title starts in the same column
			col := -1
			lines := strings.Split(buf.String(), "\n")
			for _, res := range r.Results {
				for _, line := range lines {
					if !strings.Contains(line, qualifiedID(r, res)+" ") {
						continue
					}
					if i := strings.Index(line, res.Title); i >= 0 && col < 0 {
						col = i
					} else if i >= 0 && i != col {
						t.Errorf("titles do not line up:\n%s", buf.String())
					}
					break
				}
			}
		}
	}
}

// A summary of one check says "1 check", not "1 checks".
func TestSummaryCountsInTheSingular(t *testing.T) {
	if got, want := summaryText(Summary{Total: 1, Pass: 1}), "1 check: "; !strings.HasPrefix(got, want) {
		t.Errorf("summary of one check = %q, want it to start %q", got, want)
	}
	if got, want := summaryText(Summary{Total: 2, Pass: 2}), "2 checks: "; !strings.HasPrefix(got, want) {
		t.Errorf("summary of two checks = %q, want it to start %q", got, want)
	}
}
