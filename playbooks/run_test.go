package playbooks

import (
	"context"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/internal/testutil"
	"github.com/tsrhq/tsr/report"
)

func run(t *testing.T, src string, opts Options) *Outcome {
	t.Helper()
	pb := mustLoad(t, src)
	out, err := Run(context.Background(), []*Playbook{pb}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func byID(out *Outcome) map[string]report.Result {
	m := map[string]report.Result{}
	for _, r := range out.Results {
		m[r.ID] = r
	}
	return m
}

// A tree with one failing root: the root is the one cause, and what it
// blocked is skipped naming it.
const tree = `
tsr: 1
name: tree
checks:
  - { id: link, uses: test.probe }
  - { id: route, uses: test.probe, needs: [link], with: { result: fail }, fix: "Renew the lease.", tier: 2, severity: high }
  - { id: gateway, uses: test.probe, needs: [route] }
  - { id: dns, uses: test.probe, needs: [gateway] }
  - { id: disk, uses: test.probe, with: { result: error } }
  - { id: portal, uses: test.probe, needs: [dns, disk] }
  - { id: clock, uses: test.probe, needs: [link] }
`

func TestRootCausesAndSkipPropagation(t *testing.T) {
	out := run(t, tree, Options{})
	got := byID(out)
	for id, want := range map[string]checks.Status{"link": "pass", "route": "fail", "gateway": "skip", "dns": "skip", "disk": "error", "portal": "skip", "clock": "pass"} {
		if got[id].Status != want {
			t.Errorf("%s: status %s, want %s", id, got[id].Status, want)
		}
	}
	var order []string
	for _, r := range out.Results {
		order = append(order, r.ID)
	}
	if strings.Join(order, " ") != "link route gateway dns disk portal clock" {
		t.Errorf("results not in playbook order: %v", order)
	}
	if r := got["gateway"].SkipReason; r != "needs route, which failed" {
		t.Errorf("gateway skip reason %q", r)
	}
	if r := got["dns"].SkipReason; r != "needs gateway, which was skipped (root cause: route)" {
		t.Errorf("dns skip reason %q", r)
	}
	if r := got["portal"].SkipReason; !strings.Contains(r, "root cause: route") || !strings.Contains(r, "needs disk, which could not run (error)") {
		t.Errorf("portal skip reason %q", r)
	}
	if len(out.Causes) != 2 {
		t.Fatalf("causes = %+v", out.Causes)
	}
	c := out.Causes[0] // high severity before medium
	if c.Check != "route" || c.Status != "fail" || c.Fix != "Renew the lease." || c.Tier != 2 || strings.Join(c.Blocked, ",") != "gateway,dns,portal" {
		t.Errorf("first cause = %+v", c)
	}
	if c := out.Causes[1]; c.Check != "disk" || c.Status != "error" || strings.Join(c.Blocked, ",") != "portal" {
		t.Errorf("second cause = %+v", c)
	}
	if u := got["route"].Unmet; len(u) != 1 || u[0].Field != "ok" || u[0].Matcher != "true" || u[0].Observed != false || u[0].Level != "fail" {
		t.Errorf("route unmet = %+v", u)
	}
	if got["route"].Observed["error_kind"] != "refused" || got["link"].Observed["error_kind"] != "" {
		t.Errorf("error_kind not observed: %v / %v", got["route"].Observed, got["link"].Observed)
	}
}

func TestSelfSkipAndWhenBlockDependentsButAreNoCause(t *testing.T) {
	out := run(t, `
tsr: 1
name: skips
checks:
  - { id: battery, uses: test.probe, with: { result: skip } }
  - { id: health, uses: test.probe, needs: [battery] }
`, Options{})
	got := byID(out)
	if got["battery"].Status != "skip" || got["battery"].SkipReason != "does not apply here" {
		t.Errorf("battery = %+v", got["battery"])
	}
	if got["health"].Status != "skip" || got["health"].SkipReason != "needs battery, which was skipped" {
		t.Errorf("health = %+v", got["health"])
	}
	if len(out.Causes) != 0 {
		t.Errorf("a skip is no root cause: %+v", out.Causes)
	}
}

func TestWhenOS(t *testing.T) {
	other := "windows"
	if runtime.GOOS == "windows" {
		other = "linux"
	}
	out := run(t, `
tsr: 1
name: when
checks:
  - { id: elsewhere, uses: test.probe, when: { os: [`+other+`] } }
  - { id: here, uses: test.probe, when: { os: [`+runtime.GOOS+`] } }
`, Options{})
	got := byID(out)
	if got["elsewhere"].Status != "skip" || !strings.Contains(got["elsewhere"].SkipReason, "applies only to "+other) {
		t.Errorf("elsewhere = %+v", got["elsewhere"])
	}
	if got["here"].Status != "pass" {
		t.Errorf("here = %+v", got["here"])
	}
}

func TestWarnAndExplicitExpectReplaceDefaults(t *testing.T) {
	out := run(t, `
tsr: 1
name: warn
checks:
  - { id: a, uses: test.probe, with: { result: fail }, expect: {}, warn: { used: "< 40%" } }
  - { id: b, uses: test.probe, warn: { used: "< 60%" }, expect: { count: ">= 1" } }
`, Options{})
	got := byID(out)
	if got["a"].Status != "warn" || got["a"].Unmet[0].Matcher != "< 40%" || got["a"].Unmet[0].Level != "warn" {
		t.Errorf("a = %+v", got["a"])
	}
	if got["b"].Status != "fail" || got["b"].Unmet[0].Field != "count" {
		t.Errorf("b = %+v", got["b"])
	}
}

// TestConcurrencyIsBounded: with --concurrency 3, three probes run at once
// (each waits until three have, then a moment more for a fourth to show)
// and never more.
func TestConcurrencyIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("tsr: 1\nname: many\nchecks:\n")
	for i := range 12 {
		fmt.Fprintf(&b, "  - { id: c%d, uses: test.probe, with: { together: 3, sleep: 30ms }, timeout: 1h }\n", i)
	}
	maxProbing.Store(0)
	out := testutil.Returns(t, "twelve probes, each waiting until three run at once", func() *Outcome {
		return run(t, b.String(), Options{Concurrency: 3})
	})
	if m := maxProbing.Load(); m != 3 {
		t.Errorf("at most %d probes ran at once, want exactly 3", m)
	}
	for _, r := range out.Results {
		if r.Status != "pass" {
			t.Errorf("%s: %s", r.ID, r.Status)
		}
	}
}

func TestReferencesFlowAtRunTime(t *testing.T) {
	out := run(t, `
tsr: 1
name: refs
checks:
  - { id: dns, uses: test.probe, with: { items: [192.0.2.10, 192.0.2.11], value: portal } }
  - { id: tls, uses: test.probe, needs: [dns] }
  - id: portal
    uses: test.probe
    needs: [tls]
    title: "Portal at ${checks.dns.items[1]}"
    with: { value: "${checks.dns.value} via ${checks.dns.items[0]}", result: fail }
    fix: "Check ${checks.dns.items[1]}."
`, Options{})
	p := byID(out)["portal"]
	if p.Observed["value"] != "portal via 192.0.2.10" || p.Title != "Portal at 192.0.2.11" || p.Fix != "Check 192.0.2.11." {
		t.Errorf("portal = %+v", p)
	}
}

// A title or fix prints another check's observed value as the report
// prints that field: a size in binary units, a duration rounded, a
// percent with %, a list joined with ", ", never Go's own forms
// (25276026880, 1.35578ms, [a b]).
func TestReferencesInTextReadAsTheReportPrintsThem(t *testing.T) {
	out := run(t, `
tsr: 1
name: refs
checks:
  - { id: mem, uses: hw.memory, with: { window: 100ms } }
  - { id: a, uses: test.probe, with: { items: [192.0.2.10, 192.0.2.11], sleep: 2ms } }
  - id: b
    uses: test.probe
    needs: [a, mem]
    title: "Took ${checks.a.slept}, ${checks.a.used} used"
    with: { result: fail }
    fix: "total ${checks.mem.total}"
  - { id: c, uses: test.probe, needs: [a], title: "${checks.a.items}" }
  - { id: d, uses: test.probe, needs: [a], title: "Reached ${checks.a.items}" }
`, Options{})
	res := byID(out)
	total, ok := res["mem"].Observed["total"].(int64)
	if !ok || total < 1<<20 {
		t.Fatalf("mem observed no total: %+v", res["mem"])
	}
	if want := "total " + checks.FormatBytes(total); res["b"].Fix != want || !strings.HasSuffix(want, "iB") {
		t.Errorf("fix %q, want %q", res["b"].Fix, want)
	}
	if title := res["b"].Title; !regexp.MustCompile(`^Took \d+(\.\d)?m?s, 50% used$`).MatchString(title) {
		t.Errorf("title %q: want the duration rounded (2.1ms) and the percent with %%", title)
	}
	if title := res["c"].Title; title != "192.0.2.10, 192.0.2.11" {
		t.Errorf("title %q, want the list joined with \", \"", title)
	}
	if title := res["d"].Title; title != "Reached 192.0.2.10, 192.0.2.11" {
		t.Errorf("title %q: a title is prose, where a list reads joined with \", \"", title)
	}
}

// A value from another check is first known at run time: it meets its
// parameter's rules then, as a literal met them at validation, and one
// they refuse ends the check in error, of kind parameter, naming the
// reference it came from; the probe never runs with it.
func TestRunTimeValuesMeetTheirParametersRules(t *testing.T) {
	out := run(t, `
tsr: 1
name: refs
checks:
  - { id: words, uses: test.probe, with: { value: maybe } }
  - { id: shout, uses: test.probe, with: { value: FAIL } }
  - { id: zero, uses: test.probe, with: { count: 0 } }
  - { id: digits, uses: test.probe, with: { value: "42" } }
  - { id: verdict, uses: test.probe, needs: [words], with: { result: "${checks.words.value}" } }
  - { id: loud, uses: test.probe, needs: [shout], with: { result: "${checks.shout.value}" } }
  - { id: port, uses: net.tcp, needs: [zero], with: { host: 127.0.0.1, port: "${checks.zero.count}" } }
  - { id: counted, uses: test.probe, needs: [digits], with: { count: "${checks.digits.value}" } }
  - { id: miscounted, uses: test.probe, needs: [words], with: { count: "${checks.words.value}" } }
`, Options{})
	got := byID(out)
	for id, want := range map[string]string{
		"verdict":    `cannot run: with.result: "maybe" is not one of pass, fail, error, skip (the value comes from ${checks.words.value})`,
		"port":       `cannot run: with.port: 0 is out of range: use 1 to 65535 (the value comes from ${checks.zero.count})`,
		"miscounted": `cannot run: with.count: want a whole number, got "maybe" (the value comes from ${checks.words.value})`,
	} {
		r := got[id]
		if r.Status != checks.StatusError || r.Observed["error_kind"] != string(checks.ErrorKindParameter) || r.Message != want {
			t.Errorf("%s: %s, error_kind %v, message %q; want error, parameter, %q", id, r.Status, r.Observed["error_kind"], r.Message, want)
		}
	}
	if r := got["loud"]; r.Status != checks.StatusFail || r.Message != "it failed" {
		t.Errorf("loud (result FAIL, the enum's fail in other letters): %s %q; want the probe's fail", r.Status, r.Message)
	}
	if r := got["counted"]; r.Status != checks.StatusPass || r.Observed["count"] != int64(42) {
		t.Errorf("counted (a whole number from a text field): %s %v %q", r.Status, r.Observed["count"], r.Message)
	}
}

func TestPerCheckTimeoutCutsAHungProbe(t *testing.T) {
	out := testutil.Returns(t, "a run of a probe sleeping an hour and a hung one, each with a 50ms timeout", func() *Outcome {
		return run(t, `
tsr: 1
name: hang
checks:
  - { id: slow, uses: test.probe, with: { sleep: 1h }, timeout: 50ms }
  - { id: hung, uses: test.probe, with: { hang: true }, timeout: 50ms }
  - { id: after, uses: test.probe, needs: [hung] }
`, Options{})
	})
	got := byID(out)
	for _, id := range []string{"slow", "hung"} {
		if got[id].Status != "fail" || got[id].Observed["error_kind"] != "timeout" {
			t.Errorf("%s = %+v, want fail with error_kind timeout", id, got[id])
		}
	}
	if got["after"].Status != "skip" || len(out.Causes) != 2 {
		t.Errorf("after = %+v; causes %+v", got["after"], out.Causes)
	}
}

func TestInterruptStopsAtOnceAndKeepsFinishedResults(t *testing.T) {
	pb := mustLoad(t, `
tsr: 1
name: interrupt
checks:
  - { id: quick, uses: test.probe }
  - { id: hung, uses: test.probe, with: { hang: true } }
  - { id: waiting, uses: test.probe, needs: [hung] }
`)
	ctx, cancel := context.WithCancelCause(context.Background())
	var results []string
	opts := Options{OnResult: func(r report.Result) {
		results = append(results, r.ID)
		if r.ID == "quick" {
			cancel(ErrInterrupted)
		}
	}}
	out, err := Run(ctx, []*Playbook{pb}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !out.Interrupted || out.TimedOut {
		t.Errorf("interrupted=%v timedOut=%v", out.Interrupted, out.TimedOut)
	}
	got := byID(out)
	if got["quick"].Status != "pass" || got["hung"].Status != "skip" || got["waiting"].Status != "skip" {
		t.Errorf("results = %+v", out.Results)
	}
	if !strings.Contains(got["hung"].SkipReason, "interrupted") {
		t.Errorf("hung skip reason = %q", got["hung"].SkipReason)
	}
	if len(results) != 3 {
		t.Errorf("OnResult saw %v, want every check", results)
	}
}

func TestRunTimeoutReportsEveryCheck(t *testing.T) {
	out := run(t, `
tsr: 1
name: deadline
checks:
  - { id: slow, uses: test.probe, with: { sleep: 10s } }
  - { id: next, uses: test.probe, needs: [slow] }
`, Options{Timeout: 50 * time.Millisecond})
	got := byID(out)
	if !out.TimedOut || out.Interrupted {
		t.Errorf("timedOut=%v interrupted=%v", out.TimedOut, out.Interrupted)
	}
	if got["slow"].Status != "fail" || got["slow"].Observed["error_kind"] != "timeout" {
		t.Errorf("slow = %+v", got["slow"])
	}
	if got["next"].Status != "skip" {
		t.Errorf("next = %+v", got["next"])
	}
}

func TestOnlyAndSkip(t *testing.T) {
	out := run(t, tree, Options{Only: []string{"dns"}})
	var ids []string
	for _, r := range out.Results {
		ids = append(ids, r.ID)
	}
	if strings.Join(ids, " ") != "link route gateway dns" {
		t.Errorf("--only dns ran %v, want dns with its needs", ids)
	}
	out = run(t, tree, Options{Skip: []string{"route", "disk"}})
	got := byID(out)
	if got["route"].SkipReason != "skipped with --skip" || got["dns"].Status != "skip" || got["clock"].Status != "pass" || len(out.Causes) != 0 {
		t.Errorf("--skip: %+v causes %+v", out.Results, out.Causes)
	}
	pb := mustLoad(t, tree)
	if _, err := Run(context.Background(), []*Playbook{pb}, Options{Only: []string{"dsn"}}); err == nil || !strings.Contains(err.Error(), `did you mean "dns"`) {
		t.Errorf("unknown --only id: err = %v", err)
	}
}

func TestPanickingProbeIsAnErrorNotACrash(t *testing.T) {
	out := run(t, `
tsr: 1
name: p
checks:
  - { id: a, uses: test.probe, with: { panic: true } }
  - { id: b, uses: test.probe }
`, Options{})
	got := byID(out)
	if got["a"].Status != "error" || !strings.Contains(got["a"].Message, "test.probe crashed: boom") || got["b"].Status != "pass" {
		t.Errorf("a = %+v, b = %+v", got["a"], got["b"])
	}
}

func TestWhenPrivileged(t *testing.T) {
	out := run(t, `
tsr: 1
name: priv
checks:
  - { id: raw, uses: test.probe, when: { privileged: true } }
`, Options{})
	r := out.Results[0]
	if checks.HostFacts().Privileged {
		if r.Status != "pass" {
			t.Errorf("as root: %+v", r)
		}
	} else if r.Status != "skip" || !strings.Contains(r.SkipReason, "rerun tsr as root") {
		t.Errorf("unprivileged: %+v", r)
	}
	if _, problems := load(t, "tsr: 1\nname: x\nchecks:\n  - { id: a, uses: sys.os, when: { privileged: maybe } }\n"); !strings.Contains(problems.Error(), "when.privileged") {
		t.Errorf("problems = %v", problems)
	}
}

func TestDeadlineFollowsTheParams(t *testing.T) {
	pb := mustLoad(t, "tsr: 1\nname: d\nchecks:\n  - { id: p, uses: net.ping, with: { host: 127.0.0.1, count: 20, interval: 1s } }\n  - { id: q, uses: net.ping, with: { host: 127.0.0.1 }, timeout: 2s }\n")
	p, _ := pb.Params(pb.Checks[0], nil)
	if d := deadline(pb.Checks[0], p); d != 23*time.Second {
		t.Errorf("ping of 20 at 1s: deadline %s, want 23s", d)
	}
	p, _ = pb.Params(pb.Checks[1], nil)
	if d := deadline(pb.Checks[1], p); d != 2*time.Second {
		t.Errorf("explicit timeout: deadline %s, want 2s", d)
	}
}

// TestRunTimeoutNeverTurnsAHungProbeIntoASkip: a probe still running when
// the run's --timeout passes ends as a fail (timeout), every time.
func TestRunTimeoutNeverTurnsAHungProbeIntoASkip(t *testing.T) {
	for range 20 {
		out := run(t, `
tsr: 1
name: hung
checks:
  - { id: hung, uses: test.probe, with: { hang: true } }
  - { id: later, uses: test.probe, needs: [hung] }
`, Options{Timeout: 20 * time.Millisecond})
		got := byID(out)
		if got["hung"].Status != "fail" || got["hung"].Observed["error_kind"] != "timeout" || got["later"].Status != "skip" || !out.TimedOut {
			t.Fatalf("hung = %+v, later = %+v", got["hung"], got["later"])
		}
	}
}

func TestEveryUnmetAssertionIsRecordedAndWrittenOnesNeedTheirField(t *testing.T) {
	out := run(t, `
tsr: 1
name: both
checks:
  - { id: a, uses: test.probe, with: { result: fail }, warn: { used: "< 40%" } }
  - { id: b, uses: sys.file, with: { path: /nonexistent/tsr }, expect: { size: "< 10" } }
`, Options{})
	got := byID(out)
	if u := got["a"].Unmet; got["a"].Status != "fail" || len(u) != 2 || u[0].Level != "fail" || u[1].Level != "warn" {
		t.Errorf("a: %s %+v", got["a"].Status, u)
	}
	if got["b"].Status != "fail" || !strings.Contains(got["b"].Message, "size was not observed") {
		t.Errorf("b = %+v", got["b"])
	}
}

// A fix map gives the advice that fits what happened: the error kind
// first, then the status, then the default.
func TestFixMapPicksAdviceByErrorKindThenStatusThenDefault(t *testing.T) {
	out := run(t, `
tsr: 1
name: fixes
checks:
  - id: refused
    uses: test.probe
    with: { result: fail }
    fix: { refused: "Start the service.", fail: "Look at it.", default: "Ask someone." }
  - id: by-status
    uses: test.probe
    with: { result: fail }
    fix: { timeout: "Wait.", fail: "Look at it.", default: "Ask someone." }
  - id: warned
    uses: test.probe
    warn: { count: "> 5" }
    fix: { timeout: "Wait.", fail: "Look at it.", default: "Ask someone." }
  - id: errored
    uses: test.probe
    with: { result: error }
    fix: { permission: "Run as root.", default: "Ask someone." }
  - id: plain
    uses: test.probe
    with: { result: fail }
    fix: "Always this."
  - id: passed
    uses: test.probe
    fix: { default: "Nothing to fix." }
`, Options{})
	want := map[string]string{"refused": "Start the service.", "by-status": "Look at it.", "warned": "Ask someone.",
		"errored": "Run as root.", "plain": "Always this.", "passed": ""}
	for id, res := range byID(out) {
		if res.Fix != want[id] {
			t.Errorf("%s (%s, %s): fix %q, want %q", id, res.Status, res.Observed["error_kind"], res.Fix, want[id])
		}
	}
}

// A probe's own advice (it knows how to rerun with a privilege it
// lacked) comes after the playbook's advice for the error kind, and before
// the playbook's advice for the status or its default.
func TestProbesOwnFixRanksBetweenErrorKindAndStatus(t *testing.T) {
	out := run(t, `
tsr: 1
name: fixes
checks:
  - id: by-kind
    uses: test.probe
    with: { result: fail, fix: "Rerun as root." }
    fix: { refused: "Start the service.", default: "Ask someone." }
  - id: own
    uses: test.probe
    with: { result: fail, fix: "Rerun as root." }
    fix: { timeout: "Wait.", fail: "Look at it.", default: "Ask someone." }
`, Options{})
	want := map[string]string{"by-kind": "Start the service.", "own": "Rerun as root."}
	for id, res := range byID(out) {
		if res.Fix != want[id] {
			t.Errorf("%s: fix %q, want %q", id, res.Fix, want[id])
		}
	}
}

// When the playbook's own assertions decide the status, the probe's
// message (which speaks of the type's defaults) is followed by the
// written assertion that did not hold at that status, and by no other.
func TestMessageNamesTheWrittenAssertionThatDecided(t *testing.T) {
	out := run(t, `
tsr: 1
name: messages
checks:
  - { id: warned, uses: test.probe, with: { value: x }, warn: { used: "< 40%" } }
  - { id: said, uses: test.probe, with: { value: "used 50%" }, warn: { used: "< 40%" } }
  - { id: failed, uses: test.probe, with: { result: fail }, expect: { ok: true }, warn: { used: "< 40%" } }
`, Options{})
	got := byID(out)
	if r := got["warned"]; r.Status != checks.StatusWarn || r.Message != "value x (used is 50, wants < 40%)" {
		t.Errorf("warned: %s %q; want warn, the probe's message and the warning that held it back", r.Status, r.Message)
	}
	if r := got["said"]; r.Status != checks.StatusWarn || r.Message != "value used 50%" {
		t.Errorf("said: %s %q; want warn and the probe's message, which already speaks of used, alone", r.Status, r.Message)
	}
	if r := got["failed"]; r.Status != checks.StatusFail || r.Message != "it failed" {
		t.Errorf("failed: %s %q; want fail and the probe's message alone (ok is the type's own field; a warning did not fail it)", r.Status, r.Message)
	}
}

// TestCancelledProbeIsNeverAFailOrACause: a probe that honours
// cancellation returns at once when the run is interrupted, often before
// the runner sees the cancellation. Its "failure" is the interruption's,
// not the machine's: over many runs it is never a fail nor a root cause,
// the run is always interrupted (exit 130 wins over a real failure), and
// the check that really failed stays the one cause.
func TestCancelledProbeIsNeverAFailOrACause(t *testing.T) {
	pb := mustLoad(t, `
tsr: 1
name: cancel
checks:
  - { id: slow, uses: test.cancel }
  - { id: slow2, uses: test.cancel }
  - { id: broken, uses: test.probe, needs: [slow0], with: { result: fail } }
  - { id: slow0, uses: test.probe }
`)
	for i := range 300 {
		ctx, cancel := context.WithCancelCause(context.Background())
		opts := Options{OnResult: func(r report.Result) {
			if r.ID != "broken" {
				return
			}
			// Interrupt, and let both probes return (and hand in their
			// results) before the runner looks again: the race of issue 18.
			cancel(ErrInterrupted)
			<-cancelReturned
			<-cancelReturned
			for range 100 {
				runtime.Gosched()
			}
		}}
		out, err := Run(ctx, []*Playbook{pb}, opts)
		if err != nil {
			t.Fatal(err)
		}
		got := byID(out)
		if !out.Interrupted || got["slow"].Status != "skip" || got["slow2"].Status != "skip" || got["broken"].Status != "fail" {
			t.Fatalf("run %d: interrupted=%v slow=%+v slow2=%+v broken=%s", i, out.Interrupted, got["slow"], got["slow2"], got["broken"].Status)
		}
		for _, c := range out.Causes {
			if c.Check != "broken" {
				t.Fatalf("run %d: the cancelled probe %s is a root cause", i, c.Check)
			}
		}
	}
}

// TestRunDeadlineSaysTheRunsDeadline: a probe cut by the run's --timeout
// is a timeout that names the run's deadline, not its own advice ("raise
// the check's timeout").
func TestRunDeadlineSaysTheRunsDeadline(t *testing.T) {
	out := run(t, "tsr: 1\nname: d\nchecks:\n  - { id: slow, uses: test.probe, with: { sleep: 1m } }\n", Options{Timeout: 30 * time.Millisecond})
	got := byID(out)["slow"]
	if got.Status != "fail" || got.Observed["error_kind"] != "timeout" || !strings.Contains(got.Message, "--timeout") || strings.Contains(got.Message, "no answer within the deadline") {
		t.Errorf("slow = %+v", got)
	}
}

// Causes are listed by severity first, then by how much each blocked: in
// this playbook the one blocking most is the least severe, and the
// playbook lists the causes in the reverse of the expected order.
const severities = `
tsr: 1
name: severities
checks:
  - { id: low-blocks-most, uses: test.probe, with: { result: fail }, severity: low }
  - { id: a1, uses: test.probe, needs: [low-blocks-most] }
  - { id: a2, uses: test.probe, needs: [low-blocks-most] }
  - { id: a3, uses: test.probe, needs: [low-blocks-most] }
  - { id: medium-blocks-one, uses: test.probe, with: { result: fail }, severity: medium }
  - { id: b1, uses: test.probe, needs: [medium-blocks-one] }
  - { id: medium-blocks-two, uses: test.probe, with: { result: fail }, severity: medium }
  - { id: c1, uses: test.probe, needs: [medium-blocks-two] }
  - { id: c2, uses: test.probe, needs: [medium-blocks-two] }
  - { id: high-blocks-none, uses: test.probe, with: { result: fail }, severity: high }
`

func TestCausesBySeverityThenByWhatTheyBlock(t *testing.T) {
	out := run(t, severities, Options{})
	var got []string
	for _, c := range out.Causes {
		got = append(got, c.Check)
	}
	want := "high-blocks-none medium-blocks-two medium-blocks-one low-blocks-most"
	if strings.Join(got, " ") != want {
		t.Errorf("causes in order %v, want %s", got, want)
	}
}
