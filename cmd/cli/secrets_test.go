package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
)

// TestSecretsReachNoOutput places secrets in vars, a --set, request
// headers, a URL, the environment and a probe's output, then writes the
// report in every format and to the terminal: none may hold them.
func TestSecretsReachNoOutput(t *testing.T) {
	testutil.NeedLoopback(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("echo: " + r.Header.Get("Authorization") + " " + r.Header.Get("X-Api-Key")))
	}))
	defer srv.Close()
	t.Setenv("TSR_TEST_API_TOKEN", "env-Secret-42x")
	secrets := []string{"var-Secret-17", "set-Secret-99", "hdr-Bearer-Token-5", "key-Secret-63", "url-Pass-88", "env-Secret-42x"}
	pb := testutil.WriteFile(t, "pb.yaml", `
tsr: 1
name: secrets
vars: { password: var-Secret-17, api_token: placeholder }
checks:
  - id: web
    uses: net.http
    title: "Portal (${vars.password})"
    with:
      url: "`+strings.Replace(srv.URL, "http://", "http://admin:url-Pass-88@", 1)+`/?token=${vars.api_token}"
      proxy: none
      headers: { Authorization: "Bearer hdr-Bearer-Token-5", X-Api-Key: key-Secret-63 }
    expect: { status: 500 }
    fix: "Log in with ${vars.password}"
  - id: env
    uses: sys.command
    with: { run: [sh, -c, "echo token=$TSR_TEST_API_TOKEN; echo pw=var-Secret-17 >&2; exit 3"] }
`)
	dir := t.TempDir()
	var outs []string
	for _, ext := range []string{"json", "yaml", "md", "html", "xml", "txt"} {
		outs = append(outs, "-o", filepath.Join(dir, "r."+ext))
	}
	args := append([]string{"diagnose", pb, "--allow-exec", "--no-inventory", "--set", "api_token=set-Secret-99"}, outs...)
	var term strings.Builder
	Main(args, Streams{In: strings.NewReader(""), Out: &term, Err: &term, Terminal: true})
	texts := map[string]string{"terminal": term.String()}
	for i := 1; i < len(outs); i += 2 {
		data, err := os.ReadFile(outs[i])
		if err != nil {
			t.Fatal(err)
		}
		texts[filepath.Base(outs[i])] = string(data)
	}
	for name, text := range texts {
		for _, secret := range secrets {
			if strings.Contains(text, secret) {
				t.Errorf("%s holds the secret %q", name, secret)
			}
		}
	}
	if !strings.Contains(texts["r.json"], `"status": 200`) || !strings.Contains(texts["r.json"], "[secret-") {
		t.Errorf("the probes did not run as intended:\n%s", texts["r.json"])
	}
}
