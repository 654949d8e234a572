package playbooks

import (
	"context"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/checks"
)

func TestRetries(t *testing.T) {
	src := `
tsr: 1
name: retry
checks:
  - { id: later, uses: test.flaky, with: { key: later, fails: 2 }, retries: 3, retry_delay: 1ms, fix: { warn: "Watch the line." } }
  - { id: never, uses: test.flaky, with: { key: never, fails: 9 }, retries: 2, retry_delay: 1ms }
  - { id: erred, uses: test.flaky, with: { key: erred, fails: 1, as: error }, retries: 1, retry_delay: 1ms }
  - { id: first, uses: test.flaky, with: { key: first }, retries: 4 }
  - { id: plain, uses: test.flaky, with: { key: plain, fails: 1 } }
  - { id: skipped, uses: test.probe, with: { result: skip }, retries: 5 }
`
	got := byID(run(t, src, Options{}))
	for _, tc := range []struct {
		id       string
		status   checks.Status
		attempts int
		message  string
	}{
		{"later", checks.StatusWarn, 3, "passed on attempt 3 of 4: intermittent (earlier: no answer (attempt 1); no answer (attempt 2))"},
		{"never", checks.StatusFail, 3, "no answer (attempt 3) (failed all 3 attempts; earlier: no answer (attempt 1); no answer (attempt 2))"},
		{"erred", checks.StatusWarn, 2, "passed on attempt 2 of 2: intermittent (earlier: cannot look (attempt 1))"},
		{"first", checks.StatusPass, 1, "answered"},
		{"plain", checks.StatusFail, 0, "no answer (attempt 1)"},
		{"skipped", checks.StatusSkip, 1, ""},
	} {
		r := got[tc.id]
		if r.Status != tc.status || r.Attempts != tc.attempts || tc.message != "" && r.Message != tc.message {
			t.Errorf("%s: status %s, attempts %d, message %q; want %s, %d, %q", tc.id, r.Status, r.Attempts, r.Message, tc.status, tc.attempts, tc.message)
		}
	}
	if f := got["later"].Fix; f != "Watch the line." {
		t.Errorf("a check that passed on a retry shows the playbook's warn advice, got %q", f)
	}
	flakyMu.Lock()
	defer flakyMu.Unlock()
	if n := flakyCalls["first"]; n != 1 {
		t.Errorf("a check that passed at once ran %d times", n)
	}
}

// Ctrl-C during the pause before a retry ends the run at once: no further
// attempt, no hour-long wait.
func TestRetriesStopOnInterrupt(t *testing.T) {
	pb := mustLoad(t, `
tsr: 1
name: retry
checks:
  - { id: slow, uses: test.flaky, with: { key: interrupted, fails: 99 }, retries: 10, retry_delay: 1h }
`)
	ctx, cancel := context.WithCancelCause(context.Background())
	go func() {
		for key := range flakyAttempted {
			if key == "interrupted" {
				cancel(ErrInterrupted)
				return
			}
		}
	}()
	out, err := Run(ctx, []*Playbook{pb}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !out.Interrupted {
		t.Error("the run is not marked interrupted")
	}
	flakyMu.Lock()
	defer flakyMu.Unlock()
	if n := flakyCalls["interrupted"]; n != 1 {
		t.Errorf("the check ran %d times after Ctrl-C, want 1", n)
	}
}

func TestRetriesValidation(t *testing.T) {
	_, problems := load(t, `
tsr: 1
name: retry
checks:
  - id: a
    uses: test.probe
    retries: 11
  - id: b
    uses: test.probe
    retries: two
    retry_delay: soon
`)
	text := problems.Error()
	for _, want := range []string{`pb.yaml:7:14: retries "11": use a whole number from 0 to 10`, `pb.yaml:10:14: retries "two"`, `pb.yaml:11:18: retry_delay: bad duration "soon"`} {
		if !strings.Contains(text, want) {
			t.Errorf("problems lack %q:\n%s", want, text)
		}
	}
}
