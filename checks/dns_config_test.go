package checks

import (
	"testing"
)

func TestDNSConfigReadsResolvConf(t *testing.T) {
	path := useEtcFile(t, "resolv.conf", `# comments and options are ignored
domain old.test
search corp.test lab.test
nameserver 192.0.2.53
nameserver 127.0.0.1:5353 ; a test server on a high port
nameserver 2001:db8::53
nameserver not-an-address
options ndots:2 timeout:1
`)
	o := run(t, "dns.config", nil)
	expectList(t, "servers", o.Observed["servers"], "192.0.2.53", "127.0.0.1:5353", "2001:db8::53")
	expectEqual(t, "server_count", o.Observed["server_count"], any(int64(3)))
	expectList(t, "search", o.Observed["search"], "corp.test", "lab.test")
	expectEqual(t, "source", o.Observed["source"], any(path))
	expectEqual(t, "stub", o.Observed["stub"], any(false))
	expectEqual(t, "status", status(t, "dns.config", o), "pass")
	expectContains(t, "message", o.Message, "3 DNS servers configured in "+path+": 192.0.2.53, 127.0.0.1:5353, 2001:db8::53")
}

func TestDNSConfigStub(t *testing.T) {
	useEtcFile(t, "resolv.conf", "nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n")
	o := run(t, "dns.config", nil)
	expectEqual(t, "stub", o.Observed["stub"], any(true))
	expectEqual(t, "status", status(t, "dns.config", o), "pass")
	expectContains(t, "message", o.Message, "only the local stub resolver 127.0.0.53")
}

func TestDNSConfigWithoutServers(t *testing.T) {
	useEtcFile(t, "resolv.conf", "search corp.test\n")
	o := run(t, "dns.config", nil)
	expectEqual(t, "server_count", o.Observed["server_count"], any(int64(0)))
	expectEqual(t, "status", status(t, "dns.config", o), "fail")
	expectEqual(t, "error_kind", o.ErrorKind, "no_servers")

	useHostRoot(t, t.TempDir())
	missing := etcPath("resolv.conf")
	o = run(t, "dns.config", nil)
	expectEqual(t, "status", status(t, "dns.config", o), "fail")
	expectEqual(t, "message", o.Message, missing+" does not exist, so no DNS servers are configured")
}

func TestHostsEntry(t *testing.T) {
	useEtcFile(t, "hosts", `127.0.0.1 localhost
192.0.2.10  ok.test www.ok.test # the portal
2001:db8::10 OK.test.
# 192.0.2.99 ok.test
`)
	expectEqual(t, "by name", hostsEntry("ok.test"), "192.0.2.10, 2001:db8::10")
	expectEqual(t, "by fqdn", hostsEntry("WWW.ok.test."), "192.0.2.10")
	expectEqual(t, "by address", hostsEntry("192.0.2.10"), "ok.test, www.ok.test")
	expectEqual(t, "unknown", hostsEntry("nx.test"), "")
}
