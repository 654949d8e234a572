package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
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
	code, texts := diagnoseInEveryOutput(t, []string{pb, "--allow-exec", "--no-inventory", "--set", "api_token=set-Secret-99"},
		"json", "yaml", "md", "html", "xml", "txt")
	if code != ExitProblems {
		t.Errorf("exit %d, want %d: the command exits 3\n%s", code, ExitProblems, texts["terminal"])
	}
	wantNoSecret(t, texts, secrets)
	if !strings.Contains(texts["r.json"], `"status": 200`) || !strings.Contains(texts["r.json"], "[secret-") {
		t.Errorf("the probes did not run as intended:\n%s", texts["r.json"])
	}
}

// TestIssueSecretsReachNoOutput: the secrets of issue 18 that leaked under
// the default --redact secrets: echoed credential headers, query keys, a
// token as a URL's user, AWS key ids, JWTs, PEM bodies, XML and multi-word
// values in command output, file content and HTTP bodies, and environment
// secrets of letters only, digits only or with spaces.
func TestIssueSecretsReachNoOutput(t *testing.T) {
	testutil.NeedLoopback(t)
	const pem = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY/PuoAoGCCqGSM49\n-----END EC PRIVATE KEY-----"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, h := range []string{"Cookie", "Ocp-Apim-Subscription-Key", "X-Session"} {
			w.Write([]byte(h + ": " + r.Header.Get(h) + "\n"))
		}
		w.Write([]byte("key AKIAIOSFODNN7EXAMPLE\njwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ\n" + pem + "\n<password>xmlPa55wd</password>\n"))
	}))
	defer srv.Close()
	file := testutil.WriteFile(t, "creds.ini", "[db]\npassword: correct horse quartz staple\nuser = dbuser\n")
	t.Setenv("DB_PASSWORD", "correcthorsebatterystaple")
	t.Setenv("APP_PIN_TOKEN", "90817263")
	t.Setenv("VAULT_PASSPHRASE", "open sesame seeds")
	t.Setenv("X_TOKEN_ENABLED", "true")
	pb := testutil.WriteFile(t, "pb.yaml", `
tsr: 1
name: leaks
checks:
  - id: web
    uses: net.http
    with:
      url: "`+srv.URL+`/x?access_key=qAccessKey1&pwd=qPwdValue2&sig=qSigValue3&key=qKeyValue4&X-Amz-Credential=qAmzCred5"
      proxy: none
      headers: { Cookie: "sid=cookieVal6", Ocp-Apim-Subscription-Key: apimKey7value, X-Session: sessVal8x }
    expect: { status: 500 }
  - id: file
    uses: sys.file
    with: { path: "`+file+`" }
    expect: { exists: false }
  - id: cmd
    uses: sys.command
    with: { run: [sh, -c, "echo DB_PASSWORD=$DB_PASSWORD pin $APP_PIN_TOKEN vault $VAULT_PASSPHRASE; echo https://ghp_16C7e42F292c6912E7710c838347Ae178B4a@github.com/o/r; echo 'password=[hunter2]'; exit 3"] }
`)
	secrets := []string{"qAccessKey1", "qPwdValue2", "qSigValue3", "qKeyValue4", "qAmzCred5", "cookieVal6", "apimKey7value", "sessVal8x",
		"AKIAIOSFODNN7EXAMPLE", "eyJzdWIiOiJhbGljZSJ9", "MHcCAQEEIIrYSSNQFaA2Hwf1", "xmlPa55wd", "horse quartz", "quartz",
		"correcthorsebatterystaple", "90817263", "sesame", "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "hunter2"}
	code, texts := diagnoseInEveryOutput(t, []string{pb, "--allow-exec", "--no-inventory"}, "json", "yaml", "md", "html", "xml", "txt")
	if code != ExitProblems {
		t.Errorf("exit %d, want %d: the command exits 3\n%s", code, ExitProblems, texts["terminal"])
	}
	wantNoSecret(t, texts, secrets)
	for name, text := range texts {
		if strings.Contains(text, "[s[") || strings.Contains(text, "-1]t-") {
			t.Errorf("%s: a placeholder inside a placeholder", name)
		}
	}
	if !strings.Contains(texts["r.json"], "user = dbuser") || !strings.Contains(texts["r.json"], "BEGIN EC PRIVATE KEY") {
		t.Errorf("the probes did not run as intended, or too much was hidden:\n%s", texts["r.json"])
	}
}

// TestValidationMessagesHideSecrets: a secret-named var's --set value, a
// URL's password and a secret var echoed in a validation problem reach
// neither the terminal nor a CI log.
func TestValidationMessagesHideSecrets(t *testing.T) {
	pb := testutil.WriteFile(t, "pb.yaml", `
tsr: 1
name: v
vars: { api_token: "", db_password: "pw-Var-Secret-1" }
checks:
  - id: web
    uses: net.http
    with: { url: "ftp://admin:url-Pa55-2@host/", method: "${vars.api_token}" }
  - id: c
    uses: net.tcp
    with: { host: localhost, port: "${vars.db_password}" }
`)
	for _, args := range [][]string{
		{"validate", pb},
		{"validate", "--format", "github", pb},
		{"validate", "--format", "json", pb},
		{"diagnose", pb, "--set", "api_token=set-Secret-3x"},
	} {
		code, out, errb := tsr(t, "", args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 for the playbook's problems", args, code)
		}
		for _, secret := range []string{"pw-Var-Secret-1", "url-Pa55-2", "set-Secret-3x"} {
			if strings.Contains(out+errb, secret) {
				t.Errorf("%v shows the secret %q:\n%s%s", args, secret, out, errb)
			}
		}
		if !strings.Contains(out+errb, "with.url") || !strings.Contains(out+errb, "with.port") {
			t.Errorf("%v: no problem reported:\n%s%s", args, out, errb)
		}
	}
}

// TestPIIHidesTheHostInTheLiveHeaderAndInventory: at --redact pii the
// live header names no host, and tsr inventory hides the host name and
// MACs like a report's inventory does.
func TestPIIHidesTheHostInTheLiveHeaderAndInventory(t *testing.T) {
	host, err := os.Hostname()
	if err != nil || host == "" {
		t.Skip("no host name")
	}
	pb := testutil.WriteFile(t, "pb.yaml", "tsr: 1\nname: x\nchecks:\n  - { id: os, uses: sys.os }\n")
	var term strings.Builder
	Main([]string{"diagnose", pb, "--no-inventory", "--redact", "pii"}, Streams{In: strings.NewReader(""), Out: &term, Err: &term, Terminal: true})
	header, _, _ := strings.Cut(term.String(), "\n")
	if !strings.Contains(header, " on [host-1] (") {
		t.Errorf("live header at pii: %q", header)
	}
	code, out, errb := tsr(t, "", "inventory", "--format", "json", "--redact", "pii")
	if code != 0 || strings.Contains(out, `"hostname": "`+host+`"`) || !strings.Contains(out, `"hostname": "[host-1]"`) {
		t.Errorf("inventory --redact pii: exit %d\n%s%s", code, out, errb)
	}
	if mac := regexp.MustCompile(`"mac": "([0-9a-f]{2}(:[0-9a-f]{2}){5})"`).FindString(out); mac != "" {
		t.Errorf("inventory --redact pii shows %s", mac)
	}
	if code, _, errb := tsr(t, "", "inventory", "--redact", "bogus"); code != ExitUsage || !strings.Contains(errb, "--redact") {
		t.Errorf("bad --redact: exit %d %s", code, errb)
	}
}

// TestSetSecretNotEchoedByValidation: a --set value of a secret-named var
// that makes a parameter invalid is named, not shown.
func TestSetSecretNotEchoedByValidation(t *testing.T) {
	pb := testutil.WriteFile(t, "pb.yaml", "tsr: 1\nname: v\nvars: { api_token: '' }\nchecks:\n  - { id: web, uses: net.http, with: { url: 'https://example.invalid/', method: '${vars.api_token}' } }\n")
	code, out, errb := tsr(t, "", "diagnose", pb, "--no-inventory", "--set", "api_token=set-Secret-3x")
	if code != ExitUsage || strings.Contains(out+errb, "set-Secret-3x") || !strings.Contains(errb, "with.method") || !strings.Contains(errb, "--set api_token") {
		t.Errorf("exit %d\n%s%s", code, out, errb)
	}
}
