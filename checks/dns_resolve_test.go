package checks

import (
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/tsrhq/tsr/internal/testutil"
)

func TestResolveAnswers(t *testing.T) {
	server := startDNS(t, scripted)
	start := time.Now()
	o := run(t, "dns.resolve", map[string]any{"name": "ok.test", "server": server})
	took := time.Since(start)
	expectEqual(t, "status", status(t, "dns.resolve", o), "pass")
	expectEqual(t, "rcode", o.Observed["rcode"], any("NOERROR"))
	expectList(t, "answers", o.Observed["answers"], "192.0.2.10", "192.0.2.11")
	expectEqual(t, "answer_count", o.Observed["answer_count"], any(int64(2)))
	expectEqual(t, "server", o.Observed["server"], any(server))
	expectEqual(t, "authenticated", o.Observed["authenticated"], any(false))
	expectEqual(t, "truncated", o.Observed["truncated"], any(false))
	expectEqual(t, "error_kind", o.ErrorKind, "")
	expectContains(t, "message", o.Message, "ok.test A → 192.0.2.10, 192.0.2.11 (from "+server+" in ")
	if l, _ := o.Observed["latency"].(time.Duration); l <= 0 || l > took {
		t.Errorf("latency = %v, want more than 0 and at most the %s the check took", o.Observed["latency"], took)
	}
}

func TestResolveRecordTypes(t *testing.T) {
	server := startDNS(t, scripted)
	for _, tc := range []struct{ name, typ, want string }{
		{"ok.test", "MX", "10 mx.test."},
		{"ok.test", "txt", "v=spf1 -all"},
		{"192.0.2.10", "PTR", "host.test."},
		{"cname.test", "A", "192.0.2.10"}, // the CNAME itself is not an answer to A
		{"cname.test", "CNAME", "ok.test."},
	} {
		o := run(t, "dns.resolve", map[string]any{"name": tc.name, "type": tc.typ, "server": server})
		expectList(t, tc.name+" "+tc.typ, o.Observed["answers"], tc.want)
	}
}

func TestResolveFailures(t *testing.T) {
	server := startDNS(t, scripted)
	for _, tc := range []struct{ name, typ, rcode, kind, message string }{
		{"nx.test", "A", "NXDOMAIN", "nxdomain", "nx.test does not exist (NXDOMAIN from " + server},
		{"fail.test", "A", "SERVFAIL", "servfail", server + " could not resolve the name (SERVFAIL)"},
		{"refused.test", "A", "REFUSED", "refused", server + " refused to answer (REFUSED)"},
		{"ok.test", "AAAA", "NOERROR", "nodata", "ok.test has no AAAA record (from " + server},
	} {
		o := run(t, "dns.resolve", map[string]any{"name": tc.name, "type": tc.typ, "server": server})
		expectEqual(t, tc.name+" status", status(t, "dns.resolve", o), "fail")
		expectEqual(t, tc.name+" rcode", o.Observed["rcode"], any(tc.rcode))
		expectEqual(t, tc.name+" error_kind", o.ErrorKind, ErrorKind(tc.kind))
		expectContains(t, tc.name+" message", o.Message, tc.message)
	}
}

func TestResolveTimeout(t *testing.T) {
	for _, server := range []string{silentDNS(t), startDNS(t, scripted)} {
		o := testutil.Returns(t, "dns.resolve of a server that never answers, with a 300ms timeout", func() Outcome {
			return run(t, "dns.resolve", map[string]any{"name": "slow.test", "server": server, "timeout": "300ms"})
		})
		expectEqual(t, "status", status(t, "dns.resolve", o), "fail")
		expectEqual(t, "error_kind", o.ErrorKind, "timeout")
		expectEqual(t, "message", o.Message, "no answer from "+server+" within 300ms")
	}
}

func TestResolveRefusedPort(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("a closed UDP port is reported as refused on Linux")
	}
	closed := testutil.ClosedUDPAddr(t)
	o := run(t, "dns.resolve", map[string]any{"name": "ok.test", "server": closed})
	expectEqual(t, "status", status(t, "dns.resolve", o), "fail")
	expectEqual(t, "error_kind", o.ErrorKind, "refused")
	expectContains(t, "message", o.Message, "could not ask "+closed+": connection refused")
}

func TestResolveTruncatedRetriesOverTCP(t *testing.T) {
	server := startDNS(t, scripted)
	o := run(t, "dns.resolve", map[string]any{"name": "big.test", "server": server})
	expectEqual(t, "truncated", o.Observed["truncated"], any(true))
	expectEqual(t, "answer_count", o.Observed["answer_count"], any(int64(30)))
	expectEqual(t, "status", status(t, "dns.resolve", o), "pass")
	expectContains(t, "message", o.Message, "over TCP after a truncated UDP reply")
	expectContains(t, "message", o.Message, "and 27 more")

	o = run(t, "dns.resolve", map[string]any{"name": "big.test", "server": server, "tcp": true})
	expectEqual(t, "truncated over TCP", o.Observed["truncated"], any(false))
	expectEqual(t, "answer_count over TCP", o.Observed["answer_count"], any(int64(30)))
}

func TestResolveDNSSEC(t *testing.T) {
	server := startDNS(t, scripted)
	o := run(t, "dns.resolve", map[string]any{"name": "ok.test", "server": server, "dnssec": true})
	expectEqual(t, "authenticated", o.Observed["authenticated"], any(true))
}

func TestResolveSystemTriesServersInOrder(t *testing.T) {
	good := startDNS(t, scripted)
	// The second server fails, and late, as an overloaded one does; it
	// measures how long it kept the lookup waiting.
	var mu sync.Mutex
	var brokenKept time.Duration
	broken := startDNS(t, func(w dns.ResponseWriter, r *dns.Msg) {
		heard := time.Now()
		<-time.After(100 * time.Millisecond)
		mu.Lock()
		brokenKept = max(brokenKept, time.Since(heard))
		mu.Unlock()
		always(dns.RcodeServerFailure)(w, r)
	})
	useResolvConf(t, silentDNS(t), broken, good)
	writeEtcFile(t, "hosts", "10.0.0.5 ok.test\n") // beside useResolvConf's resolv.conf
	o := run(t, "dns.resolve", map[string]any{"name": "ok.test", "timeout": "900ms"})
	expectEqual(t, "status", status(t, "dns.resolve", o), "warn") // slow: the silent first server made every lookup wait
	expectEqual(t, "server", o.Observed["server"], any(good))
	expectList(t, "answers", o.Observed["answers"], "192.0.2.10", "192.0.2.11")
	expectEqual(t, "hosts_entry", o.Observed["hosts_entry"], any("10.0.0.5"))
	expectContains(t, "message", o.Message, "; the hosts file says 10.0.0.5")
	// The latency is what the program waited: the servers that did not
	// answer count too, the late one at least as long as it says it kept
	// the lookup waiting (and the silent one makes the lookup slow: warn).
	mu.Lock()
	defer mu.Unlock()
	if lat, _ := o.Observed["latency"].(time.Duration); brokenKept == 0 || lat < brokenKept {
		t.Errorf("latency %s hides the %s the failing second server kept the lookup waiting", lat, brokenKept)
	}
	expectContains(t, "message", o.Message, ", after trying ")
}

func TestResolveSystemAllFailing(t *testing.T) {
	a, b := silentDNS(t), silentDNS(t)
	useResolvConf(t, a, b)
	o := run(t, "dns.resolve", map[string]any{"name": "ok.test", "timeout": "400ms"})
	expectEqual(t, "status", status(t, "dns.resolve", o), "fail")
	expectEqual(t, "error_kind", o.ErrorKind, "timeout")
	expectEqual(t, "message", o.Message, "no answer from "+a+", "+b+" within 400ms")

	useResolvConf(t)
	o = run(t, "dns.resolve", map[string]any{"name": "ok.test"})
	expectEqual(t, "no servers", o.ErrorKind, "no_servers")
	expectEqual(t, "no servers status", status(t, "dns.resolve", o), "fail")
}

func TestQueryName(t *testing.T) {
	name, qtype := dnsQuestion("2001:db8::1", "PTR")
	expectEqual(t, "reverse v6", name, "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.")
	expectEqual(t, "qtype", qtype, dns.TypePTR)
	name, _ = dnsQuestion("Example.COM", "A")
	expectEqual(t, "fqdn", strings.ToLower(name), "example.com.")
}

// TestRareAnswerCodes: an answer code with no error kind of its own ends
// with a kind the type declares ("other", so a playbook's fix can name
// it), and the message says the code.
func TestRareAnswerCodes(t *testing.T) {
	for _, tc := range []struct {
		rcode int
		kind  ErrorKind
		text  string
	}{
		{dns.RcodeFormatError, ErrorKindFormErr, "FORMERR"},
		{dns.RcodeNotImplemented, ErrorKindNotImp, "NOTIMP"},
		{dns.RcodeNotAuth, ErrorKindOther, "NOTAUTH"},
		{dns.RcodeYXDomain, ErrorKindOther, "YXDOMAIN"},
	} {
		server := startDNS(t, always(tc.rcode))
		o := run(t, "dns.resolve", map[string]any{"name": "ok.test", "server": server})
		expectEqual(t, tc.text+" error_kind", o.ErrorKind, tc.kind)
		expectEqual(t, tc.text+" message", o.Message, server+" answered "+tc.text)

		o = run(t, "dns.nxdomain", map[string]any{"server": server})
		expectEqual(t, tc.text+" dns.nxdomain error_kind", o.ErrorKind, tc.kind)

		o = run(t, "dns.compare", map[string]any{"name": "ok.test", "servers": []string{server, server}})
		expectEqual(t, tc.text+" dns.compare error_kind", o.ErrorKind, tc.kind)
		if tc.kind == ErrorKindOther {
			expectContains(t, tc.text+" dns.compare message", o.Message, server+" ("+tc.text+")")
		}

		useResolvConf(t, server)
		o = run(t, "dns.resolvers", nil)
		expectEqual(t, tc.text+" dns.resolvers error_kind", o.ErrorKind, tc.kind)
		expectList(t, tc.text+" dns.resolvers failing", o.Observed["failing"], server+" "+map[bool]string{true: tc.text, false: string(tc.kind)}[tc.kind == ErrorKindOther])
	}
}
