package cli

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
)

// TestRoundsFaultLab runs tsr in rounds in the fault lab: a resolver that
// drops 40% of the queries makes the DNS check flaky, with its history;
// a healthy network makes no check flaky.
func TestRoundsFaultLab(t *testing.T) {
	needLab(t)
	l := newLab(t, buildTSR(t))

	t.Run("healthy", func(t *testing.T) {
		r := l.diagnose(t, defaultArgs(labSite, labNTP, "--repeat", "3", "--every", "100ms")...)
		if r.rep.Run.Rounds != 3 || r.rep.Run.EveryMS != 100 {
			t.Errorf("run says %d rounds every %d ms, want 3 every 100", r.rep.Run.Rounds, r.rep.Run.EveryMS)
		}
		for _, res := range r.rep.Results {
			if res.Flaky || len(res.History) != 3 {
				t.Errorf("%s: flaky %v, history %+v", res.ID, res.Flaky, res.History)
			}
		}
		if r.rep.Status != "pass" || r.code != 0 {
			t.Errorf("status %s, exit %d; want pass, 0\n%s", r.rep.Status, r.code, r.stderr)
		}
	})

	t.Run("dns-drops-40-percent", func(t *testing.T) {
		testutil.Nft(t, l.router, testutil.Loss("forward", "udp dport 53", 40))
		pb := testutil.WriteFile(t, "dns-loss.yaml", fmt.Sprintf(`tsr: 1
name: dnsloss
checks:
  - { id: dns, uses: dns.resolve, with: { name: %[1]s, server: %[2]s, timeout: 300ms } }
  - { id: dns-retried, uses: dns.resolve, with: { name: %[1]s, server: %[2]s, timeout: 300ms }, retries: 10, retry_delay: 10ms }
`, labSite, labDNS))
		// 16 rounds: all alike by chance is 0.6^16 + 0.4^16, under 1 in 3000.
		r := l.diagnose(t, pb, "--repeat", "16", "--every", "50ms", "--no-inventory")
		res := r.result(t, "dns")
		if !res.Flaky || res.Status != "fail" && res.Status != "warn" {
			t.Errorf("dns: flaky %v, status %s; want flaky, warn or fail", res.Flaky, res.Status)
		}
		if len(res.History) != 16 || res.Counts["pass"] == 0 || res.Counts["pass"] == 16 {
			t.Errorf("dns: history %+v, counts %v", res.History, res.Counts)
		}
		if !strings.Contains(res.Message, " of 16 rounds, last at ") {
			t.Errorf("dns message %q", res.Message)
		}
		// With retries, a round whose first query was dropped passes on a
		// later attempt: a warn, never a plain pass (0.6^16 that none was).
		if res := r.result(t, "dns-retried"); res.Status != "warn" || res.Attempts < 2 || !strings.Contains(res.Message, "intermittent") {
			t.Errorf("dns-retried: status %s, attempts %d, message %q; want warn after more than one attempt", res.Status, res.Attempts, res.Message)
		}
		if r.code != 1 {
			t.Errorf("exit %d, want 1", r.code)
		}
	})
}
