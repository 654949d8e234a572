package report

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/checks"
)

func redacted(t *testing.T, level Redaction, known Known) string {
	t.Helper()
	r := fixture()
	r.Host.Hostname = "ws-042.corp.example"
	r.Run.Args = []string{"diagnose", "--set", "api_token=tok-123456", "--set", "site=intranet"}
	r.Results[0].Message = "GET https://alice:pa55word@portal.example/ with Authorization: Bearer eyJhbGciOi.sig; mac 00:1A:2b:3c:4d:5e on 10.1.2.3 via 203.0.113.9 and 2001:db8::1, home /home/alice/x; host ws-042.corp.example"
	r.Results[0].Observed["serial_number"] = "SN-998877"
	r.Results[0].Observed["proxy_used"] = "http://bob:hunter2@proxy.example:3128"
	r.Results[0].Observed["mac"] = "00:1a:2b:3c:4d:5e"
	r.Results[1].Observed["ssid"] = "AliceHomeNet"
	r.Results[1].Message = `Connected to Wi-Fi network "AliceHomeNet" on wlan0`
	r.Results[0].Observed["ipv6"] = []string{"fe80::b847:baff:fe9b:2b5f/64", "fe80::1/64"}
	r.Results[1].Fix = "Ask for the key s3cr3t-value again."
	r.Inventory = &checks.Inventory{Disks: []checks.InventoryDisk{{Serial: "WD-XYZ123", Model: "WDC"}}, NICs: []checks.InventoryNIC{{MAC: "aa:bb:cc:dd:ee:ff"}}}
	r.Causes[0].Message = "seen earlier: pa55word" // learnt from a later result's URL
	Redact(r, level, known)
	b, _ := json.Marshal(r)
	return string(b)
}

func TestRedactSecrets(t *testing.T) {
	out := redacted(t, RedactSecrets, Known{Secrets: []string{"s3cr3t-value"}})
	for _, secret := range []string{"pa55word", "eyJhbGciOi", "tok-123456", "hunter2", "s3cr3t-value"} {
		if strings.Contains(out, secret) {
			t.Errorf("secret %q survived redaction", secret)
		}
	}
	for _, kept := range []string{"ws-042.corp.example", "00:1A:2b:3c:4d:5e", "203.0.113.9", "SN-998877", "site=intranet", "alice:[secret-"} {
		if !strings.Contains(out, kept) {
			t.Errorf("level secrets removed %q, which it should keep", kept)
		}
	}
	if !strings.Contains(out, `"redaction":"secrets"`) {
		t.Error("the report does not record the level")
	}
}

func TestRedactPIIConsistently(t *testing.T) {
	out := redacted(t, RedactPII, Known{People: []string{"alice"}})
	if strings.Count(out, "[ssid-1]") != 2 {
		t.Errorf("the Wi-Fi network's name should be [ssid-1] in the field and the message:\n%s", out)
	}
	for _, personal := range []string{"AliceHomeNet", "ws-042", "00:1A:2b", "00:1a:2b", "203.0.113.9", "2001:db8::1", "SN-998877", "/home/alice", "WD-XYZ123", "aa:bb:cc", "fe9b:2b5f"} {
		if strings.Contains(out, personal) {
			t.Errorf("%q survived pii redaction", personal)
		}
	}
	if !strings.Contains(out, "10.1.2.3") {
		t.Error("a private address was removed: it is needed to diagnose")
	}
	if strings.Count(out, "[host-1]") != 2 || strings.Contains(out, "[host-2]") {
		t.Errorf("the hostname does not map to one placeholder everywhere:\n%s", out)
	}
	if strings.Count(out, "[mac-1]") != 2 {
		t.Errorf("the MAC (two spellings) should be [mac-1] twice:\n%s", out)
	}
	if !strings.Contains(out, "/home/[user-1]/x") || !strings.Contains(out, "https://[user-1]:") || !strings.Contains(out, `"disk-root"`) {
		t.Errorf("user name redaction is wrong:\n%s", out)
	}
}

func TestRedactNoneChangesNothing(t *testing.T) {
	out := redacted(t, RedactNone, Known{Secrets: []string{"s3cr3t-value"}})
	if !strings.Contains(out, "pa55word") || !strings.Contains(out, `"redaction":"none"`) {
		t.Error("--redact none still redacted, or did not say so")
	}
}

func TestRedactQuotedKeysMatchersAndKnownTokens(t *testing.T) {
	r := fixture()
	r.Results[0].Observed["body"] = `{"password": "hunter2x", "user": "bob"} password: 'quoted1' auth=Bearer abcdefXYZ123`
	r.Results[1].Unmet = []checks.Unmet{{Field: "content", Matcher: "{contains: token=abc123xyz}", Observed: "x", Level: checks.StatusFail}}
	Redact(r, RedactSecrets, Known{Secrets: []string{"Bearer abcdefXYZ123"}})
	b, _ := json.Marshal(r)
	out := string(b)
	for _, secret := range []string{"hunter2x", "quoted1", "abcdefXYZ123", "abc123xyz"} {
		if strings.Contains(out, secret) {
			t.Errorf("%q survived:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, `\"user\": \"bob\"`) {
		t.Errorf("a plain value was redacted:\n%s", out)
	}
}

func TestRedactHostnameOnlyAsAWord(t *testing.T) {
	r := fixture()
	r.Host.Hostname = "ux"
	r.Results[0].Message = "linux on ux, ux.local"
	Redact(r, RedactPII, Known{})
	if got := r.Results[0].Message; got != "linux on [host-1], [host-1].local" {
		t.Errorf("message = %q", got)
	}
}

func TestRedactorResultForLiveLines(t *testing.T) {
	rd := NewRedactor(RedactSecrets, Known{Secrets: []string{"tok-abc-123"}})
	res := Result{ID: "g", Message: "GET with tok-abc-123", Observed: map[string]any{"x": "tok-abc-123"}}
	got := rd.Result(res)
	if strings.Contains(got.Message, "tok-abc") || strings.Contains(valueText(got.Observed["x"]), "tok-abc") {
		t.Errorf("live result not redacted: %+v", got)
	}
	if res.Observed["x"] != "tok-abc-123" {
		t.Error("Result changed the caller's map")
	}
	r := fixture()
	r.Results[0].Message = "again tok-abc-123"
	rd.Report(r)
	if r.Results[0].Message != "again "+got.Message[len("GET with "):] {
		t.Errorf("placeholders differ between live lines and the report: %q vs %q", r.Results[0].Message, got.Message)
	}
}

func TestRedactPIIKeepsTheConflictingDevicesMAC(t *testing.T) {
	r := fixture()
	r.Results[0].Observed["conflicting_mac"] = "02:00:00:77:00:99"
	r.Results[0].Observed["mac"] = "02:00:00:11:22:33"
	r.Results[0].Message = "another device (02:00:00:77:00:99) also uses 10.0.0.5"
	Redact(r, RedactPII, Known{})
	b, _ := json.Marshal(r)
	if !strings.Contains(r.Results[0].Message, "02:00:00:77:00:99") || strings.Contains(string(b), "02:00:00:11:22:33") {
		t.Errorf("%s", b)
	}
}

func TestRedactPIIHidesUserNamesInsideText(t *testing.T) {
	rd := NewRedactor(RedactPII, Known{People: []string{"alice", "Alice Liddell"}})
	got := rd.Text("uid=1001(alice) gid=1001(alice) groups=27(sudo); owner Alice Liddell; /home/alice/.cache; malice stays")
	if strings.Contains(got, "(alice)") || strings.Contains(got, "Liddell") || strings.Contains(got, "/home/alice") || !strings.Contains(got, "malice stays") {
		t.Errorf("user names not hidden as words: %s", got)
	}
	if rd := NewRedactor(RedactSecrets, Known{People: []string{"alice"}}); rd.Text("uid=1001(alice)") != "uid=1001(alice)" {
		t.Error("level secrets hid a user name")
	}
}

func TestRedactPIIKeepsSystemAccounts(t *testing.T) {
	rd := NewRedactor(RedactPII, Known{People: []string{"root", "root"}})
	if got := rd.Text("rerun tsr as root (sudo); /root/x"); got != "rerun tsr as root (sudo); /root/x" {
		t.Errorf("a system account was hidden as a person: %q", got)
	}
}

// TestRedactURLPasswords: a password in any URL is hidden, whatever the
// scheme and whether or not a user name comes with it; the rest of the
// URL, and URLs without a password, are kept. Add cases here.
func TestRedactURLPasswords(t *testing.T) {
	for _, c := range []struct {
		in     string
		secret string // must not survive; "" when nothing is secret
		kept   string // must survive
	}{
		{"GET https://alice:pa55word@portal.example/", "pa55word", "portal.example/"},
		{"proxy http://bob:hunter2@proxy.example:3128", "hunter2", "proxy.example:3128"},
		{"fetch ftp://user:ftp-pa55@files.example/x", "ftp-pa55", "files.example/x"},
		{"db postgres://app:pg-s3cret@db.example:5432/app", "pg-s3cret", "db.example:5432/app"},
		{"cache redis://:only-pa55@cache.example:6379", "only-pa55", "cache.example:6379"},
		{"queue amqp://guest:guest-pw1@mq.example/", "guest-pw1", "mq.example/"},
		{"site http://portal.example:8080/login", "", "http://portal.example:8080/login"},
		{"mail to alice@mail.example", "", "alice@mail.example"},
		// A user part that is a token, not a name, is the credential itself.
		{"clone https://q7Vf2kLp9Xw3Rt8Zb4Nm@git.example/team/repo.git", "q7Vf2kLp9Xw3Rt8Zb4Nm", "git.example/team/repo.git"},
		{"clone https://k3Jd9Qw2Lp8Xz5Vb@git.example/r", "k3Jd9Qw2Lp8Xz5Vb", "git.example/r"}, // 16 characters: long enough
		{"clone https://deploy@git.example/r", "", "https://deploy@git.example/r"},
		{"login ftp://anonymous:@files.example/pub", "", "ftp://anonymous:@files.example/pub"}, // an empty password, kept as written
		{"clone https://build-agent-07@git.example/r", "", "https://build-agent-07@git.example/r"},
		{"clone ssh://buildautomationaccount@git.example/r", "", "ssh://buildautomationaccount@git.example/r"},
	} {
		got := NewRedactor(RedactSecrets, Known{}).Result(Result{ID: "u", Message: c.in}).Message
		if c.secret != "" && strings.Contains(got, c.secret) {
			t.Errorf("%q: the secret survived: %q", c.in, got)
		}
		if !strings.Contains(got, c.kept) {
			t.Errorf("%q: %q was removed: %q", c.in, c.kept, got)
		}
	}
}

// At pii the user's name is hidden wherever it is a whole path segment,
// not only right after /home.
func TestRedactPIIUserNameInAnyPath(t *testing.T) {
	r := fixture()
	r.Run.Args = []string{"diagnose", "/home/CORP/jdoe/playbooks/net.yaml"}
	r.Results[0].Message = `read C:\Users\CORP\jdoe\AppData and /srv/jdoe/x`
	Redact(r, RedactPII, Known{People: []string{"jdoe"}})
	b, _ := json.Marshal(r)
	if strings.Contains(string(b), "jdoe") {
		t.Errorf("the user name survived pii redaction:\n%s", b)
	}
}
