package checks

import (
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

func TestResolversAskEachServer(t *testing.T) {
	good, silent, broken := startDNS(t, scripted), silentDNS(t), startDNS(t, always(dns.RcodeServerFailure))
	useResolvConf(t, good, silent, broken)
	start := time.Now()
	o := run(t, "dns.resolvers", map[string]any{"name": "ok.test", "timeout": "400ms"})
	if took := time.Since(start); took > 700*time.Millisecond {
		t.Errorf("took %v: the servers were not asked at the same time", took)
	}
	expectList(t, "servers", o.Observed["servers"], good, silent, broken)
	expectList(t, "answering", o.Observed["answering"], good)
	expectList(t, "failing", o.Observed["failing"], silent+" timeout", broken+" servfail")
	expectEqual(t, "answering_count", o.Observed["answering_count"], any(int64(1)))
	expectEqual(t, "failing_count", o.Observed["failing_count"], any(int64(2)))
	expectEqual(t, "status", status(t, "dns.resolvers", o), "warn")
	expectEqual(t, "error_kind", o.ErrorKind, "timeout")
	expectEqual(t, "message", o.Message, "1 of 3 DNS servers answers ("+good+"); failing: "+silent+" timeout, "+broken+" servfail")
}

func TestResolversAllAnswer(t *testing.T) {
	a, b := startDNS(t, scripted), startDNS(t, scripted)
	useResolvConf(t, a, b)
	o := run(t, "dns.resolvers", map[string]any{"name": "nx.test"}) // NXDOMAIN is an answer
	expectEqual(t, "status", status(t, "dns.resolvers", o), "pass")
	expectEqual(t, "error_kind", o.ErrorKind, "")
	expectEqual(t, "message", o.Message, "every configured DNS server answers: "+a+", "+b)
}

func TestResolversNoneAnswer(t *testing.T) {
	refusing := startDNS(t, always(dns.RcodeRefused))
	useResolvConf(t, refusing)
	o := run(t, "dns.resolvers", map[string]any{"timeout": "300ms"})
	expectEqual(t, "status", status(t, "dns.resolvers", o), "fail")
	expectEqual(t, "error_kind", o.ErrorKind, "refused")
	if !strings.HasPrefix(o.Message, "no configured DNS server answers") {
		t.Errorf("message = %q", o.Message)
	}

	useResolvConf(t)
	o = run(t, "dns.resolvers", nil)
	expectEqual(t, "no servers status", status(t, "dns.resolvers", o), "fail")
	expectEqual(t, "no servers error_kind", o.ErrorKind, "no_servers")
}
