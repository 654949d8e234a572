package playbooks

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tsrhq/tsr/checks"
)

// probing counts test.probe checks with `together` set running now, and
// the most at once. Only those count: a probe another test's run cut may
// still be returning when a concurrency test starts.
var probing, maxProbing atomic.Int64

// never is never closed: a hung probe waits on it forever.
var never = make(chan struct{})

// test.probe is a check type for the runner's tests: it does what its
// parameters say, so a test can build any tree of outcomes.
func init() {
	checks.Register(func() *checks.Type {
		return &checks.Type{
			Name:  "test.probe",
			Title: "Test probe",
			Doc:   "Does what its parameters say.",
			Params: []checks.Param{
				{Name: "result", Kind: checks.KindString, Default: "pass", Enum: []string{"pass", "fail", "error", "skip"}},
				{Name: "sleep", Kind: checks.KindDuration, Default: "0s"},
				{Name: "hang", Kind: checks.KindBool, Default: false, Doc: "ignore the deadline and never return"},
				{Name: "panic", Kind: checks.KindBool, Default: false},
				{Name: "value", Kind: checks.KindString, Default: ""},
				{Name: "items", Kind: checks.KindList},
				{Name: "count", Kind: checks.KindInt, Default: 0},
				{Name: "timeout", Kind: checks.KindDuration},
				{Name: "together", Kind: checks.KindInt, Default: 0, Doc: "wait until this many probes have run at once"},
				{Name: "fix", Kind: checks.KindString, Default: "", Doc: "the probe's own advice when it fails (as a probe that lacked a privilege gives)"},
			},
			Fields: []checks.Field{
				{Name: "ok", Kind: checks.KindBool},
				{Name: "value", Kind: checks.KindString},
				{Name: "items", Kind: checks.KindList},
				{Name: "count", Kind: checks.KindInt},
				{Name: "slept", Kind: checks.KindDuration},
				{Name: "used", Kind: checks.KindPercent},
			},
			Expect:     checks.Assertions{"ok": true},
			ErrorKinds: []checks.ErrorKind{checks.ErrorKindRefused},
			Timeout:    5 * time.Second,
			Run: func(ctx context.Context, env *checks.Env, p checks.Params) checks.Outcome {
				if p.Bool("panic") {
					panic("boom")
				}
				if p.Bool("hang") {
					<-never
				}
				if k := int64(p.Int("together")); k > 0 {
					n := probing.Add(1)
					defer probing.Add(-1)
					for m := maxProbing.Load(); n > m && !maxProbing.CompareAndSwap(m, n); m = maxProbing.Load() {
					}
					for maxProbing.Load() < k {
						select {
						case <-time.After(time.Millisecond):
						case <-ctx.Done():
							return checks.Failed("timeout", "%d probes never ran at once", k)
						}
					}
				}
				start := time.Now()
				select {
				case <-time.After(p.Duration("sleep")):
				case <-ctx.Done():
					return checks.Failed("timeout", "no answer within the deadline")
				}
				obs := map[string]any{"ok": true, "value": p.String("value"), "items": p.List("items"),
					"count": p.Int("count"), "slept": time.Since(start), "used": 50.0}
				switch p.String("result") {
				case "fail":
					obs["ok"] = false
					return checks.Outcome{Observed: obs, Message: "it failed", ErrorKind: "refused", Fix: p.String("fix")}
				case "error":
					return checks.Errored("permission", "cannot look")
				case "skip":
					return checks.Skipped("does not apply here")
				}
				return checks.Outcome{Observed: obs, Message: "value " + p.String("value")}
			},
		}
	})
}

// cancelReturned receives a value each time a test.cancel probe returns.
var cancelReturned = make(chan struct{}, 64)

// test.cancel waits for its context and returns at once when it ends, as
// a well-behaved probe does (a cancelled connect): the result it returns
// is a failure the cancellation caused.
func init() {
	checks.Register(func() *checks.Type {
		return &checks.Type{
			Name:       "test.cancel",
			Title:      "Probe that honours cancellation",
			Doc:        "Waits for its context.",
			Timeout:    time.Minute,
			ErrorKinds: []checks.ErrorKind{checks.ErrorKindCanceled},
			Fields:     []checks.Field{{Name: "ok", Kind: checks.KindBool}},
			Expect:     checks.Assertions{"ok": true},
			Run: func(ctx context.Context, env *checks.Env, p checks.Params) checks.Outcome {
				<-ctx.Done()
				defer func() { cancelReturned <- struct{}{} }()
				return checks.Failed("canceled", "the connection was cancelled")
			},
		}
	})
}

// flakyCalls counts test.flaky attempts by key; flakyAttempted receives
// the key after each attempt (when a test is listening).
var (
	flakyMu        sync.Mutex
	flakyCalls     = map[string]int{}
	flakyAttempted = make(chan string, 64)
)

// test.flaky fails its first `fails` attempts (per key) and then passes,
// as an intermittent fault does.
func init() {
	checks.Register(func() *checks.Type {
		return &checks.Type{
			Name:  "test.flaky",
			Title: "Intermittent probe",
			Doc:   "Fails a set number of times, then passes.",
			Params: []checks.Param{
				{Name: "key", Kind: checks.KindString, Default: ""},
				{Name: "fails", Kind: checks.KindInt, Default: 0},
				{Name: "as", Kind: checks.KindString, Default: "fail", Enum: []string{"fail", "error"}},
			},
			Fields:     []checks.Field{{Name: "ok", Kind: checks.KindBool}, {Name: "attempt", Kind: checks.KindInt}},
			Expect:     checks.Assertions{"ok": true},
			ErrorKinds: []checks.ErrorKind{}, // timeout and permission, as every check
			Timeout:    5 * time.Second,
			Run: func(ctx context.Context, env *checks.Env, p checks.Params) checks.Outcome {
				flakyMu.Lock()
				flakyCalls[p.String("key")]++
				n := flakyCalls[p.String("key")]
				flakyMu.Unlock()
				defer func() {
					select {
					case flakyAttempted <- p.String("key"):
					default:
					}
				}()
				if n <= int(p.Int("fails")) {
					if p.String("as") == "error" {
						return checks.Errored("permission", "cannot look (attempt %d)", n)
					}
					return checks.Outcome{Observed: map[string]any{"ok": false, "attempt": n}, Message: fmt.Sprintf("no answer (attempt %d)", n), ErrorKind: "timeout"}
				}
				return checks.Outcome{Observed: map[string]any{"ok": true, "attempt": n}, Message: "answered"}
			},
		}
	})
}
