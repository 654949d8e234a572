package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/checks"
)

// roundsFixture is the fixture as a repeated run of 8 rounds left it: the
// link came and went.
func roundsFixture() *Report {
	r := fixture()
	r.Run.Rounds, r.Run.EveryMS = 8, 1000
	link := &r.Results[0]
	link.Status, link.Flaky = checks.StatusFail, true
	link.Message = "failed 3 of 8 rounds, last at 10:00:07: eth0 has no carrier"
	link.Counts = map[checks.Status]int{checks.StatusPass: 5, checks.StatusFail: 3}
	link.ObservedStats = map[string]Stats{"speed_mbps": {Min: 100, Median: 1000, Max: 1000}}
	for i, st := range []checks.Status{checks.StatusPass, checks.StatusPass, checks.StatusFail, checks.StatusFail, checks.StatusPass, checks.StatusFail, checks.StatusPass, checks.StatusPass} {
		h := RoundStatus{Round: i + 1, At: "2026-11-22T10:00:0" + string(rune('0'+i)) + "Z", Status: st}
		link.History = append(link.History, h)
	}
	r.Tally()
	if err := r.Normalize(); err != nil {
		panic(err)
	}
	return r
}

func TestGoldenRounds(t *testing.T) {
	for _, f := range []string{"text", "markdown", "junit", "html", "json"} {
		t.Run(f, func(t *testing.T) {
			rd, _ := NewRenderer(f, Options{})
			var buf bytes.Buffer
			if err := rd.Render(&buf, roundsFixture()); err != nil {
				t.Fatal(err)
			}
			wantGolden(t, "rounds-"+f+".golden", buf.Bytes())
		})
	}
}

func TestRoundsShown(t *testing.T) {
	want := map[string]string{"text": "[..xx.x..]", "markdown": "rounds: fail 3, pass 5 (flaky)", "junit": "rounds: fail 3, pass 5 (flaky), history ..xx.x..",
		"html": `<svg class="history" role="img" aria-label="history: ..xx.x.."`}
	for f, s := range want {
		rd, _ := NewRenderer(f, Options{})
		var buf bytes.Buffer
		if err := rd.Render(&buf, roundsFixture()); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), s) {
			t.Errorf("%s does not show the rounds (%q)", f, s)
		}
		if f == "html" && strings.Count(buf.String(), "<rect") != 8 {
			t.Errorf("html timeline: want 8 bars")
		}
		if f == "html" {
			for _, ref := range externalRefs(buf.Bytes()) {
				t.Errorf("html timeline references %q: it must be self-contained", ref)
			}
		}
	}
}
