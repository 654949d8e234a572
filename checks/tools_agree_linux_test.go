package checks

import (
	"crypto/tls"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tsrhq/tsr/internal/testutil"
)

// The tests here put each check type next to the standard tool on the same
// situation (ip, ping, dig, curl, openssl, arping -D) and compare what the
// two report. They skip when the tool is not installed; the CI installs it.

// needIputils skips a test when cmd is not the iputils one, whose output
// it reads (inetutils and others print differently).
func needIputils(t *testing.T, cmd string) {
	t.Helper()
	testutil.NeedTool(t, cmd, "iputils-"+cmd)
	if out, _ := exec.Command(cmd, "-V").CombinedOutput(); !strings.Contains(string(out), "iputils") {
		t.Skipf("needs the iputils %s to compare with, not %q (apt-get install iputils-%s)", cmd, strings.TrimSpace(string(out)), cmd)
	}
}

// agree reports every field where the check and the tool differ.
func agree(t *testing.T, situation string, o Outcome, tool map[string]any) {
	t.Helper()
	for name, want := range tool {
		if got := o.Observed[name]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %s = %#v, the tool says %#v (message %q)", situation, name, got, want, o.Message)
		}
	}
}

// ipJSON runs `ip -n NS -j ARGS...` and decodes its output into v.
func ipJSON(t *testing.T, ns string, v any, args ...string) {
	t.Helper()
	args = append([]string{"-n", ns, "-j"}, args...)
	out, err := exec.Command("ip", args...).Output()
	if err != nil {
		t.Fatalf("ip %s: %v", strings.Join(args, " "), err)
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, out)
	}
}

// ipLink is one interface as `ip -j addr show` reports it.
type ipLink struct {
	Name      string   `json:"ifname"`
	Flags     []string `json:"flags"`
	MTU       int64    `json:"mtu"`
	OperState string   `json:"operstate"`
	Address   string   `json:"address"`
	AddrInfo  []struct {
		Family    string `json:"family"`
		Local     string `json:"local"`
		Prefixlen int    `json:"prefixlen"`
	} `json:"addr_info"`
}

// observed is what net.interface should say about the link: carrier is
// LOWER_UP in an operational state that carries traffic (UP, or UNKNOWN
// for interfaces without link detection); an all-zero MAC is none.
func (l ipLink) observed() map[string]any {
	mac := l.Address
	if mac == "00:00:00:00:00:00" {
		mac = ""
	}
	o := map[string]any{
		"name": l.Name, "up": slices.Contains(l.Flags, "UP"), "mtu": l.MTU, "mac": mac,
		"carrier": slices.Contains(l.Flags, "LOWER_UP") && (l.OperState == "UP" || l.OperState == "UNKNOWN"),
		"ipv4":    []string{}, "ipv6": []string{},
	}
	for _, a := range l.AddrInfo {
		family := map[string]string{"inet": "ipv4", "inet6": "ipv6"}[a.Family]
		if family != "" {
			o[family] = append(o[family].([]string), a.Local+"/"+strconv.Itoa(a.Prefixlen))
		}
	}
	return o
}

// ipShowsLink is `ip -j addr show dev DEV` in ns, as net.interface fields.
func ipShowsLink(t *testing.T, ns, dev string) map[string]any {
	t.Helper()
	var links []ipLink
	ipJSON(t, ns, &links, "addr", "show", "dev", dev)
	if len(links) != 1 {
		t.Fatalf("ip addr show dev %s: %d interfaces", dev, len(links))
	}
	return links[0].observed()
}

// interfaceAgrees compares net.interface with ip for one interface.
func interfaceAgrees(t *testing.T, ns, dev, situation string) {
	t.Helper()
	o, ip := settledLink(t, ns, dev, func() Outcome {
		return inNetns(t, ns, netnsRequest{Type: "net.interface", With: map[string]any{"name": dev}})
	})
	agree(t, situation, o, ip)
}

// settledLink runs probe between two readings of dev by ip, until both
// readings are the same: the kernel may change the link meanwhile (a
// link-local address appears, DAD ends). It returns the probe's outcome and
// what ip showed, and waits at most until the test's deadline.
func settledLink(t *testing.T, ns, dev string, probe func() Outcome) (Outcome, map[string]any) {
	t.Helper()
	var o Outcome
	var before map[string]any
	testutil.WaitFor(t, "ip to show "+dev+" in "+ns+" alike before and after the probe", func() bool {
		before = ipShowsLink(t, ns, dev)
		o = probe()
		return reflect.DeepEqual(before, ipShowsLink(t, ns, dev))
	})
	return o, before
}

func TestToolsAgreeInterface(t *testing.T) {
	a, b := twoHosts(t)
	testutil.IP(t, "-n", a, "addr", "add", "10.213.5.1", "peer", "10.213.5.2/32", "dev", "a0")
	testutil.IP(t, "-n", a, "addr", "add", "2001:db8:213::1/64", "dev", "a0", "nodad")
	testutil.IP(t, "-n", a, "link", "set", "a0", "mtu", "1400", "address", "02:00:00:00:13:01")
	interfaceAgrees(t, a, "a0", "a working link")

	testutil.IP(t, "-n", b, "link", "set", "b0", "down")
	testutil.WaitOperState(t, a, "a0", "down")
	interfaceAgrees(t, a, "a0", "the far end down")

	testutil.IP(t, "-n", a, "link", "set", "a0", "down")
	interfaceAgrees(t, a, "a0", "administratively down")

	interfaceAgrees(t, a, "lo", "loopback")

	// A tunnel: no hardware address, and no carrier while no program has it open.
	testutil.IP(t, "-n", a, "tuntap", "add", "mode", "tun", "name", "tun0")
	testutil.IP(t, "-n", a, "link", "set", "tun0", "up")
	interfaceAgrees(t, a, "tun0", "an unopened tun device")
}

// ipRoute is one route as `ip -j route show` reports it.
type ipRoute struct {
	Type     string `json:"type"` // empty for unicast
	Gateway  string `json:"gateway"`
	Dev      string `json:"dev"`
	Metric   int64  `json:"metric"` // absent for 0
	Nexthops []struct {
		Gateway string `json:"gateway"`
		Dev     string `json:"dev"`
	} `json:"nexthops"`
}

// routeAgrees compares net.route with `ip [-6] -j route show default`: ip
// lists the main table's default routes, the one in use first. A route of
// another type (blackhole, unreachable) leads nowhere: no default route.
func routeAgrees(t *testing.T, ns, family, situation string) {
	t.Helper()
	args := []string{"route", "show", "default"}
	if family == "ipv6" {
		args = append([]string{"-6"}, args...)
	}
	var routes []ipRoute
	ipJSON(t, ns, &routes, args...)
	o := inNetns(t, ns, netnsRequest{Type: "net.route", With: map[string]any{"family": family}})
	if len(routes) == 0 || (routes[0].Type != "" && routes[0].Type != "unicast") {
		agree(t, situation, o, map[string]any{"has_default": false})
		return
	}
	r := routes[0]
	if len(r.Nexthops) > 0 { // multipath: the first hop, as the kernel lists it
		r.Gateway, r.Dev = r.Nexthops[0].Gateway, r.Nexthops[0].Dev
	}
	agree(t, situation, o, map[string]any{"has_default": true, "gateway": r.Gateway, "interface": r.Dev, "metric": r.Metric})
}

func TestToolsAgreeRoute(t *testing.T) {
	a, _ := twoHosts(t)
	testutil.IP(t, "-n", a, "-6", "addr", "add", "2001:db8:213::1/64", "dev", "a0", "nodad")
	route := func(args ...string) { testutil.IP(t, append([]string{"-n", a, "route"}, args...)...) }
	route6 := func(args ...string) { testutil.IP(t, append([]string{"-n", a, "-6", "route"}, args...)...) }

	routeAgrees(t, a, "ipv4", "no default route")
	route("add", "default", "via", "10.213.0.9", "table", "100")
	routeAgrees(t, a, "ipv4", "a default route only in table 100")
	route("add", "default", "via", "10.213.0.2", "dev", "a0")
	routeAgrees(t, a, "ipv4", "one gateway, metric 0")
	route("add", "default", "via", "10.213.0.3", "dev", "a0", "metric", "3000000000")
	route("replace", "default", "via", "10.213.0.2", "dev", "a0", "metric", "0")
	routeAgrees(t, a, "ipv4", "two gateways, the lower metric wins")
	route("add", "default", "dev", "a0", "metric", "4294967295")
	route("del", "default", "via", "10.213.0.2")
	route("del", "default", "via", "10.213.0.3")
	routeAgrees(t, a, "ipv4", "no gateway, the highest metric")
	route("add", "default", "metric", "7", "nexthop", "via", "10.213.0.5", "nexthop", "via", "10.213.0.6")
	routeAgrees(t, a, "ipv4", "multipath")
	route("flush", "exact", "0.0.0.0/0")
	route("add", "unreachable", "default")
	routeAgrees(t, a, "ipv4", "an unreachable default route")
	route("flush", "exact", "0.0.0.0/0")
	route("add", "blackhole", "default")
	routeAgrees(t, a, "ipv4", "a blackhole default route")

	routeAgrees(t, a, "ipv6", "no default IPv6 route")
	route6("add", "default", "via", "2001:db8:213::2", "dev", "a0")
	routeAgrees(t, a, "ipv6", "one IPv6 gateway, the default metric")
	route6("add", "default", "via", "fe80::1", "dev", "a0", "metric", "100")
	routeAgrees(t, a, "ipv6", "a link-local gateway with a lower metric")
	route6("add", "default", "metric", "50", "nexthop", "via", "2001:db8:213::5", "nexthop", "via", "2001:db8:213::6")
	routeAgrees(t, a, "ipv6", "IPv6 multipath")
	// A VPN (wg-quick) puts its default route in a table of its own, which
	// only policy rules send traffic to: the main table's route is the default.
	route6("add", "default", "via", "2001:db8:213::9", "dev", "a0", "metric", "10", "table", "100")
	routeAgrees(t, a, "ipv6", "another table's default route")
	route6("add", "default", "via", "2001:db8:213::8", "dev", "a0", "metric", "1", "table", "51820")
	routeAgrees(t, a, "ipv6", "a default route in wg-quick's table 51820")
}

// pingSays runs ping in ns and reads its summary: sent, received, loss and
// the rtt min/avg/max it prints (absent without answers).
func pingSays(t *testing.T, ns string, count int, host string) (counts map[string]any, rtt []time.Duration) {
	t.Helper()
	out, _ := testutil.NsExec(ns, "ping", "-c", strconv.Itoa(count), "-i", "0.2", "-W", "1", host) // exit 1 when unanswered
	m := regexp.MustCompile(`(\d+) packets transmitted, (\d+) received,.* ([\d.]+)% packet loss`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("ping %s: no summary in:\n%s", host, out)
	}
	sent, _ := strconv.ParseInt(m[1], 10, 64)
	received, _ := strconv.ParseInt(m[2], 10, 64)
	loss, _ := strconv.ParseFloat(m[3], 64)
	if r := regexp.MustCompile(`= ([\d.]+)/([\d.]+)/([\d.]+)/`).FindStringSubmatch(out); r != nil {
		for _, ms := range r[1:] {
			f, _ := strconv.ParseFloat(ms, 64)
			rtt = append(rtt, time.Duration(f*float64(time.Millisecond)))
		}
	}
	return map[string]any{"sent": sent, "received": received, "loss_percent": loss}, rtt
}

// pingAgrees pings host from ns with ping and with net.ping, alike.
func pingAgrees(t *testing.T, ns, host string, count int, situation string) {
	t.Helper()
	tool, rtt := pingSays(t, ns, count, host)
	start := time.Now()
	o := inNetns(t, ns, netnsRequest{Type: "net.ping", With: map[string]any{"host": host, "count": count, "interval": "200ms", "timeout": "1s"}})
	took := time.Since(start)
	// ping prints the loss with %g, six significant digits.
	if got, ok := o.Observed["loss_percent"].(float64); ok {
		o.Observed["loss_percent"], _ = strconv.ParseFloat(strconv.FormatFloat(got, 'g', 6, 64), 64)
	}
	agree(t, situation, o, tool)
	mine := []any{o.Observed["rtt_min"], o.Observed["rtt_avg"], o.Observed["rtt_max"]}
	if rtt == nil {
		if mine[0] != nil {
			t.Errorf("%s: ping saw no round trip, net.ping says min/avg/max %v", situation, mine)
		}
		return
	}
	// Two programs never time alike, and a loaded machine delays either:
	// both must see round trips in order min <= avg <= max, and net.ping's
	// must fit within the time the whole check took.
	d := func(i int) time.Duration { v, _ := mine[i].(time.Duration); return v }
	t.Logf("%s: ping rtt min/avg/max %v/%v/%v, net.ping %v/%v/%v", situation, rtt[0], rtt[1], rtt[2], d(0), d(1), d(2))
	if d(0) <= 0 || d(0) > d(1) || d(1) > d(2) || rtt[0] > rtt[1] || rtt[1] > rtt[2] {
		t.Errorf("%s: round trips out of order: ping %v, net.ping %v", situation, rtt, mine)
	}
	if d(2) > took {
		t.Errorf("%s: net.ping's longest round trip %v is longer than the %v the whole check took", situation, d(2), took)
	}
}

func TestToolsAgreePing(t *testing.T) {
	needIputils(t, "ping")
	a, b := twoHosts(t)
	testutil.IP(t, "-n", a, "addr", "add", "2001:db8:213::1/64", "dev", "a0", "nodad")
	testutil.IP(t, "-n", b, "addr", "add", "2001:db8:213::2/64", "dev", "b0", "nodad")

	pingAgrees(t, a, "10.213.0.2", 3, "every ping answered")
	pingAgrees(t, a, "2001:db8:213::2", 3, "IPv6")
	pingAgrees(t, a, "10.213.0.99", 2, "nobody holds the address")

	// Every third request dropped on the way in: the same share for both.
	testutil.Nft(t, b, testutil.LossEvery("input", "icmp type echo-request", 3))
	pingAgrees(t, a, "10.213.0.2", 3, "one of three lost")
	pingAgrees(t, a, "10.213.0.2", 6, "two of six lost")
}

// digSays asks the scripted server with dig and reads what net.resolve
// would observe: the status, the AD and TC handling, and the answer
// records of the asked type as data only (TXT strings joined).
func digSays(t *testing.T, server, name, typ string, opts ...string) map[string]any {
	t.Helper()
	host, port, _ := strings.Cut(server, ":")
	args := []string{"@" + host, "-p", port, "+tries=1", "+time=2"}
	if typ == "PTR" {
		args = append(args, "-x", name)
	} else {
		args = append(args, name, typ)
	}
	out, err := exec.Command("dig", append(args, opts...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("dig %s: %v: %s", strings.Join(args, " "), err, out)
	}
	text := string(out)
	status := regexp.MustCompile(`status: ([A-Z]+),`).FindStringSubmatch(text)
	flags := regexp.MustCompile(`(?m)^;; flags:([a-z ]*);`).FindStringSubmatch(text)
	if status == nil || flags == nil {
		t.Fatalf("dig %s: no header in:\n%s", strings.Join(args, " "), text)
	}
	answers := []string{}
	record := regexp.MustCompile(`^(\S+)\s+(\d+)\s+IN\s+(\S+)\s+(.*)$`)
	_, section, _ := strings.Cut(text, ";; ANSWER SECTION:\n")
	section, _, _ = strings.Cut(section, "\n\n")
	for line := range strings.Lines(section) {
		m := record.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil || m[3] != typ {
			continue // the CNAME a name leads through
		}
		data := m[4]
		if typ == "TXT" {
			var joined strings.Builder
			for _, s := range regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`).FindAllStringSubmatch(data, -1) {
				joined.WriteString(s[1])
			}
			data = joined.String()
		}
		answers = append(answers, data)
	}
	return map[string]any{
		"rcode": status[1], "answers": answers, "answer_count": int64(len(answers)),
		"authenticated": slices.Contains(strings.Fields(flags[1]), "ad"),
		"truncated":     strings.Contains(text, ";; Truncated, retrying in TCP mode."),
	}
}

func TestToolsAgreeDNS(t *testing.T) {
	testutil.NeedTool(t, "dig", "dnsutils")
	server := startDNS(t, scripted)
	for _, tc := range []struct {
		name, typ string
		with      map[string]any
		dig       []string
	}{
		{name: "ok.test", typ: "A"},
		{name: "ok.test", typ: "AAAA"},
		{name: "ok.test", typ: "MX"},
		{name: "ok.test", typ: "TXT"},
		{name: "cname.test", typ: "A"},
		{name: "cname.test", typ: "CNAME"},
		{name: "192.0.2.10", typ: "PTR"},
		{name: "nx.test", typ: "A"},
		{name: "fail.test", typ: "A"},
		{name: "refused.test", typ: "A"},
		{name: "big.test", typ: "A"},
		{name: "big.test", typ: "A", with: map[string]any{"tcp": true}, dig: []string{"+tcp"}},
		{name: "ok.test", typ: "A", with: map[string]any{"dnssec": true}, dig: []string{"+dnssec"}},
	} {
		situation := fmt.Sprintf("%s %s %v", tc.name, tc.typ, tc.dig)
		with := map[string]any{"name": tc.name, "type": tc.typ, "server": server}
		for k, v := range tc.with {
			with[k] = v
		}
		o := run(t, "dns.resolve", with)
		agree(t, situation, o, digSays(t, server, tc.name, tc.typ, tc.dig...))
	}

	// With +ignore dig keeps the truncated UDP reply and shows its TC flag.
	out, err := exec.Command("dig", "@127.0.0.1", "-p", server[strings.LastIndex(server, ":")+1:], "+tries=1", "+time=2", "+ignore", "big.test", "A").CombinedOutput()
	if tc := regexp.MustCompile(`(?m)^;; flags:[a-z ]* tc[ ;]`).Match(out); err != nil || !tc {
		t.Errorf("dig +ignore big.test: no tc flag (%v):\n%s", err, out)
	}
}

// curlSays fetches url with curl -L and returns what net.http would observe.
func curlSays(t *testing.T, url string) map[string]any {
	t.Helper()
	out, err := exec.Command("curl", "-s", "-o", "/dev/null", "--noproxy", "*", "-L", "--max-redirs", "10",
		"-w", "%{http_code}\t%{url_effective}\t%{num_redirects}\t%{content_type}", url).Output()
	f := strings.SplitN(string(out), "\t", 4)
	if len(f) != 4 {
		t.Fatalf("curl %s: %v: %q", url, err, out)
	}
	status, _ := strconv.ParseInt(f[0], 10, 64)
	redirects, _ := strconv.ParseInt(f[2], 10, 64)
	return map[string]any{"status": status, "final_url": f[1], "redirects": redirects, "content_type": f[3]}
}

func TestToolsAgreeHTTP(t *testing.T) {
	testutil.NeedTool(t, "curl", "curl")
	srv := serveHTTP(t)
	more := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/dots":
			w.Header().Set("Location", "sub/../final?x=1")
			w.WriteHeader(http.StatusSeeOther)
		case "/empty":
			w.WriteHeader(http.StatusNoContent) // no Content-Type at all
		default:
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte("{}"))
		}
	}))
	t.Cleanup(more.Close)
	for _, path := range []string{"/", "/old", "/missing", more.URL + "/dots", more.URL + "/empty", more.URL + "/x?q=a+b#top"} {
		url := path
		if strings.HasPrefix(path, "/") {
			url = srv.URL + path
		}
		o := run(t, "net.http", map[string]any{"url": url, "proxy": "none"})
		agree(t, url, o, curlSays(t, url))
	}

	// Past 10 redirects curl gives up (exit 47) and so does net.http.
	o := run(t, "net.http", map[string]any{"url": srv.URL + "/loop", "proxy": "none"})
	tool := curlSays(t, srv.URL+"/loop")
	agree(t, "a redirect loop", o, map[string]any{"redirects": tool["redirects"]})

	// A URL without a path: curl requests and reports "/".
	o = run(t, "net.http", map[string]any{"url": srv.URL, "proxy": "none"})
	agree(t, srv.URL, o, curlSays(t, srv.URL))
}

// opensslSays connects with openssl s_client and reads what net.tls would
// observe of the certificate it is shown.
func opensslSays(t *testing.T, host string, port int64, name, caFile string) map[string]any {
	t.Helper()
	cmd := exec.Command("openssl", "s_client", "-connect", fmt.Sprintf("%s:%d", host, port),
		"-servername", name, "-verify_hostname", name, "-CAfile", caFile, "-showcerts")
	cmd.Stdin = strings.NewReader("")
	out, err := cmd.CombinedOutput()
	text := string(out)
	version := regexp.MustCompile(`(?m)^\s*Protocol\s*: TLSv(\S+)`).FindStringSubmatch(text)
	verify := regexp.MustCompile(`Verify return code: (\d+)`).FindStringSubmatch(text)
	if version == nil || verify == nil {
		t.Fatalf("openssl s_client: %v:\n%s", err, text)
	}
	chain := strings.Count(text, "-----BEGIN CERTIFICATE-----")
	leaf := text[strings.Index(text, "-----BEGIN CERTIFICATE-----"):]
	leaf = leaf[:strings.Index(leaf, "-----END CERTIFICATE-----")+len("-----END CERTIFICATE-----\n")]
	x := exec.Command("openssl", "x509", "-noout", "-nameopt", "RFC2253", "-subject", "-issuer", "-enddate")
	x.Stdin = strings.NewReader(leaf)
	cert, err := x.Output()
	if err != nil {
		t.Fatalf("openssl x509: %v", err)
	}
	fields := map[string]string{}
	for line := range strings.Lines(string(cert)) {
		k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
		fields[k] = v
	}
	notAfter, err := time.Parse("Jan _2 15:04:05 2006 MST", fields["notAfter"])
	if err != nil {
		t.Fatalf("openssl x509 notAfter: %v", err)
	}
	return map[string]any{
		"version": "TLS " + version[1], "verified": verify[1] == "0", "chain_length": int64(chain),
		"subject": fields["subject"], "issuer": fields["issuer"], "not_after": notAfter.UTC().Format(time.RFC3339),
	}
}

func TestToolsAgreeTLS(t *testing.T) {
	testutil.NeedTool(t, "openssl", "openssl")
	certs := testCerts(t)
	// The trusted CA, second in every chain it signs; unknownCA's is another.
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: certs.valid.Certificate[1]})
	caFile := testutil.WriteFile(t, "ca.pem", string(ca))
	for _, tc := range []struct {
		situation string
		cert      tls.Certificate
	}{
		{"a valid certificate", certs.valid},
		{"an expired certificate", certs.expired},
		{"a certificate for another name", certs.wrongHost},
		{"an unknown authority", certs.unknownCA},
	} {
		host, port := hostPort(t, serveTLS(t, tc.cert).URL)
		o := run(t, "net.tls", map[string]any{"host": host, "port": port, "server_name": "localhost"})
		agree(t, tc.situation, o, opensslSays(t, host, port, "localhost", caFile))
	}
}

// arpingSays probes for addr with arping -D on dev in ns: exit status 1
// means another device answered, and arping prints its MAC.
func arpingSays(t *testing.T, ns, dev, addr string) map[string]any {
	t.Helper()
	out, err := testutil.NsExec(ns, "arping", "-D", "-c", "2", "-w", "2", "-I", dev, addr)
	var exit *exec.ExitError
	switch {
	case err == nil:
		return map[string]any{"address": addr, "conflict": false, "conflicting_mac": ""}
	case errors.As(err, &exit) && exit.ExitCode() == 1:
		m := regexp.MustCompile(`reply from \S+ \[([0-9A-Fa-f:]+)\]`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("arping -D %s: exit 1 but no reply in:\n%s", addr, out)
		}
		return map[string]any{"address": addr, "conflict": true, "conflicting_mac": strings.ToLower(m[1])}
	}
	t.Fatalf("arping -D %s: %v:\n%s", addr, err, out)
	return nil
}

func TestToolsAgreeIPConflict(t *testing.T) {
	needIputils(t, "arping")
	a, b := sharedAddrHosts(t)
	conflictAgrees := func(addr, situation string) {
		t.Helper()
		o := inNetns(t, a, netnsRequest{Type: "net.ipconflict", With: map[string]any{"interface": "a0", "address": addr}})
		agree(t, situation, o, arpingSays(t, a, "a0", addr))
	}
	conflictAgrees("10.213.1.1", "both hold the address")
	testutil.IP(t, "-n", b, "addr", "flush", "dev", "b0")
	testutil.IP(t, "-n", b, "addr", "add", "10.213.1.2/24", "dev", "b0")
	conflictAgrees("10.213.1.1", "the address is ours alone")
	conflictAgrees("10.213.1.2", "the other host's address")
}
