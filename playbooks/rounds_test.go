package playbooks

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/report"
)

// roundsOf builds rounds from a status strip per check ("pf" is pass in
// round 1, fail in round 2; s skip, w warn, e error), a minute apart.
func roundsOf(strips map[string]string, needs map[string][]string, latency map[string][]float64) []Round {
	ids := []string{}
	for _, id := range []string{"link", "dns", "web", "disk"} {
		if _, ok := strips[id]; ok {
			ids = append(ids, id)
		}
	}
	letters := map[byte]checks.Status{'p': checks.StatusPass, 'f': checks.StatusFail, 'w': checks.StatusWarn, 'e': checks.StatusError, 's': checks.StatusSkip}
	start := time.Date(2026, 11, 30, 10, 0, 19, 0, time.UTC)
	var rounds []Round
	for k := 0; k < len(strips[ids[0]]); k++ {
		out := &Outcome{Causes: []report.Cause{}}
		for _, id := range ids {
			res := report.Result{ID: id, Playbook: "pb", Status: letters[strips[id][k]], Needs: needs[id], Observed: map[string]any{"ok": true}}
			res.Message = id + " " + string(res.Status)
			if res.Status == checks.StatusSkip {
				res.SkipReason, res.Message = "needs something", ""
			}
			if l := latency[id]; l != nil {
				res.Observed["latency_ms"] = l[k]
			}
			out.Results = append(out.Results, res)
		}
		for _, res := range out.Results {
			if res.Status == checks.StatusFail || res.Status == checks.StatusError {
				c := report.Cause{Check: res.ID, Playbook: "pb", Status: res.Status, Blocked: []string{}}
				for _, other := range out.Results {
					if other.Status == checks.StatusSkip && strings.Contains(strings.Join(other.Needs, ","), res.ID) {
						c.Blocked = append(c.Blocked, other.ID)
					}
				}
				out.Causes = append(out.Causes, c)
			}
		}
		rounds = append(rounds, Round{At: start.Add(time.Duration(k) * time.Minute), Out: out})
	}
	return rounds
}

func TestMergeRounds(t *testing.T) {
	for _, tc := range []struct {
		name    string
		strips  map[string]string
		needs   map[string][]string
		check   string
		status  checks.Status
		flaky   bool
		message string
		counts  map[checks.Status]int
		causes  string // "check:blocked,blocked check:..."
	}{
		{name: "steady pass", strips: map[string]string{"dns": "pppp"}, check: "dns", status: "pass", message: "dns pass",
			counts: map[checks.Status]int{"pass": 4}, causes: ""},
		{name: "comes and goes", strips: map[string]string{"dns": "ppfpfppf"}, check: "dns", status: "fail", flaky: true,
			message: "failed 3 of 8 rounds, last at 10:07:19: dns fail", counts: map[checks.Status]int{"pass": 5, "fail": 3}, causes: "dns:"},
		{name: "warns now and then", strips: map[string]string{"dns": "pwpp"}, check: "dns", status: "warn", flaky: true,
			message: "warned 1 of 4 rounds, last at 10:01:19: dns warn", counts: map[checks.Status]int{"pass": 3, "warn": 1}},
		{name: "fail and error both count", strips: map[string]string{"dns": "pfep"}, check: "dns", status: "error", flaky: true,
			message: "failed 2 of 4 rounds, last at 10:02:19: dns error", causes: "dns:"},
		{name: "steady fail is not flaky", strips: map[string]string{"dns": "fff"}, check: "dns", status: "fail", message: "dns fail", causes: "dns:"},
		{name: "skipped when its need failed is not flaky", strips: map[string]string{"dns": "pfpf", "web": "psps"}, needs: map[string][]string{"web": {"dns"}},
			check: "web", status: "pass", message: "web pass", counts: map[checks.Status]int{"pass": 2, "skip": 2}, causes: "dns:web"},
		{name: "always skipped", strips: map[string]string{"dns": "ss"}, check: "dns", status: "skip", message: ""},
		{name: "fails only when its need fails: blocked, not a cause",
			strips: map[string]string{"dns": "pfpf", "web": "pfpf"}, needs: map[string][]string{"web": {"dns"}},
			check: "web", status: "fail", flaky: true, message: "failed 2 of 4 rounds, last at 10:03:19: web fail", causes: "dns:web"},
		{name: "fails on its own too: a cause of its own",
			strips: map[string]string{"dns": "pfpp", "web": "pffp"}, needs: map[string][]string{"web": {"dns"}},
			check: "web", status: "fail", flaky: true, causes: "dns: web:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rounds := roundsOf(tc.strips, tc.needs, nil)
			out := MergeRounds(nil, rounds)
			if out.Rounds != len(rounds) {
				t.Errorf("rounds %d, want %d", out.Rounds, len(rounds))
			}
			r := byID(out)[tc.check]
			if r.Status != tc.status || r.Flaky != tc.flaky || tc.message != "" && r.Message != tc.message {
				t.Errorf("%s: status %s flaky %v message %q; want %s %v %q", tc.check, r.Status, r.Flaky, r.Message, tc.status, tc.flaky, tc.message)
			}
			for st, n := range tc.counts {
				if r.Counts[st] != n {
					t.Errorf("counts %v, want %v", r.Counts, tc.counts)
				}
			}
			if len(r.History) != len(rounds) || r.History[0].Round != 1 || r.History[1].At != "2026-11-30T10:01:19Z" {
				t.Errorf("history %+v", r.History)
			}
			var causes []string
			for _, c := range out.Causes {
				causes = append(causes, c.Check+":"+strings.Join(c.Blocked, ","))
			}
			if got := strings.Join(causes, " "); got != tc.causes {
				t.Errorf("causes %q, want %q", got, tc.causes)
			}
		})
	}
}

func TestMergeRoundsHistoryAndStats(t *testing.T) {
	rounds := roundsOf(map[string]string{"dns": "ppfpp"}, nil, map[string][]float64{"dns": {12, 30, 5, 8, 40}})
	r := MergeRounds(nil, rounds).Results[0]
	var msgs []string
	for _, h := range r.History {
		msgs = append(msgs, string(h.Status)+"="+h.Message)
	}
	if got := strings.Join(msgs, " "); got != "pass=dns pass pass= fail=dns fail pass=dns pass pass=" {
		t.Errorf("history says %q: a message only when it changed", got)
	}
	if s := r.ObservedStats["latency_ms"]; s != (report.Stats{Min: 5, Median: 12, Max: 40}) {
		t.Errorf("latency stats %+v", s)
	}
	if _, ok := r.ObservedStats["ok"]; ok {
		t.Error("a bool has no stats")
	}
}

func TestRunRounds(t *testing.T) {
	pb := mustLoad(t, `
tsr: 1
name: rounds
checks:
  - { id: flaky, uses: test.flaky, with: { key: rounds, fails: 2 } }
  - { id: steady, uses: test.probe }
`)
	var seen []int
	out, err := RunRounds(context.Background(), []*Playbook{pb}, Options{}, Repeat{Rounds: 4, Every: time.Millisecond, OnRound: func(n int) { seen = append(seen, n) }})
	if err != nil {
		t.Fatal(err)
	}
	got := byID(out)
	if out.Rounds != 4 || len(seen) != 4 || got["flaky"].Status != checks.StatusFail || !got["flaky"].Flaky || got["steady"].Flaky {
		t.Errorf("rounds %d (%v); flaky: %s %v; steady flaky %v", out.Rounds, seen, got["flaky"].Status, got["flaky"].Flaky, got["steady"].Flaky)
	}
	if !strings.HasPrefix(got["flaky"].Message, "failed 2 of 4 rounds, last at ") {
		t.Errorf("message %q", got["flaky"].Message)
	}
}

// Ctrl-C while waiting for the next round ends with the rounds so far.
func TestRunRoundsInterrupted(t *testing.T) {
	pb := mustLoad(t, "tsr: 1\nname: rounds\nchecks:\n  - { id: steady, uses: test.probe }\n")
	ctx, cancel := context.WithCancelCause(context.Background())
	out, err := RunRounds(ctx, []*Playbook{pb}, Options{}, Repeat{Rounds: 5, Every: time.Hour, OnRound: func(n int) {
		if n == 2 {
			t.Error("a second round started within the hour")
		}
		if n == 1 {
			go cancel(ErrInterrupted)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !out.Interrupted || out.Rounds != 1 || out.Results[0].Status != checks.StatusPass && out.Results[0].Status != checks.StatusSkip {
		t.Errorf("interrupted %v, rounds %d, status %s", out.Interrupted, out.Rounds, out.Results[0].Status)
	}
}
