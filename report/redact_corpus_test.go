package report

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// redactCorpus is every secret form tsr must recognise in text from any
// source (command output, file content, HTTP bodies and headers, URLs),
// with what must go and what must stay readable.
var redactCorpus = []struct {
	name  string
	known []string // secrets known before the run (vars, --set, environment)
	text  string
	gone  []string
	kept  []string
}{
	{name: "query access_key", text: "GET https://s3.example/b?access_key=AKX9ab12cd34&x=1", gone: []string{"AKX9ab12cd34"}, kept: []string{"access_key=[secret-1]", "&x=1"}},
	{name: "query pwd", text: "http://router.local/login.cgi?user=admin&pwd=Adm1nPw", gone: []string{"Adm1nPw"}, kept: []string{"user=admin"}},
	{name: "query sig", text: "https://blob.example/f?sv=2020&sig=Zm9vYmFyYmF6cXV4%3D&se=1", gone: []string{"Zm9vYmFyYmF6cXV4"}, kept: []string{"sv=2020", "se=1"}},
	{name: "query key", text: "https://maps.example/api?key=k3yV4lu3x&q=x", gone: []string{"k3yV4lu3x"}, kept: []string{"q=x"}},
	{name: "query X-Amz-Credential", text: "https://b.s3.amazonaws.com/o?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261130%2Fus-east-1&X-Amz-Signature=fe5f80f77d5fa3beca038a248ff027", gone: []string{"AKIDEXAMPLE", "fe5f80f77d5fa3beca038a248ff027"}},
	{name: "token as the URL's user", text: "cloning https://ghp_16C7e42F292c6912E7710c838347Ae178B4a@github.com/org/repo.git", gone: []string{"ghp_16C7e42F292c6912E7710c838347Ae178B4a"}, kept: []string{"@github.com/org/repo.git"}},
	{name: "token as the URL's user, with a password", text: "git https://0a1b2c3d4e5f60718293a4b5c6d7e8f901234567:x-oauth-basic@github.example/o/r.git", gone: []string{"0a1b2c3d4e5f60718293a4b5c6d7e8f901234567", "x-oauth-basic"}, kept: []string{"@github.example/o/r.git"}},
	{name: "key name with a long s", text: "pa\u017f\u017fword=hunter2x next", gone: []string{"hunter2x"}, kept: []string{" next"}},
	{name: "key name with the Kelvin sign", text: "to\u212aen=abcdef123456 next", gone: []string{"abcdef123456"}, kept: []string{" next"}},
	{name: "URL password", text: "proxy http://bob:hunter2@proxy.example:3128", gone: []string{"hunter2"}, kept: []string{"http://bob:", "@proxy.example:3128"}},
	{name: "URL password, no user, other scheme", text: "redis://:r3d1sPass@cache:6379/0 and ftp://u:ftpPa55@files", gone: []string{"r3d1sPass", "ftpPa55"}, kept: []string{"redis://:", "@cache:6379"}},
	{name: "Cookie header", text: "Cookie: session=abc123def456; theme=dark\nServer: nginx", gone: []string{"abc123def456"}, kept: []string{"Server: nginx"}},
	{name: "Set-Cookie header", text: "Set-Cookie: SID=31d4d96e407aad42; Path=/; Secure", gone: []string{"31d4d96e407aad42"}},
	{name: "Ocp-Apim-Subscription-Key header", text: "Ocp-Apim-Subscription-Key: 0123456789abcdef0123456789abcdef", gone: []string{"0123456789abcdef"}},
	{name: "X-Session header", text: "X-Session: s3ss10nV4lue\r\nContent-Type: text/html", gone: []string{"s3ss10nV4lue"}, kept: []string{"Content-Type: text/html"}},
	{name: "bearer header", text: "Authorization: Bearer abcdefXYZ123; next", gone: []string{"abcdefXYZ123"}, kept: []string{"Authorization: Bearer [secret-1]; next"}},
	{name: "basic header", text: "Proxy-Authorization: Basic dXNlcjpwYXNzd29yZA==", gone: []string{"dXNlcjpwYXNzd29yZA=="}, kept: []string{"Basic [secret-1]"}},
	{name: "AWS key id", text: "aws configure list: access_key ****  AKIAIOSFODNN7EXAMPLE  shared-credentials-file", gone: []string{"AKIAIOSFODNN7EXAMPLE"}, kept: []string{"shared-credentials-file"}},
	{name: "JWT", text: `{"id_token_hint":1} got eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ok`, gone: []string{"eyJzdWIiOiIxMjM0NTY3ODkwIn0", "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"}, kept: []string{" ok"}},
	{name: "PEM private key body", text: "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onL\n-----END RSA PRIVATE KEY-----\ndone", gone: []string{"MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo", "4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onL"}, kept: []string{"-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----", "done"}},
	{name: "PEM private key cut short", text: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC", gone: []string{"MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"}},
	{name: "XML element", text: "<user>bob</user><password>X9y8z7w6</password>", gone: []string{"X9y8z7w6"}, kept: []string{"<user>bob</user>", "<password>[secret-1]</password>"}},
	{name: "XML element, short", text: "<Password>X</Password>", gone: []string{">X<"}},
	{name: "JSON", text: `{"password": "hunter2x", "user": "bob", "api_key":"k-998877"}`, gone: []string{"hunter2x", "k-998877"}, kept: []string{`"user": "bob"`}},
	{name: "YAML multi-word", text: "user: bob\npassword: correct horse xylophone staple\nport: 5432", gone: []string{"correct", "horse", "xylophone", "staple"}, kept: []string{"user: bob", "port: 5432"}},
	{name: "INI spaced", text: "[db]\npassword = s3cret pass phrase\nhost = db1", gone: []string{"s3cret", "pass phrase"}, kept: []string{"host = db1"}},
	{name: "bracketed value", text: "password=[hunter2]", gone: []string{"hunter2"}},
	{name: "single-quoted", text: "password: 'quoted1' user: x", gone: []string{"quoted1"}, kept: []string{"user: x"}},
	{name: "glued pairs", text: "token=abc123xyz&password=def456uvw user=bob", gone: []string{"abc123xyz", "def456uvw"}, kept: []string{"user=bob"}},
	{name: "short learned value does not shred", text: "auth=e\nService started; everyone else sees the secret-free text", gone: []string{"auth=e"}, kept: []string{"Service started; everyone else sees the secret-free text"}},
	{name: "common word is no secret", text: "X_TOKEN_ENABLED=true\nkeepalive: true", kept: []string{"X_TOKEN_ENABLED=true", "keepalive: true"}},
	{name: "author is no auth", text: "author: Jane Roe", kept: []string{"author: Jane Roe"}},
	{name: "environment secret, all letters", known: []string{"correcthorsebatterystaple"}, text: "DB_PASSWORD=correcthorsebatterystaple printed; correcthorsebatterystaple again", gone: []string{"correcthorsebatterystaple"}},
	{name: "environment secret, all digits", known: []string{"90817263"}, text: "pin is 90817263.", gone: []string{"90817263"}, kept: []string{"pin is [secret-1]."}},
	{name: "environment secret with a space", known: []string{"open sesame now"}, text: "said open sesame now!", gone: []string{"sesame"}},
	{name: "GitLab token", text: "CI used glpat-xK3mN9pQ2rT5vW8yZ1bC4d today", gone: []string{"xK3mN9pQ2rT5vW8yZ1bC4d"}, kept: []string{"CI used", "today"}},
	{name: "Slack token", text: "bot xoxb-1234567890-abcdefghij posted", gone: []string{"1234567890-abcdefghij"}, kept: []string{"posted"}},
	{name: "Google API key", text: "maps AIzaSyD3f5G7h9J1k3L5m7N9p1R3t5V7x9Z1b3D loaded", gone: []string{"SyD3f5G7h9J1k3L5m7N9p1R3t5V7x9Z1b3D"}, kept: []string{"loaded"}},
	{name: "Stripe key", text: "billing sk_live_4eC39HqLyjWDarjtT1zdp7dc charged", gone: []string{"4eC39HqLyjWDarjtT1zdp7dc"}, kept: []string{"charged"}},
	{name: "GitHub fine-grained token", text: "push github_pat_11ABCDEFG0123456789_abcdefghijklmnop done", gone: []string{"11ABCDEFG0123456789_abcdefghijklmnop"}, kept: []string{"done"}},
	{name: "passphrase key", text: "Passphrase: tr0ub4dor and more", gone: []string{"tr0ub4dor"}, kept: []string{"Passphrase: [secret-1]"}},
	{name: "Subscription-Key header", text: "Subscription-Key: 9f8e7d6c5b4a39281706", gone: []string{"9f8e7d6c5b4a39281706"}, kept: []string{"Subscription-Key: [secret-1]"}},
	{name: "signature header", text: "X-Signature: 3b1f8c9d7e6a5b4c", gone: []string{"3b1f8c9d7e6a5b4c"}},
	{name: "credentials pair", text: "credentials=Zx81Lm02Qp", gone: []string{"Zx81Lm02Qp"}},
	{name: "private key setting", text: "private_key: MIIBOgkqhk", gone: []string{"MIIBOgkqhk"}},
	{name: "API key header", text: "X-API-Key: 7c6b5a4d3e2f1a0b", gone: []string{"7c6b5a4d3e2f1a0b"}},
	{name: "client secret pair", text: "client_secret=Qm9vYmFy99", gone: []string{"Qm9vYmFy99"}},
	{name: "key name folding outside ASCII", text: "db_\u017fecret=abcdef123 and to\u212aen=k1e2y3v4", gone: []string{"abcdef123", "k1e2y3v4"}},
	{name: "key/value beside other text outside ASCII", text: "GET / → 200 with session_token=s3ss10nT0k", gone: []string{"s3ss10nT0k"}, kept: []string{"GET / → 200"}},
	{name: "known value only as a whole token", known: []string{"pa55w0rd"}, text: "pa55w0rd and pa55w0rd2", gone: []string{"pa55w0rd and"}, kept: []string{"[secret-1] and pa55w0rd2"}},
}

func TestRedactCorpus(t *testing.T) {
	for _, c := range redactCorpus {
		t.Run(c.name, func(t *testing.T) {
			rd := NewRedactor(RedactSecrets, Known{Secrets: c.known})
			got := rd.Text(c.text)
			for _, g := range c.gone {
				if strings.Contains(got, g) {
					t.Errorf("%q survived:\n%s", g, got)
				}
			}
			for _, k := range c.kept {
				if !strings.Contains(got, k) {
					t.Errorf("%q was lost:\n%s", k, got)
				}
			}
			if nested.MatchString(got) {
				t.Errorf("a placeholder inside a placeholder:\n%s", got)
			}
			if again := rd.Text(got); again != got {
				t.Errorf("redacting twice changed the text:\n%s\n%s", got, again)
			}
		})
	}
}

// nested finds a placeholder that another replacement broke into.
var nested = regexp.MustCompile(`\[[a-z]*\[|\[[a-z]+-[0-9]*\[`)

// The whole corpus in one report, through every field and every format:
// no format shows a secret, and the learned "e" shreds nothing.
func TestRedactCorpusInEveryFormat(t *testing.T) {
	r := fixture()
	var known []string
	for i, c := range redactCorpus {
		known = append(known, c.known...)
		r.Results[i%len(r.Results)].Observed["out"+itoa(i)] = c.text
	}
	r.Results[0].Message = "Service started: everyone agrees"
	Redact(r, RedactSecrets, Known{Secrets: known})
	for _, format := range Formats() {
		data, err := Bytes(r, format, Options{})
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		out := string(data)
		if format == "json" {
			var back Report
			if err := json.Unmarshal(data, &back); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range redactCorpus {
			for _, g := range c.gone {
				if len(g) > 4 && strings.Contains(out, g) {
					t.Errorf("%s: %q (%s) survived", format, g, c.name)
				}
			}
		}
		if format == "json" && !strings.Contains(out, "Service started: everyone agrees") || nested.MatchString(out) {
			t.Errorf("%s: ordinary text was shredded", format)
		}
	}
}

func TestLooksSecret(t *testing.T) {
	for v, want := range map[string]bool{
		"correcthorsebatterystaple": true, "90817263": true, "open sesame now": true, "s3cr3t-value": true,
		"s3cr3t": true, "123456": true, // six characters, six digits: long enough to be one
		"true": false, "/tmp/ssh-XXXX/agent.1": false, "~/.netrc": false, "30s": false, "1.5": false, "abc": false,
	} {
		if got := LooksSecret(v); got != want {
			t.Errorf("LooksSecret(%q) = %v, want %v", v, got, want)
		}
	}
}

// FuzzRedact: whatever surrounds it, a planted secret never survives, and
// redaction never writes a placeholder inside another.
func FuzzRedact(f *testing.F) {
	for _, c := range redactCorpus {
		f.Add(c.text, "plantedSecret42")
	}
	f.Add("auth=e S[secret-1]rvice", "hunter2x")
	f.Add("password: [secret-1] x", "[secret-1]")
	f.Fuzz(func(t *testing.T, text, secret string) {
		if !plantable(secret) {
			return
		}
		rd := NewRedactor(RedactSecrets, Known{Secrets: []string{secret}})
		got := rd.Text(text + " " + secret + "\n" + text)
		if strings.Contains(got, " "+secret+"\n") {
			t.Fatalf("planted secret %q survived: %q", secret, got)
		}
		if nested.MatchString(got) && !nested.MatchString(text) {
			t.Fatalf("placeholder inside a placeholder: %q", got)
		}
	})
}

// plantable: a secret of letters and digits, long enough, no common word.
func plantable(s string) bool {
	if len(s) < 6 || commonWords[strings.ToLower(s)] {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !alnum(s[i]) || s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// TestRedactEveryTokenForm: each form tokenForms knows is hidden standing
// alone in ordinary text, with no key name or URL around it to give it
// away: one example of every prefix.
func TestRedactEveryTokenForm(t *testing.T) {
	var tokens []string
	for _, aws := range []string{"AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"} {
		tokens = append(tokens, aws+"Z7Q2M4K8W1R5T9Y3")
	}
	for _, c := range "pousr" {
		tokens = append(tokens, "gh"+string(c)+"_16C7e42F292c6912E7710c838347Ae178B4a")
	}
	for _, c := range "abprs" {
		tokens = append(tokens, "xox"+string(c)+"-1234567890-abcdefghij")
	}
	tokens = append(tokens, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
		"github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "glpat-xK3mN9pQ2rT5vW8yZ1bC4d",
		"AIzaSyD3f5G7h9J1k3L5m7N9p1R3t5V7x9Z1b3D", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "rk_live_4eC39HqLyjWDarjtT1zdp7dc")
	for _, tok := range tokens {
		got := NewRedactor(RedactSecrets, Known{}).Text("we saw " + tok + " in the log")
		if strings.Contains(got, tok) || !strings.Contains(got, "we saw [secret-1] in the log") {
			t.Errorf("%s: got %q", tok, got)
		}
	}
}
