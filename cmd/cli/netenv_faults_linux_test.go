package cli

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/internal/testutil"
)

// TestNetworkAroundFaults injects, in the fault lab, the faults around the
// machine: a captive portal, a dead or a needed proxy, a path MTU black
// hole, broken IPv6 and a duplicate IPv6 address. Each must give its one
// root cause, and a healthy setup (a working proxy, dual stack) no alarm.
func TestNetworkAroundFaults(t *testing.T) {
	needLab(t)
	l := newLab(t, buildTSR(t))
	networkArgs := []string{"network", "--set", "site=" + labSite, "--set", "ping_host=" + labWebIP, "--set", "portal_url=" + labProbeURL}

	t.Run("healthy", func(t *testing.T) {
		r := l.diagnose(t, defaultArgs(labSite, labNTP)...)
		for _, id := range []string{"captive-portal", "proxy", "ipv6"} {
			r.want(t, id, "pass", "")
		}
		if res := r.result(t, "wifi"); res.Status != "skip" {
			t.Errorf("wifi in a lab without Wi-Fi: %s %s", res.Status, res.Message)
		}
		if msg := r.result(t, "ipv6").Message; !strings.HasPrefix(msg, "IPv4-only network") {
			t.Errorf("ipv6 message: %s", msg)
		}
		r.wantCauses(t)

		r = l.diagnose(t, networkArgs...)
		r.noneWaitedOut(t)
		for _, id := range []string{"captive-portal", "proxy", "path-mtu", "ipv6", "tcp", "https"} {
			r.want(t, id, "pass", "")
		}
		if res := r.result(t, "path-mtu"); res.Observed["path_mtu"] != 1500.0 || res.Observed["black_hole"] != false {
			t.Errorf("path-mtu observed %v", res.Observed)
		}
		r.wantCauses(t)
	})

	t.Run("captive-portal", func(t *testing.T) {
		// The router sends every web request to the portal and lets
		// nothing else out but DNS, as a guest network does before sign-in.
		testutil.Nft(t, l.router, `table ip tsrlab {
  chain pre { type nat hook prerouting priority dstnat; iifname "lan0" tcp dport 80 dnat to `+labPortalIP+`; }
  chain forwarding { type filter hook forward priority 0; iifname "lan0" tcp dport 443 reject with tcp reset; iifname "lan0" udp dport 123 drop; }
}`)
		r := l.diagnose(t, defaultArgs(labSite, labNTP)...)
		r.noneWaitedOut(t)
		res := r.want(t, "captive-portal", "fail", "")
		if res.Observed["captive"] != true || res.Observed["redirect"] != labPortalLogin || !strings.Contains(res.Message, "redirected (302) to "+labPortalLogin) {
			t.Errorf("captive-portal: %s %v", res.Message, res.Observed)
		}
		if !strings.Contains(res.Fix, "sign in") {
			t.Errorf("captive-portal fix: %s", res.Fix)
		}
		r.want(t, "dns", "pass", "")
		r.wantCauses(t, cause{"captive-portal", afterPortal})

		r = l.diagnose(t, networkArgs...)
		r.noneWaitedOut(t)
		r.want(t, "captive-portal", "fail", "")
		if got := causesOf(r.rep.Causes); len(got) != 1 || !strings.HasPrefix(got[0], "captive-portal blocking") {
			t.Errorf("network causes %q, want captive-portal alone\n%s", got, r.stdout)
		}
	})

	t.Run("dead-proxy", func(t *testing.T) {
		// HTTPS_PROXY names a host where nothing listens on the port.
		r := l.diagnoseEnv(t, []string{"HTTPS_PROXY=" + labDeadProxyURL}, defaultArgs(labSite, labNTP)...)
		r.noneWaitedOut(t)
		res := r.want(t, "proxy", "fail", "refused")
		if !strings.Contains(res.Message, "the proxy "+labDeadProxyURL+" (from HTTPS_PROXY) cannot be reached") {
			t.Errorf("proxy message: %s", res.Message)
		}
		r.want(t, "captive-portal", "pass", "")
		r.wantCauses(t, cause{"proxy", []string{"certificate", "https"}})
	})

	t.Run("proxy-needed", func(t *testing.T) {
		// A company network: no direct web traffic, a working proxy.
		l.startProxy(t)
		testutil.Nft(t, l.router, `table inet tsrlab {
  chain forwarding { type filter hook forward priority 0; iifname "lan0" tcp dport { 80, 443 } reject with tcp reset; }
}`)
		env := []string{"HTTPS_PROXY=" + labProxyURL, "HTTP_PROXY=" + labProxyURL}
		r := l.diagnoseEnv(t, env, defaultArgs(labSite, labNTP)...)
		r.noneWaitedOut(t)
		for _, res := range r.rep.Results {
			if res.Status == checks.StatusFail || res.Status == checks.StatusError {
				t.Errorf("%s: %s: %s", res.ID, res.Status, res.Message)
			}
		}
		r.wantCauses(t)
		if r.code != 0 {
			t.Errorf("exit %d, want 0\n%s", r.code, r.stdout)
		}
		for _, id := range []string{"certificate", "https"} {
			if res := r.want(t, id, "pass", ""); res.Observed["via_proxy"] != labProxyURL || !strings.Contains(res.Message, "through the proxy "+labProxyURL) {
				t.Errorf("%s did not go through the proxy: %s %v", id, res.Message, res.Observed["via_proxy"])
			}
		}
		r.want(t, "proxy", "pass", "")
		if res := r.want(t, "captive-portal", "pass", ""); !strings.Contains(res.Message, "through the proxy") {
			t.Errorf("captive-portal did not go through the proxy: %s", res.Message)
		}

		// Without the proxy setting, the blocked port is the finding.
		r = l.diagnose(t, defaultArgs(labSite, labNTP)...)
		r.want(t, "certificate", "fail", "refused")
	})

	t.Run("path-mtu-black-hole", func(t *testing.T) {
		// The router drops packets over 1280 bytes and says nothing, as a
		// VPN or PPPoE link whose ICMP is filtered does.
		testutil.Nft(t, l.router, testutil.DropOver("forward", 1280))
		r := l.diagnose(t, networkArgs...)
		r.noneWaitedOut(t)
		res := r.want(t, "path-mtu", "fail", "")
		if res.Observed["path_mtu"] != 1280.0 || res.Observed["black_hole"] != true || !strings.Contains(res.Message, "Packets over 1280 bytes") {
			t.Errorf("path-mtu: %s %v", res.Message, res.Observed)
		}
		r.want(t, "internet", "pass", "")
		r.wantCauses(t, cause{"path-mtu", []string{"https"}})
	})

	t.Run("path-mtu-router-says", func(t *testing.T) {
		// The router's far side takes 1280 and it says "fragmentation
		// needed": path MTU discovery works, nothing is wrong.
		testutil.IP(t, "-n", l.router, "link", "set", "wan0", "mtu", "1280")
		t.Cleanup(func() { testutil.IP(t, "-n", l.router, "link", "set", "wan0", "mtu", "1500") })
		r := l.diagnose(t, networkArgs...)
		res := r.want(t, "path-mtu", "pass", "")
		if res.Observed["path_mtu"] != 1280.0 || res.Observed["black_hole"] != false {
			t.Errorf("path-mtu: %s %v", res.Message, res.Observed)
		}
		r.wantCauses(t)
	})

	t.Run("ipv6", func(t *testing.T) {
		// The client gets IPv6 and a default route, the router an address
		// on its LAN side; whether it forwards decides the rest.
		testutil.IP(t, "-n", l.router, "addr", "add", labGateway6+"/64", "dev", "lan0", "nodad")
		testutil.IP(t, "-n", l.client, "addr", "add", labClientIP6+"/64", "dev", "eth0", "nodad")
		testutil.IP(t, "-n", l.client, "-6", "route", "add", "default", "via", labGateway6)
		t.Cleanup(func() {
			testutil.IP(t, "-n", l.client, "-6", "route", "flush", "default")
			testutil.IP(t, "-n", l.client, "addr", "del", labClientIP6+"/64", "dev", "eth0")
			testutil.IP(t, "-n", l.router, "addr", "del", labGateway6+"/64", "dev", "lan0")
			testutil.NsSh(t, l.router, "echo 0 > /proc/sys/net/ipv6/conf/all/forwarding")
		})
		for _, ns := range []string{l.client, l.router} {
			testutil.WaitFor(t, "IPv6 link-local addresses", func() bool {
				out, err := testutil.NsExec(ns, "ip", "-6", "addr", "show", "tentative")
				return err == nil && strings.TrimSpace(out) == ""
			})
		}

		// Configured but not forwarded: a warn that says what it costs.
		testutil.NsSh(t, l.router, "echo 0 > /proc/sys/net/ipv6/conf/all/forwarding")
		r := l.diagnose(t, defaultArgs(labSite, labNTP)...)
		res := r.want(t, "ipv6", "warn", "")
		if res.Observed["reachable"] != false || !strings.Contains(res.Message, "waits for a fallback to IPv4") {
			t.Errorf("ipv6: %s %v", res.Message, res.Observed)
		}
		r.wantCauses(t)
		if r.rep.Status != "warn" || r.code != 0 {
			t.Errorf("status %s, exit %d; want warn, 0\n%s", r.rep.Status, r.code, r.stdout)
		}

		// Working dual stack: no alarm at all.
		testutil.NsSh(t, l.router, "echo 1 > /proc/sys/net/ipv6/conf/all/forwarding")
		r = l.diagnose(t, defaultArgs(labSite, labNTP)...)
		res = r.want(t, "ipv6", "pass", "")
		if res.Observed["reachable"] != true || !slices.Equal(anyStrings(res.Observed["global_addresses"]), []string{labClientIP6}) {
			t.Errorf("ipv6: %s %v", res.Message, res.Observed)
		}
		for _, res := range r.rep.Results {
			if res.Status == checks.StatusWarn || res.Status == checks.StatusFail || res.Status == checks.StatusError {
				t.Errorf("dual stack: %s: %s: %s", res.ID, res.Status, res.Message)
			}
		}
	})

	t.Run("duplicate-ipv6", func(t *testing.T) {
		// Another host holds the client's IPv6 address first: the
		// client's duplicate address detection fails.
		dup := l.newNetns(t, "dup6")
		l.plug(t, dup, "eth0", "p-dup6", "br0", "02:00:00:77:00:66")
		testutil.IP(t, "-n", dup, "addr", "add", labClientIP6+"/64", "dev", "eth0", "nodad")
		testutil.WaitFor(t, "IPv6 on the duplicate host", func() bool {
			out, err := testutil.NsExec(dup, "ip", "-6", "addr", "show", "tentative")
			return err == nil && strings.TrimSpace(out) == ""
		})
		testutil.IP(t, "-n", l.client, "addr", "add", labClientIP6+"/64", "dev", "eth0")
		t.Cleanup(func() { testutil.IP(t, "-n", l.client, "addr", "del", labClientIP6+"/64", "dev", "eth0") })
		testutil.WaitFor(t, "duplicate address detection in the client", func() bool {
			out, _ := testutil.NsExec(l.client, "ip", "-6", "addr", "show", "dev", "eth0", "dadfailed")
			return strings.Contains(out, labClientIP6)
		})
		r := l.diagnose(t, "default", "--only", "ip-conflict")
		res := r.want(t, "ip-conflict", "fail", "")
		if !slices.Equal(anyStrings(res.Observed["duplicates_v6"]), []string{labClientIP6}) || !strings.Contains(res.Message, "IPv6 address "+labClientIP6+" on eth0") {
			t.Errorf("ip-conflict: %s %v", res.Message, res.Observed)
		}
		r.wantCauses(t, cause{"ip-conflict", []string{}})
	})
}

// TestWindowsProxySettings runs the Windows build under Wine as the lab's
// client with a proxy set where Windows users set it, in the Internet
// settings of the registry: a dead one is the root cause, as on Linux with
// HTTPS_PROXY, and a working one carries the HTTPS checks.
func TestWindowsProxySettings(t *testing.T) {
	needLab(t)
	needWine(t)
	pc := windowsPC(t)
	l := newLab(t, buildTSR(t))
	const key = `HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings`
	reg := func(args ...string) {
		t.Helper()
		argv := pc.argv(l.client, append([]string{"wine", "reg"}, args...)...)
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env = append(l.runEnv(), pc.wineEnv()...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("wine reg %s: %v: %s", strings.Join(args, " "), err, out)
		}
	}
	setProxy := func(server string) {
		reg("add", key, "/v", "ProxyEnable", "/t", "REG_DWORD", "/d", "1", "/f")
		reg("add", key, "/v", "ProxyServer", "/d", server, "/f")
	}
	t.Cleanup(func() { reg("add", key, "/v", "ProxyEnable", "/t", "REG_DWORD", "/d", "0", "/f") })
	pb := testutil.WriteFile(t, "proxy.yaml", `tsr: 1
name: proxy
checks:
  - { id: proxy, uses: net.proxy, with: { url: "https://`+labSite+`/" } }
  - { id: https, uses: net.http, needs: [proxy], with: { url: "https://`+labSite+`/" } }
`)

	setProxy(labProxyIP + ":9")
	r := l.diagnoseWindows(t, pc, pb)
	res := r.want(t, "proxy", "fail", "refused")
	if res.Observed["source"] != "Internet settings" || !strings.Contains(res.Message, "the proxy "+labDeadProxyURL+" (from Internet settings) cannot be reached") {
		t.Errorf("proxy: %s %v", res.Message, res.Observed)
	}
	r.wantCauses(t, cause{"proxy", []string{"https"}})

	l.startProxy(t)
	setProxy(labProxyIP + ":8888")
	r = l.diagnoseWindows(t, pc, pb)
	r.want(t, "proxy", "pass", "")
	if res := r.want(t, "https", "pass", ""); res.Observed["via_proxy"] != labProxyURL {
		t.Errorf("https did not go through the proxy: %s %v", res.Message, res.Observed)
	}
}
