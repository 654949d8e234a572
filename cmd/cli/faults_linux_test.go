package cli

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
)

// The default playbook's network checks downstream of each step: what a
// fault there keeps from running.
var (
	afterPortal  = []string{"proxy", "dns-hijack", "certificate", "https", "ipv6", "clock"}
	afterDNS     = []string{"captive-portal", "proxy", "resolvers", "dns-hijack", "certificate", "https", "ipv6", "clock"}
	afterGateway = append([]string{"dns"}, afterDNS...)
	afterRoute   = append([]string{"gateway"}, afterGateway...)
	afterAddress = append([]string{"route", "gateway", "ip-conflict", "dns-config"}, afterGateway...)
	afterLink    = append([]string{"address"}, afterAddress...)
	networkIDs   = append([]string{"link"}, afterLink...)
)

// TestFaultLab runs the real tsr in the client namespace of a fault lab
// (see lab_linux_test.go) with one fault at a time, and reads its JSON
// report: the affected check's status and error_kind, the root causes and
// what they blocked, and that the run ended in time. The default playbook's
// hardware checks are about the machine running the tests, not the lab:
// its runs leave them out with --skip.
func TestFaultLab(t *testing.T) {
	needLab(t)
	l := newLab(t, buildTSR(t))

	t.Run("healthy", func(t *testing.T) {
		r := l.diagnose(t, defaultArgs(labSite, labNTP)...)
		for _, id := range append([]string{"os"}, networkIDs...) {
			r.want(t, id, "pass", "")
		}
		for _, id := range hardwareChecks {
			if res := r.result(t, id); res.Status != "skip" || res.SkipReason != "skipped with --skip" {
				t.Errorf("%s: %s %q, want skipped with --skip", id, res.Status, res.SkipReason)
			}
		}
		r.wantCauses(t)
		if r.rep.Status != "pass" || r.code != 0 {
			t.Errorf("status %s, exit %d; want pass, 0", r.rep.Status, r.code)
		}
		if got := r.result(t, "clock").Observed["server"]; got != labNTP+":123" {
			t.Errorf("clock asked %v, want the lab's %s:123", got, labNTP)
		}
		wantNagios(t, l.diagnose(t, defaultArgs(labSite, labNTP, "--format", "nagios")...), 0, "TSR OK - ")
	})

	t.Run("link-down", func(t *testing.T) {
		l.unplugClient(t)
		r := l.diagnose(t, defaultArgs(labSite, labNTP)...)
		res := r.want(t, "link", "fail", "")
		if res.Observed["carrier"] != false || res.Observed["name"] != "eth0" {
			t.Errorf("link observed %v", res.Observed)
		}
		r.wantCauses(t, cause{"link", afterLink})
	})

	t.Run("link-local-only", func(t *testing.T) {
		testutil.IP(t, "-n", l.client, "-4", "addr", "flush", "dev", "eth0")
		testutil.IP(t, "-n", l.client, "addr", "add", "169.254.77.10/16", "dev", "eth0")
		t.Cleanup(func() {
			testutil.IP(t, "-n", l.client, "-4", "addr", "flush", "dev", "eth0")
			testutil.IP(t, "-n", l.client, "addr", "add", labClientIP+"/24", "dev", "eth0")
			testutil.IP(t, "-n", l.client, "route", "replace", "default", "via", labGateway)
		})
		r := l.diagnose(t, defaultArgs(labSite, labNTP)...)
		r.want(t, "link", "pass", "")
		res := r.want(t, "address", "fail", "")
		if res.Observed["link_local_only"] != true || !strings.Contains(res.Message, "169.254.77.10") {
			t.Errorf("address: %s %v", res.Message, res.Observed)
		}
		r.wantCauses(t, cause{"address", afterAddress})
	})

	t.Run("no-default-route", func(t *testing.T) {
		testutil.IP(t, "-n", l.client, "route", "del", "default")
		t.Cleanup(func() { testutil.IP(t, "-n", l.client, "route", "replace", "default", "via", labGateway) })
		r := l.diagnose(t, defaultArgs(labSite, labNTP)...)
		r.want(t, "address", "pass", "")
		r.want(t, "ip-conflict", "pass", "")
		r.want(t, "dns-config", "pass", "")
		r.want(t, "route", "fail", "no_route")
		r.wantCauses(t, cause{"route", afterRoute})
	})

	t.Run("gateway-filters-ping", func(t *testing.T) {
		// The router drops ping but routes and answers ARP: it is up.
		testutil.Nft(t, l.router, gatewayDropsPing)
		r := l.diagnose(t, defaultArgs(labSite, labNTP)...)
		res := r.want(t, "gateway", "warn", "filtered")
		if !strings.Contains(res.Message, "answered ARP") {
			t.Errorf("gateway message: %s", res.Message)
		}
		r.want(t, "dns", "pass", "")
		r.wantCauses(t)
	})

	t.Run("gateway-down", func(t *testing.T) {
		// The router drops everything, ARP included: it is there, but dead.
		testutil.Nft(t, l.router, gatewayDown)
		r := l.diagnose(t, defaultArgs(labSite, labNTP)...)
		r.want(t, "route", "pass", "")
		res := r.want(t, "gateway", "fail", "timeout")
		if res.Observed["received"] != 0.0 || res.Observed["address"] != labGateway {
			t.Errorf("gateway observed %v", res.Observed)
		}
		r.wantCauses(t, cause{"gateway", afterGateway})
	})

	t.Run("resolver-dead", func(t *testing.T) {
		l.setResolvers(t, labDNSDead)
		t.Cleanup(func() { l.setResolvers(t, labDNS) })
		r := l.diagnose(t, defaultArgs(labSite, labNTP)...)
		r.want(t, "gateway", "pass", "")
		res := r.want(t, "dns", "fail", "refused") // the host is there, port 53 is closed
		if !strings.Contains(res.Message, labDNSDead) {
			t.Errorf("dns message does not name the server: %s", res.Message)
		}
		r.want(t, "resolvers", "skip", "") // it needs dns: one fault, one cause
		wantOneDNSCause(t, r)
		wantNagios(t, l.diagnose(t, defaultArgs(labSite, labNTP, "--format", "nagios")...), 2, "TSR CRITICAL - dns: ")
	})

	t.Run("resolver-slow", func(t *testing.T) {
		l.setResolvers(t, labDNSSlow)
		t.Cleanup(func() { l.setResolvers(t, labDNS) })
		r := l.diagnose(t, defaultArgs(labSite, labNTP)...)
		res := r.want(t, "dns", "fail", "timeout")
		if res.DurationMS < 1900 { // cut by its 2s timeout, not before
			t.Errorf("dns took %d ms, want at least its 2s timeout", res.DurationMS)
		}
		t.Logf("dns cut after %d ms", res.DurationMS)
		r.want(t, "resolvers", "skip", "")
		wantOneDNSCause(t, r)
	})

	t.Run("resolver-late", func(t *testing.T) {
		l.setResolvers(t, labDNSLate)
		t.Cleanup(func() { l.setResolvers(t, labDNS) })
		r := l.diagnose(t, defaultArgs(labSite, labNTP)...)
		res := r.want(t, "dns", "warn", "")
		if len(res.Unmet) != 1 || res.Unmet[0].Field != "latency" || res.Unmet[0].Level != "warn" {
			t.Errorf("dns unmet %+v, want latency at warn level", res.Unmet)
		}
		if ms, _ := res.Observed["latency"].(float64); ms < float64(labLateDelay.Milliseconds()) || ms > float64(res.DurationMS+1) { // +1: duration_ms is whole milliseconds
			t.Errorf("dns latency %v ms, want at least the server's delay of %s and at most the check's %d ms", res.Observed["latency"], labLateDelay, res.DurationMS)
		}
		for _, id := range []string{"resolvers", "dns-hijack", "https", "certificate", "clock"} {
			r.want(t, id, "pass", "")
		}
		r.wantCauses(t)
		if r.rep.Status != "warn" || r.code != 0 {
			t.Errorf("status %s, exit %d; want warn, 0", r.rep.Status, r.code)
		}
	})

	t.Run("resolver-hijacks", func(t *testing.T) {
		l.setResolvers(t, labDNSHijack)
		t.Cleanup(func() { l.setResolvers(t, labDNS) })
		r := l.diagnose(t, defaultArgs(labSite, labNTP)...)
		r.want(t, "dns", "pass", "")
		res := r.want(t, "dns-hijack", "fail", "hijacked")
		if res.Observed["hijacked"] != true || !slices.Equal(anyStrings(res.Observed["answers"]), []string{labHijackIP}) {
			t.Errorf("dns-hijack observed %v", res.Observed)
		}
		r.wantCauses(t, cause{"dns-hijack", []string{}})
	})

	t.Run("resolvers-disagree", func(t *testing.T) {
		pb := testutil.WriteFile(t, "compare.yaml", fmt.Sprintf(`tsr: 1
name: compare
checks:
  - id: compare
    uses: dns.compare
    with: { name: %s, servers: [%s, %s, %s] }
`, labSite, labDNS, labDNSOther, labDNSHijack)) // the hijacker gives the true answer for a real name
		r := l.diagnose(t, pb)
		res := r.want(t, "compare", "fail", "")
		if res.Observed["consistent"] != false || !slices.Equal(anyStrings(res.Observed["differing"]), []string{labDNSOther}) {
			t.Errorf("compare observed %v", res.Observed)
		}
		if !strings.Contains(res.Message, labOtherIP) || !strings.Contains(res.Message, labWebIP) {
			t.Errorf("compare message does not show both answers: %s", res.Message)
		}
		r.wantCauses(t, cause{"compare", []string{}})
	})

	t.Run("http-503", func(t *testing.T) {
		r := l.diagnose(t, defaultArgs(labDown, labNTP)...)
		res := r.want(t, "https", "fail", "http_5xx")
		if res.Observed["status"] != 503.0 || !strings.Contains(res.Message, "503") {
			t.Errorf("https: %s %v", res.Message, res.Observed["status"])
		}
		r.want(t, "certificate", "pass", "")
		r.wantCauses(t, cause{"https", []string{}})
	})

	t.Run("certificate-expired", func(t *testing.T) {
		r := l.diagnose(t, defaultArgs(labExpired, labNTP)...)
		res := r.want(t, "certificate", "fail", "tls_expired")
		if !strings.Contains(res.Message, "expired") || res.Observed["verified"] != false {
			t.Errorf("certificate: %s %v", res.Message, res.Observed)
		}
		// The browser-like request would fail on the same certificate: it
		// needs the certificate check, so the fault has one root cause.
		r.want(t, "https", "skip", "")
		r.wantCauses(t, cause{"certificate", []string{"https"}})
	})

	t.Run("certificate-expiring", func(t *testing.T) {
		r := l.diagnose(t, defaultArgs(labSoon, labNTP)...)
		res := r.want(t, "certificate", "warn", "")
		if res.Observed["days_left"] != 5.0 || res.Observed["verified"] != true {
			t.Errorf("certificate observed %v", res.Observed)
		}
		r.want(t, "https", "pass", "")
		r.wantCauses(t)
	})

	t.Run("packet-loss", func(t *testing.T) {
		testutil.Nft(t, l.router, testutil.Loss("forward", "", 30))
		pb := testutil.WriteFile(t, "loss.yaml", fmt.Sprintf(`tsr: 1
name: loss
checks:
  - { id: web-ping, uses: net.ping, with: { host: %s, count: 50, interval: 10ms, timeout: 1s } }
`, labWebIP))
		r := l.diagnose(t, pb)
		res := r.want(t, "web-ping", "warn", "")
		loss, _ := res.Observed["loss_percent"].(float64)
		if loss <= 10 || loss >= 95 || res.Observed["received"].(float64) < 1 {
			t.Errorf("web-ping observed %v", res.Observed)
		}
		t.Logf("%s", res.Message)
		r.wantCauses(t)
	})

	t.Run("duplicate-ip", func(t *testing.T) {
		const dupMAC = "02:00:00:77:00:99"
		dup := testutil.NewNetns(t, l.prefix+"dup") // deleted when this subtest ends
		l.plug(t, dup, "eth0", "p-dup", "br0", dupMAC, labClientIP+"/24")
		t.Cleanup(func() { testutil.IP(t, "-n", l.router, "neigh", "flush", "dev", "lan0") })
		r := l.diagnose(t, "default", "--only", "ip-conflict")
		res := r.want(t, "ip-conflict", "fail", "")
		if res.Observed["conflict"] != true || res.Observed["conflicting_mac"] != dupMAC || !strings.Contains(res.Message, dupMAC) {
			t.Errorf("ip-conflict: %s %v", res.Message, res.Observed)
		}
		r.wantCauses(t, cause{"ip-conflict", []string{}})
	})

	t.Run("clock-skew", func(t *testing.T) {
		r := l.diagnose(t, defaultArgs(labSite, labNTPSkewed)...)
		res := r.want(t, "clock", "fail", "")
		if ms, _ := res.Observed["offset"].(float64); ms < 9*60e3 || ms > 11*60e3 {
			t.Errorf("clock offset %v ms, want about 10 minutes", res.Observed["offset"])
		}
		if !strings.Contains(res.Message, "behind") {
			t.Errorf("clock message: %s", res.Message)
		}
		r.wantCauses(t, cause{"clock", []string{}})
	})

	t.Run("blackhole", func(t *testing.T) {
		// 10.9.9.2 is behind a veth whose other end is down, with a
		// permanent neighbour entry: packets go nowhere, nothing answers.
		testutil.IP(t, "-n", l.client, "link", "add", "name", "bh0", "type", "veth", "peer", "name", "bh1")
		t.Cleanup(func() { testutil.IP(t, "-n", l.client, "link", "del", "bh0") })
		testutil.IP(t, "-n", l.client, "addr", "add", "10.9.9.1/24", "dev", "bh0")
		testutil.IP(t, "-n", l.client, "link", "set", "bh0", "up")
		testutil.IP(t, "-n", l.client, "neigh", "add", "10.9.9.2", "lladdr", "02:00:00:00:00:02", "dev", "bh0", "nud", "permanent")
		pb := testutil.WriteFile(t, "blackhole.yaml", `tsr: 1
name: blackhole
checks:
  - { id: tcp, uses: net.tcp, with: { host: 10.9.9.2, port: 443, timeout: 1s } }
  - { id: http, uses: net.http, with: { url: "http://10.9.9.2/", timeout: 2s } }
`)
		r := l.diagnose(t, pb)
		for id, limit := range map[string]int64{"tcp": 1000, "http": 2000} {
			res := r.want(t, id, "fail", "timeout")
			if res.DurationMS < limit-100 || res.DurationMS > limit+1000 {
				t.Errorf("%s ended after %d ms; its timeout is %d ms", id, res.DurationMS, limit)
			}
			t.Logf("%s cut after %d ms", id, res.DurationMS)
		}
		r.wantCauses(t, cause{"tcp", []string{}}, cause{"http", []string{}})
	})

	t.Run("full-filesystem", func(t *testing.T) {
		// A 1 MiB tmpfs, mounted in a mount namespace of tsr's own, filled
		// up; in a network namespace of its own too, as nothing here needs one.
		dir := t.TempDir()
		pb := testutil.WriteFile(t, "disk.yaml", fmt.Sprintf(`tsr: 1
name: disk
checks:
  - { id: disk, uses: hw.disk, with: { path: %s } }
`, dir))
		script := fmt.Sprintf("mount -t tmpfs -o size=1m tsrlab-full %[1]s && { dd if=/dev/zero of=%[1]s/fill bs=64k 2>/dev/null; true; } && exec %[2]s \"$@\"", dir, l.bin)
		r := runTSRReport(t, l.runEnv(), []string{"unshare", "-m", "-n", "sh", "-c", script, "sh"}, pb)
		res := r.want(t, "disk", "fail", "")
		if !strings.Contains(res.Message, "is 100% full") || res.Observed["mountpoint"] != dir || res.Observed["fstype"] != "tmpfs" {
			t.Errorf("disk: %s %v", res.Message, res.Observed)
		}
		r.wantCauses(t, cause{"disk", []string{}})
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("the tmpfs leaked out of tsr's mount namespace: %v", entries)
		}
	})

	t.Run("bundle", func(t *testing.T) { labBundle(t, l) })

	t.Run("no-network", func(t *testing.T) {
		// A namespace with nothing but a loopback that is down. The
		// hardware checks stay in (this is the run a user would make);
		// only the network's causes are asserted exactly.
		r := runTSRReport(t, l.runEnv(), []string{"unshare", "-n", l.bin}, "default", "--set", "site="+labSite, "--set", "ntp_server="+labNTP)
		r.want(t, "link", "fail", "not_found")
		var network []string
		for _, c := range r.rep.Causes {
			if slices.Contains(hardwareChecks, c.Check) {
				t.Logf("this machine's own hardware is a cause too: %s: %s", c.Check, c.Message)
				continue
			}
			network = append(network, c.Check+" blocking ["+strings.Join(c.Blocked, " ")+"]")
		}
		if want := []string{"link blocking [" + strings.Join(afterLink, " ") + "]"}; !slices.Equal(network, want) {
			t.Errorf("causes:\n  got  %q\n  want %q\n%s", network, want, r.stdout)
		}
	})
}

// wantOneDNSCause: a resolver that does not answer is one fault, and the
// default playbook promises one root cause for one fault.
// wantNagios checks a run with --format nagios by the plugin contract:
// the exit code, and a first line "TSR STATE - summary | perfdata".
func wantNagios(t *testing.T, r labRun, code int, prefix string) {
	t.Helper()
	first, _, _ := strings.Cut(r.stdout, "\n")
	if r.code != code || !strings.HasPrefix(first, prefix) || !strings.Contains(first, " | 'checks'=") {
		t.Errorf("--format nagios: exit %d, first line %q; want exit %d and %q... | perfdata", r.code, first, code, prefix)
	}
}

func wantOneDNSCause(t *testing.T, r labRun) {
	t.Helper()
	got := causesOf(r.rep.Causes)
	want := []string{"dns blocking [" + strings.Join(afterDNS, " ") + "]"}
	if !slices.Equal(got, want) {
		t.Errorf("causes:\n  got  %q\n  want %q\n%s", got, want, r.stdout)
	}
}

// anyStrings turns a JSON list into strings.
func anyStrings(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, e := range list {
		out = append(out, fmt.Sprint(e))
	}
	return out
}
