package cli

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/internal/testutil"
	"github.com/tsrhq/tsr/report"
)

// TestBuiltinAdviceFitsTheFault runs the built-in playbooks in the fault
// lab, one fault at a time, and reads the advice they give: it must fit
// what was seen (a 503 is not a firewall, a router that ignores ping is
// not to be restarted), and a healthy network must raise no alarm.
func TestBuiltinAdviceFitsTheFault(t *testing.T) {
	needLab(t)
	l := newLab(t, buildTSR(t))
	sets := []string{"--set", "site=" + labSite, "--set", "ntp_server=" + labNTP, "--set", "ping_host=" + labWebIP, "--set", "resolvers=" + labDNS, "--set", "portal_url=" + labProbeURL}

	t.Run("healthy-ipv4-only", func(t *testing.T) {
		// The lab has no IPv6 beyond link-local and its gateway no reverse name.
		r := l.diagnose(t, append([]string{"network", "dns"}, sets...)...)
		for _, res := range r.rep.Results {
			if res.Status == checks.StatusWarn || res.Status == checks.StatusFail || res.Status == checks.StatusError {
				t.Errorf("%s/%s: %s: %s", res.Playbook, res.ID, res.Status, res.Message)
			}
		}
		if r.code != 0 {
			t.Errorf("exit %d, want 0\n%s", r.code, r.stdout)
		}
	})

	t.Run("public-dns-blocked", func(t *testing.T) {
		// The "public" resolver is dropped on the way, as company firewalls do.
		testutil.Nft(t, l.router, `table inet tsrlab {
  chain forwarding { type filter hook forward priority 0; ip daddr `+labDNSOther+` udp dport 53 drop; ip daddr `+labDNSOther+` tcp dport 53 drop; }
}`)
		r := l.diagnose(t, "dns", "--set", "site="+labSite, "--set", "resolvers="+labDNSOther)
		res := r.want(t, "public", "warn", "timeout")
		if !strings.Contains(res.Fix, "normal in many companies") {
			t.Errorf("public fix: %s", res.Fix)
		}
		if r.rep.Status == checks.StatusFail || r.code != 0 || len(r.rep.Causes) != 0 {
			t.Errorf("status %s, exit %d, causes %v: blocked public DNS is at most a warn\n%s", r.rep.Status, r.code, causesOf(r.rep.Causes), r.stdout)
		}
	})

	t.Run("dns-cable-out", func(t *testing.T) {
		l.unplugClient(t)
		r := l.diagnose(t, append([]string{"dns"}, sets...)...)
		if got := causesOf(r.rep.Causes); len(got) != 1 || !strings.HasPrefix(got[0], "link blocking") {
			t.Errorf("causes %q, want the link alone\n%s", got, r.stdout)
		}
		// And the network playbook's link advice says nothing of slow links.
		r = l.diagnose(t, append([]string{"network"}, sets...)...)
		if res := r.want(t, "link", "fail", ""); strings.Contains(res.Fix, "slow") || !strings.Contains(res.Fix, "cable") {
			t.Errorf("link fix with the cable out: %s", res.Fix)
		}
	})

	t.Run("http-503", func(t *testing.T) {
		r := l.diagnose(t, defaultArgs(labDown, labNTP)...)
		res := r.want(t, "https", "fail", "http_5xx")
		wantAdvice(t, res, []string{"5xx", "site's owner"}, []string{"proxy", "firewall"})
		r = l.diagnose(t, append([]string{"network", "--set", "site=" + labDown}, sets[2:]...)...)
		res = r.want(t, "https", "fail", "http_5xx")
		wantAdvice(t, res, []string{"5xx"}, []string{"proxy", "firewall"})
	})

	t.Run("gateway-filters-ping", func(t *testing.T) {
		testutil.Nft(t, l.router, gatewayDropsPing)
		for _, args := range [][]string{defaultArgs(labSite, labNTP), append([]string{"network", "--only", "link,address,route,gateway"}, sets...)} {
			r := l.diagnose(t, args...)
			res := r.want(t, "gateway", "warn", "filtered")
			wantAdvice(t, res, []string{"it is up"}, []string{"Restart"})
		}
	})

	t.Run("gateway-down", func(t *testing.T) {
		testutil.Nft(t, l.router, gatewayDown)
		r := l.diagnose(t, defaultArgs(labSite, labNTP, "--only", "link,address,route,gateway")...)
		res := r.want(t, "gateway", "fail", "timeout")
		wantAdvice(t, res, []string{"does not answer at all", "Restart"}, []string{"ignores ping"})
	})

	t.Run("dns-gives-a-dead-address", func(t *testing.T) {
		// The other resolver gives 203.0.113.80 for the lab's names: nobody is there.
		l.setResolvers(t, labDNSOther)
		t.Cleanup(func() { l.setResolvers(t, labDNS) })
		r := l.diagnose(t, defaultArgs(labSite, labNTP)...)
		res := r.result(t, "certificate")
		if res.Status != checks.StatusFail || !strings.Contains(res.Message, labOtherIP) {
			t.Errorf("certificate: %s: %s; want a fail naming the address tried, %s", res.Status, res.Message, labOtherIP)
		}
		wantAdvice(t, res, []string{"address DNS gave"}, []string{"intercept", "not trusted"})
	})

	t.Run("resolver-faults", func(t *testing.T) {
		for _, c := range []struct {
			server, kind string
			says, never  []string
		}{
			{labDNSDead, "refused", []string{"refuses"}, []string{"does not exist"}},
			{labDNSSlow, "timeout", []string{"does not answer"}, []string{"does not exist", "refuses"}},
		} {
			l.setResolvers(t, c.server)
			r := l.diagnose(t, defaultArgs(labSite, labNTP, "--only", "dns")...)
			wantAdvice(t, r.want(t, "dns", "fail", c.kind), c.says, c.never)
		}
		l.setResolvers(t, labDNS)
		r := l.diagnose(t, defaultArgs("nosuchname.lab.test", labNTP, "--only", "dns")...)
		wantAdvice(t, r.want(t, "dns", "fail", "nxdomain"), []string{"does not exist", "--set site"}, []string{"restart"})
	})

	t.Run("certificate-expired", func(t *testing.T) {
		r := l.diagnose(t, defaultArgs(labExpired, labNTP)...)
		wantAdvice(t, r.want(t, "certificate", "fail", "tls_expired"), []string{"expired", "owner"}, []string{"intercept", "does not answer"})
	})

	t.Run("hardware-offline", func(t *testing.T) {
		// No network at all: the clock cannot be checked, which is no
		// hardware fault. The other checks look at the machine running
		// the tests, whose hardware is assumed healthy.
		r := runTSRReport(t, l.runEnv(), []string{"unshare", "-n", l.bin}, "hardware")
		res := r.result(t, "clock")
		if res.Status != checks.StatusSkip || !strings.Contains(res.SkipReason, "no network") {
			t.Errorf("clock offline: %s %q %q", res.Status, res.Message, res.SkipReason)
		}
		if r.rep.Status == checks.StatusFail || len(r.rep.Causes) > 0 {
			t.Errorf("hardware offline: status %s, causes %v\n%s", r.rep.Status, causesOf(r.rep.Causes), r.stdout)
		}
	})

	t.Run("untrusted-ca", func(t *testing.T) {
		env := slices.DeleteFunc(l.runEnv(), func(s string) bool { return strings.HasPrefix(s, "SSL_CERT_FILE=") })
		env = append(env, "SSL_CERT_FILE="+testutil.WriteFile(t, "other-ca.pem", ""), "SSL_CERT_DIR="+t.TempDir())
		r := runTSRReport(t, env, []string{"ip", "netns", "exec", l.client, l.bin}, defaultArgs(labSite, labNTP)...)
		res := r.want(t, "certificate", "fail", "tls_unknown_authority")
		wantAdvice(t, res, []string{"authority"}, []string{"does not answer", "expired"})
	})
}

// TestRedactPIIInTheLab: what identifies the machine (its MAC, its
// hostname, its MAC inside an EUI-64 IPv6 address) reaches neither the
// terminal nor the report at --redact pii.
func TestRedactPIIInTheLab(t *testing.T) {
	needLab(t)
	l := newLab(t, buildTSR(t))
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	r := l.diagnose(t, "network", "--set", "site="+labSite, "--set", "ping_host="+labWebIP, "--redact", "pii")
	data, err := json.Marshal(r.rep)
	if err != nil {
		t.Fatal(err)
	}
	eui := "fe80::ff:fe77:10" // built from labClientMAC by the kernel
	if !strings.Contains(r.stdout, "eth0") {
		t.Fatalf("the run did not look at the lab's interface:\n%s", r.stdout)
	}
	for what, out := range map[string]string{"terminal": r.stdout + r.stderr, "report": string(data)} {
		for _, personal := range []string{labClientMAC, eui, host} {
			if strings.Contains(strings.ToLower(out), strings.ToLower(personal)) {
				t.Errorf("%s holds %q at --redact pii:\n%s", what, personal, out)
			}
		}
	}
}

// wantAdvice asserts a result's fix says what fits and none of what does not.
func wantAdvice(t *testing.T, res report.Result, says, never []string) {
	t.Helper()
	for _, s := range says {
		if !strings.Contains(res.Fix, s) {
			t.Errorf("%s (%s) fix lacks %q: %s", res.ID, res.Observed["error_kind"], s, res.Fix)
		}
	}
	for _, s := range never {
		if strings.Contains(res.Fix, s) {
			t.Errorf("%s (%s) fix says %q, which does not fit: %s", res.ID, res.Observed["error_kind"], s, res.Fix)
		}
	}
}
