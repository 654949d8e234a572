package cli

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
	"github.com/tsrhq/tsr/report"
)

// Secrets planted in the environment and in a playbook var of a bundled
// run: no file of the bundle may hold them.
const (
	plantedEnvSecret = "PlantedEnvSecret42x"
	plantedVarSecret = "PlantedVarSecret42y"
)

// labBundle runs the default playbook in the healthy lab with --bundle,
// plus a playbook whose var is a secret that reaches a message, and reads
// the bundle: the reports, at least three evidence files, a manifest whose
// checksums hold, and no planted secret anywhere.
func labBundle(t *testing.T, l *lab) {
	dir := t.TempDir()
	bundle := filepath.Join(dir, "ticket.zip")
	secretBook := testutil.WriteFile(t, "secret.yaml", `
tsr: 1
name: secret
vars: { api_token: `+plantedVarSecret+` }
checks:
  - { id: token-file, uses: sys.file, with: { path: "/nonexistent/${vars.api_token}" } }
`)
	env := append(l.runEnv(), "DB_PASSWORD="+plantedEnvSecret)
	args := append(defaultArgs(labSite, labNTP), secretBook, "--bundle", bundle)
	r := runTSRReport(t, env, []string{"ip", "netns", "exec", l.client, l.bin}, args...)
	if !strings.Contains(r.stderr, "Bundle written to "+bundle) {
		t.Errorf("tsr does not say where the bundle is:\n%s", r.stderr)
	}
	zr, err := zip.OpenReader(bundle)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string][]byte{}
	evidence := 0
	for _, f := range zr.File {
		rc, _ := f.Open()
		files[f.Name], _ = io.ReadAll(rc)
		rc.Close()
		if strings.HasPrefix(f.Name, "evidence/") {
			evidence++
		}
		for _, secret := range []string{plantedEnvSecret, plantedVarSecret} {
			if strings.Contains(string(files[f.Name]), secret) {
				t.Errorf("%s in the bundle holds the planted secret %s", f.Name, secret)
			}
		}
	}
	for _, want := range []string{"report.json", "report.html", "manifest.json", "evidence/checks/default/dns/answer.txt",
		"evidence/checks/default/certificate/chain.pem", "evidence/host/interfaces.txt"} {
		if files[want] == nil {
			t.Errorf("bundle lacks %s", want)
		}
	}
	if evidence < 3 {
		t.Errorf("%d evidence files, want at least 3", evidence)
	}
	var m report.Manifest
	if err := json.Unmarshal(files["manifest.json"], &m); err != nil {
		t.Fatal(err)
	}
	if m.RunID == "" || m.RunID != r.rep.Run.ID || len(m.Files) != len(files)-1 {
		t.Errorf("manifest run %q (report's %q), %d files for %d", m.RunID, r.rep.Run.ID, len(m.Files), len(files)-1)
	}
	for _, f := range m.Files {
		sum := sha256.Sum256(files[f.Path])
		if hex.EncodeToString(sum[:]) != f.SHA256 {
			t.Errorf("%s: sha256 in the manifest does not match", f.Path)
		}
	}
}
