package playbooks

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/report"
)

// deadline is how long one check may take: its own `timeout`, else the
// largest of its type's default, its type's Deadline for these params, and
// its `timeout` parameter.
func deadline(c *Check, p checks.Params) time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	d := max(c.Type.Timeout, p.Duration("timeout"))
	if c.Type.Deadline != nil {
		d = max(d, c.Type.Deadline(p))
	}
	return d
}

// probe runs one check and sends it to r.finished. It never blocks the run:
// a probe that ignores its deadline is abandoned hangGrace after it.
func (r *runner) probe(ctx context.Context, n *node) {
	start := r.now()
	f := finished{node: n, result: baseResult(n)}
	observed := Observed{}
	var collect func(n *node) // what every check it needs observed, directly or not
	collect = func(n *node) {
		for _, dep := range n.deps {
			if _, seen := observed[dep.check.ID]; !seen {
				observed[dep.check.ID] = dep.typed
				collect(dep)
			}
		}
	}
	collect(n)
	params, err := n.pb.Params(n.check, observed)
	var earlier []string // the messages of attempts that failed
	for attempt := 1; ; attempt++ {
		var o checks.Outcome
		if err != nil {
			o = checks.Errored(notBound(err), "cannot run: %v", err)
		} else {
			limit := deadline(n.check, params)
			cctx, cancel := context.WithTimeout(ctx, limit)
			o = r.call(cctx, n.check.Type, params, limit)
			cancel()
		}
		// A probe that returns once the run is over may have returned because
		// of that (a cancelled connect, a killed command): its result is not
		// the machine's. The run records it as cut, never as a fail or a cause.
		f.cut = ctx.Err() != nil
		f.result = baseResult(n)
		f.typed = r.judge(n, &f.result, o, observed, r.now().Sub(start))
		f.evidence = o.Evidence // the last attempt's
		failed := f.result.Status.Failed()
		if !failed || attempt > n.check.Retries || f.cut || err != nil || !r.pause(ctx, n.check.RetryDelay) {
			retried(n, &f.result, attempt, earlier)
			break
		}
		earlier = append(earlier, f.result.Message)
	}
	r.finished <- f
}

// notBound names why a check's parameters could not be bound at run time:
// a value from another check that its parameter refuses (parameter), or
// a reference that gave no value (reference).
func notBound(err error) checks.ErrorKind {
	var bad *checks.ParamError
	if errors.As(err, &bad) {
		return checks.ErrorKindParameter
	}
	return checks.ErrorKindReference
}

// pause waits before a retry; false when the run ended meanwhile.
func (r *runner) pause(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// retried records the attempts of a check with retries: a pass after a
// failure is an intermittent fault, a warn and never a plain pass, and
// the failures' messages are kept in the message.
func retried(n *node, res *report.Result, attempt int, earlier []string) {
	if n.check.Retries == 0 {
		return
	}
	res.Attempts = attempt
	if len(earlier) == 0 {
		return
	}
	switch res.Status {
	case checks.StatusPass, checks.StatusWarn:
		msg := fmt.Sprintf("passed on attempt %d of %d: intermittent", attempt, n.check.Retries+1)
		if res.Status == checks.StatusWarn && res.Message != "" {
			msg += "; " + res.Message
		}
		res.Status, res.Message = checks.StatusWarn, msg+" (earlier: "+strings.Join(dedupe(earlier), "; ")+")"
		if res.Fix == "" {
			res.Fix = n.pb.Text(n.check, n.check.FixFor("", checks.StatusWarn), nil)
		}
	case checks.StatusFail, checks.StatusError:
		msg := fmt.Sprintf("%s (failed all %d attempts", res.Message, attempt)
		if other := slices.DeleteFunc(dedupe(earlier), func(m string) bool { return m == res.Message }); len(other) > 0 {
			msg += "; earlier: " + strings.Join(other, "; ")
		}
		res.Message = msg + ")"
	}
}

// dedupe drops repeats, keeping the first of each.
func dedupe(list []string) []string {
	var out []string
	for _, s := range list {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// finished carries a probe's result to the run loop, which alone writes nodes.
type finished struct {
	node     *node
	result   report.Result
	typed    map[string]any
	cut      bool // the run ended before the probe returned
	evidence []checks.Evidence
}

// apply records a finished probe in its node.
func (f finished) apply() {
	f.node.result, f.node.typed, f.node.done, f.node.evidence = f.result, f.typed, true, f.evidence
}

// call runs the type's probe in its own goroutine, so that one that hangs
// past its deadline costs the run nothing but hangGrace.
func (r *runner) call(ctx context.Context, t *checks.Type, p checks.Params, limit time.Duration) checks.Outcome {
	start := time.Now()
	done := make(chan checks.Outcome, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				done <- checks.Errored(checks.ErrorKindInternal, "%s crashed: %v (a bug in tsr: please report it with this report attached)", t.Name, v)
			}
		}()
		env := r.opts.Env
		done <- t.Run(ctx, &env, p)
	}()
	select {
	case o := <-done:
		return o
	case <-ctx.Done():
	}
	cutAt := time.Now()
	select {
	case o := <-done:
		return o
	case <-time.After(hangGrace):
		if cutAt.Sub(start) < limit-10*time.Millisecond { // before its own deadline: the run's ended
			return checks.Failed(checks.ErrorKindTimeout, "cut when the run's --timeout ran out, after %s", checks.FormatDuration(cutAt.Sub(start)))
		}
		return checks.Failed(checks.ErrorKindTimeout, "no answer within %s", checks.FormatDuration(limit))
	}
}

// judge turns a probe's outcome into the check's result and returns the
// typed observed values, for the checks that refer to them.
func (r *runner) judge(n *node, res *report.Result, o checks.Outcome, observed Observed, took time.Duration) map[string]any {
	c := n.check
	res.DurationMS = took.Milliseconds()
	res.Message = o.Message
	if o.Fix != "" {
		res.Fix = o.Fix
	}
	v := checks.Judge(c.Type, o, c.Expectations(), c.Warnings(), c.expectOK, c.warnOK)
	res.Status, res.Observed, res.Units = v.Status, v.JSON, v.Units
	res.Unmet = append(res.Unmet, v.Unmet...)
	if res.Status == checks.StatusSkip {
		res.SkipReason = o.Skip
	}
	if res.Message == "" {
		switch {
		case o.Skip != "":
			res.Message = o.Skip
		case len(v.Unmet) > 0:
			res.Message = v.Unmet[0].Describe()
		}
	} else if res.Status == checks.StatusFail && c.expectOK || res.Status == checks.StatusWarn && c.warnOK {
		// The check's own words explain its type's defaults, not what the
		// playbook asked: say which of those did not hold.
		for _, u := range v.Unmet {
			_, explained := c.Type.Expect[u.Field] // the check's message speaks to its type's own fields, and its failure
			explained = explained || u.Field == checks.ErrorKindField.Name
			if _, w := c.Type.Warn[u.Field]; w {
				explained = true
			}
			if u.Level == res.Status && !explained && !strings.Contains(res.Message, u.Field) {
				res.Message += " (" + u.Describe() + ")"
				break
			}
		}
	}
	if c.Title != nil {
		res.Title = n.pb.Text(c, c.Title, observed)
	}
	// The playbook's advice for this error kind comes first, then the
	// check's own (it knows how to rerun with a privilege it lacked), then
	// the playbook's for the status or its default.
	if _, byKind := c.Fix[string(o.ErrorKind)]; byKind && o.ErrorKind != "" || o.Fix == "" {
		res.Fix = n.pb.Text(c, c.FixFor(o.ErrorKind, res.Status), observed)
	}
	if res.Status == checks.StatusPass || res.Status == checks.StatusSkip {
		res.Fix = "" // nothing to fix: a reader should not wonder
	}
	return v.Typed
}

// baseResult is a result with what is known before the check runs.
func baseResult(n *node) report.Result {
	c := n.check
	title := c.Type.Title
	if c.Title != nil {
		title = n.pb.Text(c, c.Title, nil)
	}
	return report.Result{
		ID: c.ID, Uses: c.Uses, Playbook: n.pb.Name, Title: title,
		Severity: c.Severity, Tier: c.Tier,
		Needs: c.Needs, Observed: map[string]any{}, Unmet: []checks.Unmet{},
	}
}

// stop records every unfinished check when the run ends early: results
// already sent are kept; probes still running are cut.
func (r *runner) stop(ctx context.Context, nodes []*node, running int) {
	interrupted := errors.Is(context.Cause(ctx), ErrInterrupted)
	collect := func(f finished) {
		running--
		if f.cut { // recorded below as cut by the run's end
			return
		}
		f.apply()
		r.report(f.node)
	}
	if !interrupted {
		// The run timeout: every probe sees it too and reports within
		// hangGrace, cut or not; wait for them so none is lost as a skip.
		grace := time.After(2 * hangGrace)
	drain:
		for running > 0 {
			select {
			case f := <-r.finished:
				collect(f)
			case <-grace:
				break drain
			}
		}
	}
	for drained := false; !drained; {
		select {
		case f := <-r.finished:
			collect(f)
		default:
			drained = true
		}
	}
	for _, n := range nodes {
		if n.done {
			continue
		}
		n.done = true
		n.result = baseResult(n)
		n.result.Observed[checks.ErrorKindField.Name] = ""
		switch {
		case interrupted && n.started:
			n.result.Status = checks.StatusSkip
			n.result.SkipReason = "the run was interrupted before this check finished"
		case interrupted:
			n.result.Status = checks.StatusSkip
			n.result.SkipReason = "the run was interrupted before this check started"
		case n.started:
			n.result.Status = checks.StatusFail
			n.result.Observed[checks.ErrorKindField.Name] = string(checks.ErrorKindTimeout)
			n.result.Message = fmt.Sprintf("cut when the run's --timeout (%s) ran out", checks.FormatDuration(r.opts.Timeout))
		default:
			n.result.Status = checks.StatusSkip
			n.result.SkipReason = fmt.Sprintf("the run's --timeout (%s) ran out before this check started", checks.FormatDuration(r.opts.Timeout))
		}
		r.report(n)
	}
}

// outcome collects results in playbook order and computes the root causes.
func (r *runner) outcome(nodes []*node) *Outcome {
	out := &Outcome{Results: make([]report.Result, len(nodes)), Causes: []report.Cause{}}
	blocked := map[string][]string{}
	for _, n := range nodes {
		out.Results[n.index] = n.result
		for _, e := range n.evidence {
			out.Evidence = append(out.Evidence, report.EvidenceFile{Path: "checks/" + n.pb.Name + "/" + n.check.ID + "/" + e.Name, Data: e.Data})
		}
		for _, root := range n.result.BlockedBy {
			key := n.pb.Name + "/" + root
			blocked[key] = append(blocked[key], n.check.ID)
		}
	}
	for _, n := range nodes {
		res := n.result
		if !res.Status.Failed() {
			continue
		}
		b := blocked[n.pb.Name+"/"+res.ID]
		if b == nil {
			b = []string{}
		}
		out.Causes = append(out.Causes, report.Cause{
			Check: res.ID, Playbook: res.Playbook, Title: res.Title, Status: res.Status,
			Message: res.Message, Fix: res.Fix, Tier: res.Tier, Severity: res.Severity, Blocked: b,
		})
	}
	sortCauses(out.Causes)
	return out
}

// sortCauses puts the most severe first; among equals, the one that blocked most.
func sortCauses(causes []report.Cause) {
	sort.SliceStable(causes, func(i, j int) bool {
		a, b := causes[i], causes[j]
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() < b.Severity.Rank()
		}
		return len(a.Blocked) > len(b.Blocked)
	})
}
