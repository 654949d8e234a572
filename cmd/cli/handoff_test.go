package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
	"github.com/tsrhq/tsr/report"
)

const intakeToken = "IntakeToken9f8e7d6c"

// intake is a help desk's intake endpoint on loopback: it keeps what it was
// sent and answers with a ticket id.
type intake struct {
	*httptest.Server
	mu     sync.Mutex
	bodies [][]byte
	types  []string
	auth   []string
	fail   bool
}

func newIntake(t *testing.T) *intake {
	testutil.NeedLoopback(t)
	in := &intake{}
	in.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		in.mu.Lock()
		defer in.mu.Unlock()
		in.bodies = append(in.bodies, body)
		in.types = append(in.types, r.Header.Get("Content-Type"))
		in.auth = append(in.auth, r.Header.Get("Authorization"))
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ticket": "INC-`+string(rune('0'+len(in.bodies)))+`"}`)
	}))
	t.Cleanup(in.Close)
	return in
}

func TestDiagnoseSendsTheReportAndPrintsTheTicket(t *testing.T) {
	in := newIntake(t)
	pb := testutil.WriteFile(t, "local.yaml", broken)
	code, stdout, stderr := tsr(t, "", "diagnose", pb, "-q", "--send", in.URL+"/intake", "--send-header", "Authorization: Bearer "+intakeToken)
	if code != ExitProblems || stdout != "" {
		t.Errorf("exit %d, stdout %q", code, stdout)
	}
	if !strings.Contains(stderr, "the help desk opened ticket INC-1") {
		t.Errorf("stderr does not give the ticket:\n%s", stderr)
	}
	if len(in.bodies) != 1 || in.types[0] != "application/json" || in.auth[0] != "Bearer "+intakeToken {
		t.Fatalf("intake got %d bodies, %v, %v", len(in.bodies), in.types, in.auth)
	}
	var r report.Report
	if err := json.Unmarshal(in.bodies[0], &r); err != nil || r.Run.ID == "" {
		t.Fatalf("the intake did not get a JSON report with a run id: %v", err)
	}
	for _, where := range []string{string(in.bodies[0]), stderr} {
		if strings.Contains(where, intakeToken) {
			t.Errorf("the send header's token leaked: %s", where)
		}
	}
}

func TestDiagnoseKeepsTheReportWhenTheIntakeIsUnreachable(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	in := newIntake(t)
	url := in.URL
	in.Close() // nothing answers there now
	pb := testutil.WriteFile(t, "local.yaml", healthy)
	code, _, stderr := tsr(t, "", "diagnose", pb, "-q", "--send", url, "--send-header", "X-Token: "+intakeToken)
	if code != ExitProblems || !strings.Contains(stderr, `"tsr send --to `+url+`" delivers it`) || strings.Contains(stderr, intakeToken) {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	waiting, _ := filepath.Glob(filepath.Join(state, "tsr", "outbox", "*.json"))
	if len(waiting) != 1 {
		t.Fatalf("outbox holds %v", waiting)
	}

	// The network is back: tsr send delivers what waits, and the outbox empties.
	back := newIntake(t)
	code, stdout, stderr := tsr(t, "", "send", "--to", back.URL, "--send-header", "Authorization: Bearer "+intakeToken)
	if code != 0 || !strings.Contains(stdout, "ticket INC-1") || len(back.bodies) != 1 {
		t.Errorf("tsr send: exit %d\n%s%s", code, stdout, stderr)
	}
	if left, _ := filepath.Glob(filepath.Join(state, "tsr", "outbox", "*")); len(left) != 0 {
		t.Errorf("delivered, but still in the outbox: %v", left)
	}
	code, stdout, _ = tsr(t, "", "send", "--to", back.URL)
	if code != 0 || !strings.Contains(stdout, "outbox is empty") {
		t.Errorf("empty outbox: exit %d %q", code, stdout)
	}
}

func TestSendRefusesWhatCannotWork(t *testing.T) {
	pb := testutil.WriteFile(t, "local.yaml", healthy)
	for _, args := range [][]string{
		{"send", "r.json"}, // no --to
		{"send", "--to", "http://desk.example.com/intake", "r.json"},      // plain http off this machine
		{"diagnose", pb, "--send-header", "X-Token: x"},                   // a header without --send
		{"diagnose", pb, "--bundle", filepath.Join(t.TempDir(), "b.tar")}, // not a zip
	} {
		if code, _, stderr := tsr(t, "", args...); code != ExitUsage || stderr == "" {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
}

func TestReviewAndRedactAReport(t *testing.T) {
	dir := t.TempDir()
	pb := testutil.WriteFile(t, "local.yaml", healthy)
	saved := filepath.Join(dir, "r.json")
	if code, _, stderr := tsr(t, "", "diagnose", pb, "-q", "-o", saved); code != 0 {
		t.Fatalf("diagnose: exit %d: %s", code, stderr)
	}
	host, _ := os.Hostname()
	code, stdout, stderr := tsr(t, "", "report", "review", saved)
	if code != 0 || !strings.Contains(stdout, "host name") || !strings.Contains(stdout, host) {
		t.Fatalf("review: exit %d\n%s%s", code, stdout, stderr)
	}
	clean := filepath.Join(dir, "clean.json")
	if code, _, stderr := tsr(t, "", "report", "redact", saved, "--redact", "pii", "-o", clean); code != 0 {
		t.Fatalf("redact: exit %d %s", code, stderr)
	}
	_, stdout, _ = tsr(t, "", "report", "review", clean, "--format", "json")
	var got struct {
		Redaction string           `json:"redaction"`
		Findings  []report.Finding `json:"findings"`
	}
	json.Unmarshal([]byte(stdout), &got)
	for _, f := range got.Findings {
		if f.Kind == "host name" || f.Kind == "user name" {
			t.Errorf("after redact --redact pii, review still finds %s %s", f.Kind, f.Value)
		}
	}
	if got.Redaction != "pii" {
		t.Errorf("redaction %q", got.Redaction)
	}
}
