package checks

import (
	"strings"
	"testing"

	"github.com/miekg/dns"
)

func TestNXDomainHonest(t *testing.T) {
	server := startDNS(t, scripted)
	o := run(t, "dns.nxdomain", map[string]any{"domain": "test", "server": server})
	queried, _ := o.Observed["queried"].(string)
	if !strings.HasPrefix(queried, "tsr-") || !strings.HasSuffix(queried, ".test") || len(queried) != len("tsr-.test")+12 {
		t.Errorf("queried = %q", queried)
	}
	expectEqual(t, "rcode", o.Observed["rcode"], any("NXDOMAIN"))
	expectEqual(t, "hijacked", o.Observed["hijacked"], any(false))
	expectEqual(t, "status", status(t, "dns.nxdomain", o), "pass")
	expectEqual(t, "message", o.Message, server+" says the made-up name "+queried+" does not exist, as it should (NXDOMAIN)")

	again := run(t, "dns.nxdomain", map[string]any{"domain": "test", "server": server})
	if again.Observed["queried"] == queried {
		t.Errorf("the made-up name %s was asked twice: a cache would answer it", queried)
	}
}

func TestNXDomainHijacked(t *testing.T) {
	server := startDNS(t, hijacking)
	useResolvConf(t, server)
	o := run(t, "dns.nxdomain", nil)
	expectEqual(t, "rcode", o.Observed["rcode"], any("NOERROR"))
	expectEqual(t, "hijacked", o.Observed["hijacked"], any(true))
	expectList(t, "answers", o.Observed["answers"], "198.51.100.1")
	expectEqual(t, "status", status(t, "dns.nxdomain", o), "fail")
	expectEqual(t, "error_kind", o.ErrorKind, "hijacked")
	expectContains(t, "message", o.Message, "with 198.51.100.1: failed lookups are being redirected")
	queried, _ := o.Observed["queried"].(string)
	expectContains(t, "queried", queried, ".example.com")
}

func TestNXDomainNoVerdict(t *testing.T) {
	for kind, server := range map[string]string{
		"timeout":  silentDNS(t),
		"servfail": startDNS(t, always(dns.RcodeServerFailure)),
	} {
		o := run(t, "dns.nxdomain", map[string]any{"server": server, "timeout": "300ms"})
		expectEqual(t, kind+" status", status(t, "dns.nxdomain", o), "fail")
		expectEqual(t, kind+" error_kind", o.ErrorKind, ErrorKind(kind))
		if _, ok := o.Observed["hijacked"]; ok {
			t.Errorf("%s: hijacked observed without a verdict", kind)
		}
	}
}
