package playbooks

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/report"
)

// ErrInterrupted is the cause of a run's context cancelled by Ctrl-C or a
// termination signal.
var ErrInterrupted = errors.New("interrupted")

// hangGrace is how long a probe that ignores its deadline is waited for
// before the runner records a timeout for it and moves on.
const hangGrace = 100 * time.Millisecond

// DefaultConcurrency is how many checks probe at once unless told
// otherwise (--concurrency). Probes wait on the network, not on the CPU,
// so it is well above the number of cores: 40 independent slow probes
// take the time of one (docs/performance.md).
const DefaultConcurrency = 64

// Options steer a run.
type Options struct {
	Concurrency int           // checks probing at once; 0 means DefaultConcurrency
	Timeout     time.Duration // the whole run; 0 means none beyond the context's
	Only        []string      // run only these ids (and what they need)
	Skip        []string      // skip these ids (and what needs them)
	Env         checks.Env
	OnStart     func(id string, total int) // called as each probe starts, with the number of checks in the run
	OnResult    func(report.Result)        // called as each check finishes, in finish order
	Now         func() time.Time           // for tests; time.Now when nil
}

// Outcome is what a run produced.
type Outcome struct {
	Results     []report.Result // in playbook order
	Causes      []report.Cause
	Interrupted bool
	TimedOut    bool
	// Evidence is what the probes saw, raw, for a bundle (not the report).
	Evidence []report.EvidenceFile
	Rounds   int // with repeated rounds: how many the results sum up
}

// node is one check of one playbook in the run's graph.
type node struct {
	pb       *Playbook
	check    *Check
	index    int     // position in the report
	waiting  int     // needs not finished yet
	deps     []*node // the checks it needs (those in the run)
	next     []*node // checks that need this one
	started  bool    // its probe was started
	done     bool    // has a result
	result   report.Result
	evidence []checks.Evidence // raw material its probe saw, for a bundle
	typed    map[string]any    // observed values, typed, for references
	roots    []string          // root causes blocking this check (when skipped for them)
}

// Run runs the playbooks' checks, each as soon as its needs have finished,
// and returns their results in playbook order. It returns when every check
// has a result, or at once when ctx is cancelled (with ErrInterrupted as
// cause for Ctrl-C) or the run timeout passes: unfinished checks are then
// reported as such, never lost.
func Run(ctx context.Context, pbs []*Playbook, opts Options) (*Outcome, error) {
	nodes, err := plan(pbs, opts)
	if err != nil {
		return nil, err
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	if opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, opts.Timeout, context.DeadlineExceeded)
		defer cancel()
	}
	r := &runner{opts: opts, now: now, finished: make(chan finished, len(nodes))}
	var ready []*node
	for _, n := range nodes {
		if n.waiting == 0 && !n.done {
			ready = append(ready, n)
		}
	}
	for _, n := range nodes { // --skip marks, made in plan, propagate now
		if n.done {
			ready = append(ready, r.release(n)...)
		}
	}
	running := 0
	for {
		if ctx.Err() != nil { // ended, even if a probe's result came first
			return r.ended(ctx, nodes, running), nil
		}
		for running < opts.Concurrency && len(ready) > 0 {
			n := ready[0]
			ready = ready[1:]
			if r.gate(n) { // decided without probing: skip
				ready = append(ready, r.release(n)...)
				continue
			}
			running++
			n.started = true
			if opts.OnStart != nil {
				opts.OnStart(n.check.ID, len(nodes))
			}
			go r.probe(ctx, n)
		}
		if running == 0 && len(ready) == 0 {
			break
		}
		select {
		case f := <-r.finished:
			running--
			if f.cut { // the run is over: the next turn takes ctx.Done
				continue
			}
			f.apply()
			r.report(f.node)
			ready = append(ready, r.release(f.node)...)
		case <-ctx.Done():
			return r.ended(ctx, nodes, running), nil
		}
	}
	return r.outcome(nodes), nil
}

// ended is the outcome of a run cut short by Ctrl-C, a signal or the
// run's timeout: what finished, and every other check said to be cut.
func (r *runner) ended(ctx context.Context, nodes []*node, running int) *Outcome {
	r.stop(ctx, nodes, running)
	out := r.outcome(nodes)
	out.Interrupted = errors.Is(context.Cause(ctx), ErrInterrupted) || !errors.Is(ctx.Err(), context.DeadlineExceeded)
	out.TimedOut = !out.Interrupted
	return out
}

type runner struct {
	opts     Options
	now      func() time.Time
	finished chan finished
}

// plan builds the graph of every check to run, applying --only and --skip.
func plan(pbs []*Playbook, opts Options) ([]*node, error) {
	known := map[string]bool{}
	for _, pb := range pbs {
		for _, c := range pb.Checks {
			known[c.ID] = true
		}
	}
	var ids []string
	for id := range known {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for flag, list := range map[string][]string{"--only": opts.Only, "--skip": opts.Skip} {
		for _, id := range list {
			if !known[id] {
				return nil, fmt.Errorf("%s %s: no check %q in the playbooks%s", flag, id, id, checks.DidYouMean(id, ids))
			}
		}
	}
	var nodes []*node
	for _, pb := range pbs {
		keep := map[string]bool{}
		if len(opts.Only) > 0 {
			var add func(id string)
			add = func(id string) {
				if c := pb.Check(id); c != nil && !keep[id] {
					keep[id] = true
					for _, n := range c.Needs {
						add(n)
					}
				}
			}
			for _, id := range opts.Only {
				add(id)
			}
		}
		byID := map[string]*node{}
		for _, c := range pb.Checks {
			if len(opts.Only) > 0 && !keep[c.ID] {
				continue
			}
			n := &node{pb: pb, check: c, index: len(nodes)}
			byID[c.ID] = n
			nodes = append(nodes, n)
			if slices.Contains(opts.Skip, c.ID) {
				n.done = true
				n.result = baseResult(n)
				n.result.Status = checks.StatusSkip
				n.result.SkipReason = "skipped with --skip"
			}
		}
		for _, n := range byID {
			for _, need := range n.check.Needs {
				if dep := byID[need]; dep != nil {
					n.waiting++
					n.deps = append(n.deps, dep)
					dep.next = append(dep.next, n)
				}
			}
		}
	}
	return nodes, nil
}

// gate decides, before probing, whether a ready check must be skipped: a
// need that did not pass or warn, or an OS it does not apply to.
func (r *runner) gate(n *node) bool {
	var blockers []string
	var roots []string
	for _, dn := range n.deps {
		switch dn.result.Status {
		case checks.StatusPass, checks.StatusWarn:
			continue
		case checks.StatusFail, checks.StatusError:
			blockers = append(blockers, fmt.Sprintf("%s, which %s", dn.check.ID, verb(dn.result.Status)))
			roots = appendNew(roots, dn.check.ID)
		default:
			reason := fmt.Sprintf("%s, which was skipped", dn.check.ID)
			if len(dn.roots) > 0 {
				reason += " (root cause: " + strings.Join(dn.roots, ", ") + ")"
			}
			blockers = append(blockers, reason)
			for _, root := range dn.roots {
				roots = appendNew(roots, root)
			}
		}
	}
	if len(blockers) > 0 {
		r.skip(n, "needs "+strings.Join(blockers, "; needs "))
		n.roots = roots
		n.result.BlockedBy = roots
		return true
	}
	if len(n.check.OS) > 0 && !slices.Contains(n.check.OS, runtime.GOOS) {
		r.skip(n, fmt.Sprintf("applies only to %s, not %s", strings.Join(n.check.OS, ", "), runtime.GOOS))
		return true
	}
	if n.check.Privileged && !checks.HostFacts().Privileged {
		r.skip(n, "needs administrator rights: rerun tsr as root (sudo) or from an elevated prompt to include it")
		return true
	}
	return false
}

func verb(status checks.Status) string {
	if status == checks.StatusError {
		return "could not run (error)"
	}
	return "failed"
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

func (r *runner) skip(n *node, reason string) {
	n.done = true
	n.result = baseResult(n)
	n.result.Status = checks.StatusSkip
	n.result.SkipReason = reason
	r.report(n)
}

func (r *runner) report(n *node) {
	if r.opts.OnResult != nil {
		r.opts.OnResult(n.result)
	}
}

// release marks n finished for the checks that need it and returns those
// that became ready.
func (r *runner) release(n *node) []*node {
	var ready []*node
	for _, next := range n.next {
		next.waiting--
		if next.waiting == 0 && !next.done {
			ready = append(ready, next)
		}
	}
	return ready
}
