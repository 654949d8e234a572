package playbooks

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/report"
)

// Repeat says how a run is repeated to catch a fault that comes and goes.
type Repeat struct {
	Rounds  int           // stop after this many rounds; 0: only For bounds them
	Every   time.Duration // from one round's start to the next
	For     time.Duration // keep starting rounds for this long; 0: only Rounds bounds them
	OnRound func(round int)
}

// Round is one round's outcome and when it started.
type Round struct {
	At  time.Time
	Out *Outcome
}

// RunRounds runs the playbooks in rounds and merges them into one outcome.
// Ctrl-C ends it with the rounds that finished (the cut round is kept only
// when it is the first).
func RunRounds(ctx context.Context, pbs []*Playbook, opts Options, rep Repeat) (*Outcome, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	begun := now()
	var rounds []Round
	for n := 1; ; n++ {
		if rep.OnRound != nil {
			rep.OnRound(n)
		}
		at := now()
		out, err := Run(ctx, pbs, opts)
		if err != nil {
			return nil, err
		}
		if out.Interrupted {
			if len(rounds) == 0 {
				rounds = append(rounds, Round{at, out})
			}
			merged := MergeRounds(pbs, rounds)
			merged.Interrupted = true
			return merged, nil
		}
		rounds = append(rounds, Round{at, out})
		next := at.Add(rep.Every)
		if rep.Rounds > 0 && n >= rep.Rounds || rep.For > 0 && next.Sub(begun) >= rep.For || rep.Rounds == 0 && rep.For == 0 {
			return MergeRounds(pbs, rounds), nil
		}
		t := time.NewTimer(next.Sub(now()))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			merged := MergeRounds(pbs, rounds)
			merged.Interrupted = true
			return merged, nil
		}
	}
}

// MergeRounds sums up rounds of the same playbooks into one outcome: each
// result's history, counts, flakiness and observed stats, its worst
// status, and the root causes over all rounds.
func MergeRounds(pbs []*Playbook, rounds []Round) *Outcome {
	last := rounds[len(rounds)-1].Out
	out := &Outcome{Results: make([]report.Result, len(last.Results)), Rounds: len(rounds)}
	for i := range last.Results {
		out.Results[i] = mergeResult(rounds, i)
	}
	for _, r := range rounds {
		out.TimedOut = out.TimedOut || r.Out.TimedOut
	}
	out.Causes = mergeCauses(pbs, rounds, out.Results)
	return out
}

// mergeResult sums up the i-th result of every round.
func mergeResult(rounds []Round, i int) report.Result {
	worst, seen := 0, map[checks.Status]bool{}
	counts := map[checks.Status]int{}
	var history []report.RoundStatus
	prevMessage := ""
	for k, r := range rounds {
		res := r.Out.Results[i]
		counts[res.Status]++
		if res.Status != checks.StatusSkip {
			seen[res.Status] = true
		}
		if res.Status.Rank() >= rounds[worst].Out.Results[i].Status.Rank() {
			worst = k // the latest of the worst: its message, fix and evidence
		}
		h := report.RoundStatus{Round: k + 1, At: r.At.UTC().Format(time.RFC3339), Status: res.Status}
		if msg := roundText(res); k == 0 || msg != prevMessage {
			h.Message, prevMessage = msg, msg
		}
		history = append(history, h)
	}
	merged := rounds[worst].Out.Results[i]
	merged.History, merged.Counts = history, counts
	merged.Flaky = len(seen) > 1
	merged.ObservedStats = stats(rounds, i)
	if merged.Flaky {
		bad, lastAt := 0, ""
		for k, r := range rounds {
			if st := r.Out.Results[i].Status; st.Rank() >= checks.StatusWarn.Rank() && st.Rank() == merged.Status.Rank() ||
				merged.Status != checks.StatusWarn && st.Failed() {
				bad++
				lastAt = history[k].At
			}
		}
		verb := "failed"
		if merged.Status == checks.StatusWarn {
			verb = "warned"
		}
		at, _ := time.Parse(time.RFC3339, lastAt)
		merged.Message = fmt.Sprintf("%s %d of %d rounds, last at %s: %s", verb, bad, len(rounds), at.Format("15:04:05"), merged.Message)
	}
	return merged
}

// roundText is what a round's result says: its message, or why it was skipped.
func roundText(r report.Result) string {
	if r.Status == checks.StatusSkip && r.SkipReason != "" {
		return r.SkipReason
	}
	return r.Message
}

// stats gives min, median and max of each numeric observed field of the
// i-th result over the rounds that observed it.
func stats(rounds []Round, i int) map[string]report.Stats {
	values := map[string][]float64{}
	for _, r := range rounds {
		for field, v := range r.Out.Results[i].Observed {
			if f, ok := number(v); ok {
				values[field] = append(values[field], f)
			}
		}
	}
	if len(values) == 0 {
		return nil
	}
	out := map[string]report.Stats{}
	for field, list := range values {
		sort.Float64s(list)
		median := list[len(list)/2]
		if len(list)%2 == 0 {
			median = (list[len(list)/2-1] + list[len(list)/2]) / 2
		}
		out[field] = report.Stats{Min: list[0], Median: median, Max: list[len(list)-1]}
	}
	return out
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, !math.IsNaN(n) && !math.IsInf(n, 0)
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case time.Duration:
		return float64(n.Milliseconds()), true
	}
	return 0, false
}

// mergeCauses finds the root causes over the rounds: a check that ended
// fail or error in some round, unless in every round where it did one of
// its needs failed too (then that need is the cause, and it blocked this
// one). What a cause kept from running is gathered from every round.
func mergeCauses(pbs []*Playbook, rounds []Round, merged []report.Result) []report.Cause {
	index := map[string]int{} // playbook/id -> result index
	for i, r := range merged {
		index[r.Playbook+"/"+r.ID] = i
	}
	blocked := map[string][]string{} // playbook/id -> what it blocked, in any round
	for _, r := range rounds {
		for _, c := range r.Out.Causes {
			key := c.Playbook + "/" + c.Check
			for _, b := range c.Blocked {
				if !slices.Contains(blocked[key], b) {
					blocked[key] = append(blocked[key], b)
				}
			}
		}
	}
	var candidates []int
	for i, res := range merged {
		if !res.Status.Failed() {
			continue
		}
		var by []string // needs that failed in every round this check failed
		for _, need := range res.Needs {
			j, ok := index[res.Playbook+"/"+need]
			if !ok {
				continue
			}
			always := true
			for _, r := range rounds {
				if r.Out.Results[i].Status.Failed() && !r.Out.Results[j].Status.Failed() {
					always = false
				}
			}
			if always {
				by = append(by, need)
			}
		}
		if len(by) > 0 {
			merged[i].BlockedBy = by
			for _, need := range by {
				key := res.Playbook + "/" + need
				if !slices.Contains(blocked[key], res.ID) {
					blocked[key] = append(blocked[key], res.ID)
				}
			}
			continue
		}
		candidates = append(candidates, i)
	}
	causes := []report.Cause{}
	for _, i := range candidates {
		res := merged[i]
		b := blocked[res.Playbook+"/"+res.ID]
		if b == nil {
			b = []string{}
		}
		causes = append(causes, report.Cause{
			Check: res.ID, Playbook: res.Playbook, Title: res.Title, Status: res.Status,
			Message: res.Message, Fix: res.Fix, Tier: res.Tier, Severity: res.Severity, Blocked: b,
		})
	}
	sortCauses(causes)
	return causes
}
