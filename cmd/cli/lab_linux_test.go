package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/internal/testutil"
	"github.com/tsrhq/tsr/report"
)

// The fault lab: a small network of namespaces where tsr runs as on a
// user's machine, and where one fault at a time is injected.
//
//	client (eth0 10.77.0.10) ─┐            ┌─ resolver (eth0 10.77.1.53-58, .123-124)
//	                          br0 ─ router ─ br1
//	dup (only when injected) ─┘  .0.1  .1.1 └─ web (eth0 10.77.1.80, .81 portal, .31 proxy)
//
// IPv6 (2001:db8:77::/64 on br0, 2001:db8:77:1::/64 on br1) is on the
// router's WAN side and the web host from the start; the client and the
// router's LAN side get theirs only in the IPv6 faults.
//
// The bridges live in a namespace of their own (sw). Every address is in
// 10.77/16 or a documentation range, and every one lives only in the lab's
// namespaces; the client sees only the lab's resolv.conf and hosts file.
const (
	labClientIP  = "10.77.0.10"
	labClientMAC = "02:00:00:77:00:10"
	labGateway   = "10.77.0.1"
	labRouterWAN = "10.77.1.1"
	labWebIP     = "10.77.1.80"
	labPortalIP  = "10.77.1.81" // a captive portal's web server (only reached when injected)
	labProxyIP   = "10.77.1.31" // a web proxy listens on :8888 when one is injected; nothing on :9

	labClientIP6    = "2001:db8:77::10"
	labGateway6     = "2001:db8:77::1"
	labRouterWAN6   = "2001:db8:77:1::1"
	labWebIP6       = "2001:db8:77:1::80"
	labProbe        = "probe.lab.test" // answers 204 on /generate_204, as the portal_url of the built-ins
	labPortalLogin  = "http://portal.lab.test/login"
	labProbeURL     = "http://" + labProbe + "/generate_204"
	labProxyURL     = "http://" + labProxyIP + ":8888"
	labDeadProxyURL = "http://" + labProxyIP + ":9"

	labDNS       = "10.77.1.53" // answers as it should
	labDNSDead   = "10.77.1.54" // held by the resolver host, nothing listens: refused
	labDNSSlow   = "10.77.1.55" // answers after labSlowDelay, past dns.resolve's 2s
	labDNSLate   = "10.77.1.56" // answers after labLateDelay: slow but in time
	labDNSHijack = "10.77.1.57" // invents labHijackIP for names that do not exist
	labDNSOther  = "10.77.1.58" // gives labOtherIP for the lab's names
	labNTP       = "10.77.1.123"
	labNTPSkewed = "10.77.1.124" // 10 minutes ahead

	labHijackIP  = "198.51.100.66"
	labOtherIP   = "203.0.113.80"
	labSlowDelay = 3 * time.Second
	labLateDelay = 500 * time.Millisecond
	labSkew      = 10 * time.Minute

	labSite    = "www.lab.test"     // valid certificate
	labExpired = "expired.lab.test" // expired 10 days ago
	labSoon    = "soon.lab.test"    // expires in 5 days
	labDown    = "down.lab.test"    // valid certificate, answers 503
)

// lab is one running fault lab.
type lab struct {
	bin                          string // the real tsr
	prefix                       string // tsrlab-XXXXXXXX-
	sw, client, router, dns, web string // namespace names
	dir                          string // CA, certificates, HOME and TMPDIR of the runs
	caFile                       string
	clientEtc                    string // /etc/netns/<client>
	createdNetnsDir              bool
}

// needLab skips a test that cannot build the lab here.
func needLab(t *testing.T) {
	t.Helper()
	testutil.NeedNetns(t)
	testutil.NeedTool(t, "nft", "nftables")
	testutil.NeedTool(t, "unshare", "util-linux")
}

// newLab builds the lab and starts its servers; t's cleanup takes it all down.
func newLab(t *testing.T, bin string) *lab {
	t.Helper()
	needLab(t)
	l := &lab{bin: bin, prefix: testutil.RandomName("tsrlab-") + "-", dir: t.TempDir()}
	l.sw, l.client, l.router, l.dns, l.web = l.newNetns(t, "sw"), l.newNetns(t, "client"), l.newNetns(t, "router"), l.newNetns(t, "dns"), l.newNetns(t, "web")

	// The client's view of the system: the lab's resolver, a bare hosts file.
	l.clientEtc = filepath.Join("/etc/netns", l.client)
	if _, err := os.Stat("/etc/netns"); os.IsNotExist(err) {
		l.createdNetnsDir = true
	}
	if err := os.MkdirAll(l.clientEtc, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		os.RemoveAll(l.clientEtc)
		if l.createdNetnsDir {
			os.Remove("/etc/netns") // only when empty: another run may use it
		}
	})
	l.setResolvers(t, labDNS)
	if err := os.WriteFile(filepath.Join(l.clientEtc, "hosts"), []byte("127.0.0.1 localhost\n::1 localhost\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	// Two segments: br0 for the client's LAN, br1 for the servers.
	for _, br := range []string{"br0", "br1"} {
		testutil.IP(t, "-n", l.sw, "link", "add", "name", br, "type", "bridge")
		testutil.IP(t, "-n", l.sw, "link", "set", br, "up")
	}
	l.plug(t, l.client, "eth0", "p-client", "br0", labClientMAC, labClientIP+"/24")
	l.plug(t, l.router, "lan0", "p-rtr-lan", "br0", "", labGateway+"/24")
	l.plug(t, l.router, "wan0", "p-rtr-wan", "br1", "", labRouterWAN+"/24")
	l.plug(t, l.dns, "eth0", "p-dns", "br1", "", labDNS+"/24", labDNSDead+"/24", labDNSSlow+"/24", labDNSLate+"/24",
		labDNSHijack+"/24", labDNSOther+"/24", labNTP+"/24", labNTPSkewed+"/24")
	l.plug(t, l.web, "eth0", "p-web", "br1", "", labWebIP+"/24", labPortalIP+"/24", labProxyIP+"/24")
	testutil.IP(t, "-n", l.router, "addr", "add", labRouterWAN6+"/64", "dev", "wan0", "nodad")
	testutil.IP(t, "-n", l.web, "addr", "add", labWebIP6+"/64", "dev", "eth0", "nodad")
	testutil.IP(t, "-n", l.web, "-6", "route", "add", "default", "via", labRouterWAN6)
	testutil.NsSh(t, l.router, "echo 1 > /proc/sys/net/ipv4/ip_forward")
	testutil.IP(t, "-n", l.client, "route", "add", "default", "via", labGateway)
	for _, ns := range []string{l.dns, l.web} {
		testutil.IP(t, "-n", ns, "route", "add", "default", "via", labRouterWAN)
	}

	// Certificates for the web host, trusted through SSL_CERT_FILE only.
	ca := testutil.NewCA(t, "tsr fault lab CA")
	l.caFile = filepath.Join(l.dir, "ca.pem")
	ca.WriteCA(t, l.caFile)
	now, day := time.Now(), 24*time.Hour
	certs := map[string][2]string{}
	for name, valid := range map[string][2]time.Time{
		labSite:    {now.Add(-day), now.Add(90 * day)},
		labExpired: {now.Add(-40 * day), now.Add(-10 * day)},
		labSoon:    {now.Add(-day), now.Add(5*day + time.Hour)},
		labDown:    {now.Add(-day), now.Add(90 * day)},
	} {
		certFile, keyFile := testutil.WriteLeaf(t, l.dir, name, ca.Leaf(t, valid[0], valid[1], name))
		certs[name] = [2]string{certFile, keyFile}
	}
	zone := map[string]string{labProbe + ".": labWebIP, "portal.lab.test.": labPortalIP}
	for name := range certs {
		zone[name+"."] = labWebIP
	}
	l.serve(t, l.dns, labServe{Zone: zone, Zone6: map[string]string{labSite + ".": labWebIP6},
		DNS: []labDNSServer{
			{Addr: labDNS, Mode: "normal"},
			{Addr: labDNSSlow, Mode: "normal", Delay: labSlowDelay},
			{Addr: labDNSLate, Mode: "normal", Delay: labLateDelay},
			{Addr: labDNSHijack, Mode: "hijack", Other: labHijackIP},
			{Addr: labDNSOther, Mode: "disagree", Other: labOtherIP},
		},
		NTP: []labNTPServer{{Addr: labNTP}, {Addr: labNTPSkewed, Offset: labSkew}},
	})
	// The web host's link-local address must be past duplicate address
	// detection before it can serve over IPv6.
	testutil.WaitFor(t, "IPv6 on the web host", func() bool {
		out, err := testutil.NsExec(l.web, "ip", "-6", "addr", "show", "tentative")
		return err == nil && strings.TrimSpace(out) == ""
	})
	l.serve(t, l.web, labServe{HTTPS: &labHTTPS{Addr: labWebIP, Addr6: labWebIP6, Certs: certs, Unavailable: []string{labDown}},
		HTTP: []labHTTP{{Addr: labWebIP}, {Addr: labPortalIP, Portal: labPortalLogin}}})
	testutil.WaitOperState(t, l.client, "eth0", "up")
	return l
}

// newNetns creates namespace prefix+role with its loopback up.
func (l *lab) newNetns(t *testing.T, role string) string {
	t.Helper()
	return testutil.NewNetns(t, l.prefix+role)
}

// plug links dev in ns to a port of bridge br in sw, with a MAC (or a
// random one) and addresses, both ends up.
func (l *lab) plug(t *testing.T, ns, dev, port, br, mac string, addrs ...string) {
	t.Helper()
	testutil.IP(t, "-n", ns, "link", "add", "name", dev, "type", "veth", "peer", "name", port, "netns", l.sw)
	if mac != "" {
		testutil.IP(t, "-n", ns, "link", "set", dev, "address", mac)
	}
	for _, a := range addrs {
		testutil.IP(t, "-n", ns, "addr", "add", a, "dev", dev)
	}
	testutil.IP(t, "-n", l.sw, "link", "set", port, "master", br)
	testutil.IP(t, "-n", l.sw, "link", "set", port, "up")
	testutil.IP(t, "-n", ns, "link", "set", dev, "up")
}

// unplugClient takes the client's cable out (its switch port goes down)
// until the test ends, waiting each way until the client sees its link
// go down, and up again.
func (l *lab) unplugClient(t *testing.T) {
	t.Helper()
	testutil.IP(t, "-n", l.sw, "link", "set", "p-client", "down")
	testutil.WaitOperState(t, l.client, "eth0", "down")
	t.Cleanup(func() {
		testutil.IP(t, "-n", l.sw, "link", "set", "p-client", "up")
		testutil.WaitOperState(t, l.client, "eth0", "up")
	})
}

// setResolvers writes the client's resolv.conf; `ip netns exec` mounts it
// over /etc/resolv.conf for each command it starts.
func (l *lab) setResolvers(t *testing.T, servers ...string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("# the tsr fault lab's resolvers\n")
	for _, s := range servers {
		b.WriteString("nameserver " + s + "\n")
	}
	if err := os.WriteFile(filepath.Join(l.clientEtc, "resolv.conf"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// readyWriter collects a server's output and says when it is serving.
type readyWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	ready chan struct{}
	once  sync.Once
}

func (w *readyWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if bytes.Contains(w.buf.Bytes(), []byte(labReady)) {
		w.once.Do(func() { close(w.ready) })
	}
	return len(p), nil
}

func (w *readyWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// serve re-runs this test binary (its lab-serve child) inside ns to serve cfg, and waits until it does.
func (l *lab) serve(t *testing.T, ns string, cfg labServe) {
	t.Helper()
	cmd := testutil.ChildCommand(t, []string{"ip", "netns", "exec", ns}, labServeChild, cfg)
	cmd.Env = append(cmd.Env, "TMPDIR="+l.dir)
	out := &readyWriter{ready: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	})
	select {
	case <-out.ready:
	case <-exited:
		t.Fatalf("the lab server in %s stopped:\n%s", ns, out.String())
	case <-time.After(time.Until(testutil.Deadline(t))):
		t.Fatalf("the lab server in %s had not started by the test's deadline:\n%s", ns, out.String())
	}
}

// labRun is one tsr run and its report.
type labRun struct {
	rep            report.Report
	took           time.Duration
	code           int
	stdout, stderr string
}

// runEnv is the whole environment of a tsr run: no proxy, no host
// settings, the lab's CA as the only trusted one.
func (l *lab) runEnv() []string {
	return []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + l.dir, "TMPDIR=" + l.dir,
		"SSL_CERT_FILE=" + l.caFile, "LANG=C"}
}

// diagnose runs `tsr diagnose ARGS... -o report.json` in the client namespace.
func (l *lab) diagnose(t *testing.T, args ...string) labRun {
	t.Helper()
	return l.diagnoseEnv(t, nil, args...)
}

// diagnoseEnv is diagnose with more environment variables (a proxy).
func (l *lab) diagnoseEnv(t *testing.T, env []string, args ...string) labRun {
	t.Helper()
	return runTSRReport(t, append(l.runEnv(), env...), []string{"ip", "netns", "exec", l.client, l.bin}, args...)
}

// gatewayDown makes the router drop everything, ARP included: it is
// there, but dead.
const gatewayDown = `table inet tsrlab {
  chain inbound { type filter hook input priority 0; policy drop; }
  chain forwarding { type filter hook forward priority 0; policy drop; }
}
table arp tsrlab {
  chain inbound { type filter hook input priority 0; policy drop; }
}`

// gatewayDropsPing makes the router drop the pings to it, as many do,
// while it routes and answers ARP: it is up.
const gatewayDropsPing = `table inet tsrlab {
  chain inbound { type filter hook input priority 0; icmp type echo-request drop; }
}`

// startProxy runs tinyproxy on labProxyIP:8888 in the web namespace, which
// resolves names with the lab's DNS, until the test ends.
func (l *lab) startProxy(t *testing.T) {
	t.Helper()
	etc := filepath.Join("/etc/netns", l.web)
	if err := os.MkdirAll(etc, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(etc) })
	if err := os.WriteFile(filepath.Join(etc, "resolv.conf"), []byte("nameserver "+labDNS+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	testutil.Tinyproxy(t, l.web, labProxyIP+":8888")
}

// runTSRReport runs prefix + `diagnose ARGS... -o report.json` and reads the report.
func runTSRReport(t *testing.T, env, prefix []string, args ...string) labRun {
	t.Helper()
	out := filepath.Join(t.TempDir(), "report.json")
	argv := append(slices.Clone(prefix), "diagnose")
	argv = append(append(argv, args...), "-o", out)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := labRun{took: time.Since(start), stdout: stdout.String(), stderr: stderr.String()}
	if cmd.ProcessState == nil {
		t.Fatalf("%s: %v", strings.Join(argv, " "), err)
	}
	r.code = cmd.ProcessState.ExitCode()
	data, rerr := os.ReadFile(out)
	if rerr != nil {
		t.Fatalf("%s: exit %d, no report: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(argv, " "), r.code, rerr, r.stdout, r.stderr)
	}
	if err := report.Decode(bytes.NewReader(data), &r.rep); err != nil {
		t.Fatalf("%s: %v", strings.Join(argv, " "), err)
	}
	t.Logf("tsr %s: exit %d, status %s, took %s", strings.Join(args, " "), r.code, r.rep.Status, r.took.Round(time.Millisecond))
	if r.code == 0 || r.code == 1 {
		for _, line := range stderrNoise(r.stderr) {
			t.Errorf("tsr %s ended with exit %d but said on standard error: %q", strings.Join(args, " "), r.code, line)
		}
	}
	for _, c := range r.rep.Causes {
		t.Logf("  root cause %s: %s", c.Check, c.Message)
	}
	return r
}

// hardwareChecks are the default playbook's checks about the real machine,
// not the lab: the lab's runs leave them out with --skip.
var hardwareChecks = []string{"cpu", "memory", "disk-root", "disk-home", "battery", "thermal"}

// defaultArgs runs the built-in default playbook against the lab's site
// and time server, without the hardware checks.
func defaultArgs(site, ntp string, more ...string) []string {
	return append([]string{"default", "--set", "site=" + site, "--set", "ntp_server=" + ntp, "--set", "portal_url=" + labProbeURL,
		"--skip", strings.Join(hardwareChecks, ",")}, more...)
}

// result returns the result of check id, failing the test if there is none.
func (r labRun) result(t *testing.T, id string) report.Result {
	t.Helper()
	for _, res := range r.rep.Results {
		if res.ID == id {
			return res
		}
	}
	t.Fatalf("no result for %s in the report\n%s", id, r.stdout)
	return report.Result{}
}

// want asserts a check's status and observed error_kind, and returns it.
func (r labRun) want(t *testing.T, id string, status checks.Status, errorKind string) report.Result {
	t.Helper()
	res := r.result(t, id)
	kind, _ := res.Observed["error_kind"].(string)
	if res.Status != status || kind != errorKind {
		t.Errorf("%s: status %s, error_kind %q (%s); want %s, %q\n%s", id, res.Status, kind, res.Message, status, errorKind, r.stdout)
	}
	return res
}

// cause is a root cause as the report should list it.
type cause struct {
	check   string
	blocked []string
}

// causesOf lists the report's root causes as comparable strings.
func causesOf(cs []report.Cause) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Check+" blocking ["+strings.Join(c.Blocked, " ")+"]")
	}
	return out
}

// wantCauses asserts the exact list of root causes and what each blocked.
func (r labRun) wantCauses(t *testing.T, want ...cause) {
	t.Helper()
	var w []string
	for _, c := range want {
		w = append(w, c.check+" blocking ["+strings.Join(c.blocked, " ")+"]")
	}
	if got := causesOf(r.rep.Causes); !slices.Equal(got, w) {
		t.Errorf("causes:\n  got  %q\n  want %q\n%s", got, w, r.stdout)
	}
}

// noneWaitedOut asserts that the run ended by itself, not cut by its
// --timeout, and that no check but those named ended in a timeout: a
// fault is told by what the network answers, not by waiting it out. It
// judges what a time bound would, without one a loaded machine may miss.
func (r labRun) noneWaitedOut(t *testing.T, timingOut ...string) {
	t.Helper()
	if r.rep.Run.TimedOut || r.rep.Run.Interrupted {
		t.Errorf("the run was cut short (timed out %v, interrupted %v)\n%s", r.rep.Run.TimedOut, r.rep.Run.Interrupted, r.stdout)
	}
	for _, res := range r.rep.Results {
		if kind, _ := res.Observed["error_kind"].(string); kind == "timeout" && !slices.Contains(timingOut, res.ID) {
			t.Errorf("%s waited out its timeout: %s", res.ID, res.Message)
		}
	}
}
