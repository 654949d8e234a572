package report

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
)

const plantedSecret = "Zk8pQ2vX9mL4tR7w" // planted in evidence; must not leave

func bundleOf(t *testing.T, evidence []EvidenceFile) (string, *Manifest) {
	t.Helper()
	r := fixture()
	rd := NewRedactor(RedactSecrets, Known{Secrets: []string{plantedSecret}})
	rd.Report(r)
	path := filepath.Join(t.TempDir(), "ticket.zip")
	m, err := WriteBundle(path, r, evidence, rd)
	if err != nil {
		t.Fatal(err)
	}
	return path, m
}

func TestBundleHoldsReportsEvidenceAndATrueManifest(t *testing.T) {
	path, m := bundleOf(t, []EvidenceFile{
		{Path: "host/etc/resolv.conf", Data: []byte("nameserver 10.9.0.1\n# token " + plantedSecret + "\n")},
		{Path: "checks/default/https/headers.txt", Data: []byte("HTTP/1.1 200 OK\nSet-Cookie: session=abcdef123456\n")},
		{Path: "../../etc/passwd", Data: []byte("escape attempt")},
	})
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	got := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		got[f.Name], _ = io.ReadAll(rc)
		rc.Close()
		if strings.Contains(f.Name, "..") || strings.HasPrefix(f.Name, "/") {
			t.Errorf("%s leaves the bundle's folders", f.Name)
		}
		if bytes.Contains(got[f.Name], []byte(plantedSecret)) || bytes.Contains(got[f.Name], []byte("abcdef123456")) {
			t.Errorf("%s holds a secret", f.Name)
		}
	}
	for _, want := range []string{"report.json", "report.html", "report.md", "manifest.json", "evidence/host/etc/resolv.conf", "evidence/etc/passwd"} {
		if got[want] == nil {
			t.Errorf("the bundle has no %s (has %v)", want, keys(got))
		}
	}
	var manifest Manifest
	if err := json.Unmarshal(got["manifest.json"], &manifest); err != nil || manifest.RunID != "K3M9QX2P" || manifest.Redaction != RedactSecrets {
		t.Fatalf("manifest %+v: %v", manifest, err)
	}
	if len(manifest.Files) != len(got)-1 || len(m.Files) != len(manifest.Files) {
		t.Errorf("manifest lists %d files, the zip holds %d besides it", len(manifest.Files), len(got)-1)
	}
	for _, f := range manifest.Files {
		sum := sha256.Sum256(got[f.Path])
		if hex.EncodeToString(sum[:]) != f.SHA256 || int64(len(got[f.Path])) != f.Size {
			t.Errorf("%s: manifest says %d bytes %s", f.Path, f.Size, f.SHA256)
		}
	}
}

func TestBundleIsBoundedAndSaysWhatWasCut(t *testing.T) {
	big := bytes.Repeat([]byte("x"), BundleMaxFileBytes+10)
	var evidence []EvidenceFile
	for i := 0; i < 12; i++ {
		evidence = append(evidence, EvidenceFile{Path: "checks/big" + string(rune('a'+i)) + ".txt", Data: big})
	}
	path, m := bundleOf(t, evidence)
	info, _ := os.Stat(path)
	var total int64
	for _, f := range m.Files {
		total += f.Size
	}
	if total > BundleMaxBytes || len(m.Cut) < 12 || info.Size() > BundleMaxBytes {
		t.Errorf("bundle %d bytes unpacked (%d on disk), %d cuts", total, info.Size(), len(m.Cut))
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestReviewFindsWhatTheReportTells(t *testing.T) {
	r := fixture()
	r.Run.Args = []string{"diagnose", "-o", "/home/CORP/jdoe/report.json"}
	r.Results[0].Observed["mac"] = "b8:27:eb:12:34:56"
	r.Results[0].Observed["addresses"] = []any{"10.9.0.23/24", "fe80::ba27:ebff:fe12:3456/64"}
	r.Results[0].Observed["ssid"] = "HomeNet-5G"
	r.Results[0].Message = "eth0 is up on ws-042.corp.example.com"
	var buf bytes.Buffer
	(jsonRenderer{}).Render(&buf, r)
	findings := Review([]EvidenceFile{{Path: "report.json", Data: buf.Bytes()}, {Path: "evidence/host/etc/hosts", Data: []byte("10.9.0.5 nas.corp.example.com\n")}})
	want := map[string]string{
		"host name": "ws-042", "user name": "jdoe", "MAC": "b8:27:eb:12:34:56", "Wi-Fi network": "HomeNet-5G",
		"address": "10.9.0.23", "domain": "ws-042.corp.example.com",
	}
	seen := map[string]bool{}
	for _, f := range findings {
		if want[f.Kind] == f.Value {
			seen[f.Kind] = true
			if len(f.Where) == 0 {
				t.Errorf("%s %s: no place given", f.Kind, f.Value)
			}
		}
		if f.Kind == "domain" && strings.HasSuffix(f.Value, ".json") {
			t.Errorf("a file name taken for a domain: %s", f.Value)
		}
	}
	for kind, v := range want {
		if !seen[kind] {
			t.Errorf("review missed %s %s; found %+v", kind, v, findings)
		}
	}
	var hosts Finding
	for _, f := range findings {
		if f.Kind == "address" && f.Value == "10.9.0.5" {
			hosts = f
		}
	}
	if len(hosts.Where) != 1 || hosts.Where[0] != "evidence/host/etc/hosts:1" || hosts.Note != "private" {
		t.Errorf("address in a text file: %+v", hosts)
	}
}

// After `report redact --redact pii`, a review finds no host name, user
// name or MAC left.
func TestRedactFileThenReviewFindsNoPersonalData(t *testing.T) {
	r := fixture()
	r.Run.Args = []string{"diagnose", "-o", "/home/CORP/jdoe/report.json"}
	r.Results[0].Observed["mac"] = "b8:27:eb:12:34:56"
	r.Results[0].Message = "eth0 on ws-042 has 10.9.0.23"
	in := jsonFile(t, r)
	out := filepath.Join(t.TempDir(), "out.json")
	if err := RedactFile(in, out, RedactPII, []string{"intranet"}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	for _, leak := range []string{"ws-042", "jdoe", "b8:27:eb:12:34:56", "intranet"} {
		if bytes.Contains(data, []byte(leak)) {
			t.Errorf("%q left after redact --redact pii", leak)
		}
	}
	var back Report
	if err := Decode(bytes.NewReader(data), &back); err != nil || back.Run.Redaction != RedactPII {
		t.Errorf("redacted report: %v, redaction %q", err, back.Run.Redaction)
	}
	if err := RedactFile(in, in, RedactPII, nil); err == nil {
		t.Error("redacting a file onto itself must be refused")
	}
}

func TestSendDeliversAndReadsTheTicket(t *testing.T) {
	var got struct {
		contentType, auth string
		body              []byte
	}
	testutil.NeedLoopback(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		got.contentType, got.auth = req.Header.Get("Content-Type"), req.Header.Get("Authorization")
		got.body, _ = io.ReadAll(req.Body)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ticket": "INC-4711", "note": "\u001b]0;pwned\u0007thanks"}`)
	}))
	defer srv.Close()
	file := jsonFile(t, fixture())
	sent, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	in, err := ParseIntake(srv.URL+"/intake", []string{"Authorization: Bearer " + plantedSecret})
	if err != nil {
		t.Fatal(err)
	}
	a, err := in.Send(context.Background(), file)
	if err != nil {
		t.Fatal(err)
	}
	if a.Ticket != "INC-4711" || got.contentType != "application/json" || got.auth != "Bearer "+plantedSecret || !bytes.Equal(got.body, sent) {
		t.Errorf("answer %+v; server saw %q %q %d bytes", a, got.contentType, got.auth, len(got.body))
	}
	if strings.ContainsAny(a.Text, "\x1b\x07") {
		t.Errorf("the answer reaches the terminal raw: %q", a.Text)
	}
}

func TestSendFailureKeepsTheFileInTheOutbox(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {}))
	url := srv.URL
	srv.Close() // nothing listens there now
	file := jsonFile(t, fixture())
	in, _ := ParseIntake(url, []string{"X-Token: " + plantedSecret})
	_, err := in.Send(context.Background(), file)
	if err == nil || strings.Contains(err.Error(), plantedSecret) {
		t.Fatalf("send to a closed port: %v", err)
	}
	kept, err := KeepInOutbox(file)
	if err != nil {
		t.Fatal(err)
	}
	waiting, _ := Outbox()
	if len(waiting) != 1 || waiting[0] != kept {
		t.Errorf("outbox %v, kept %s", waiting, kept)
	}
}

func TestParseIntakeRefusesWhatWouldLeak(t *testing.T) {
	for _, c := range []struct{ url, header, want string }{
		{"http://desk.example.com/intake", "", "https only"},
		{"ftp://desk.example.com", "", "not an https:// URL"},
		{"https://desk.example.com", "Authorization Bearer " + plantedSecret, "Name: value"},
	} {
		var headers []string
		if c.header != "" {
			headers = []string{c.header}
		}
		_, err := ParseIntake(c.url, headers)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), plantedSecret) {
			t.Errorf("%s %q: %v", c.url, c.header, err)
		}
	}
	if _, err := ParseIntake("http://127.0.0.1:8080/x", nil); err != nil {
		t.Errorf("plain http to loopback is allowed for testing: %v", err)
	}
}

// jsonFile writes r as a JSON report to a temporary file and returns its path.
func jsonFile(t *testing.T, r *Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := (jsonRenderer{}).Render(&buf, r); err != nil {
		t.Fatal(err)
	}
	return testutil.WriteFile(t, "r.json", buf.String())
}
