package checks

import (
	"testing"

	"github.com/miekg/dns"
)

// otherAnswer says ok.test. is somewhere else: a stale or split-horizon server.
func otherAnswer(w dns.ResponseWriter, r *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(r)
	m.Answer = append(m.Answer, mustRR(r.Question[0].Name+" 60 IN A 203.0.113.5"))
	w.WriteMsg(m)
}

// reversed gives ok.test.'s two addresses in the other order.
func reversed(w dns.ResponseWriter, r *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(r)
	m.Answer = append(m.Answer, mustRR("ok.test. 60 IN A 192.0.2.11"), mustRR("ok.test. 60 IN A 192.0.2.10"))
	w.WriteMsg(m)
}

func TestCompareAgree(t *testing.T) {
	a, b := startDNS(t, scripted), startDNS(t, reversed)
	useResolvConf(t, a)
	o := run(t, "dns.compare", map[string]any{"name": "ok.test", "servers": []any{"system", b}})
	expectEqual(t, "status", status(t, "dns.compare", o), "pass")
	expectEqual(t, "consistent", o.Observed["consistent"], any(true))
	expectList(t, "answers_by_server", o.Observed["answers_by_server"], "system: 192.0.2.10, 192.0.2.11", b+": 192.0.2.10, 192.0.2.11")
	expectList(t, "differing", o.Observed["differing"])
	expectEqual(t, "message", o.Message, "the 2 servers give the same answer for ok.test: 192.0.2.10, 192.0.2.11")
}

func TestCompareDisagree(t *testing.T) {
	a, b, c := startDNS(t, scripted), startDNS(t, otherAnswer), startDNS(t, reversed)
	o := run(t, "dns.compare", map[string]any{"name": "ok.test", "servers": []string{a, b, c}})
	expectEqual(t, "status", status(t, "dns.compare", o), "fail")
	expectList(t, "differing", o.Observed["differing"], b)
	expectList(t, "answers_by_server", o.Observed["answers_by_server"],
		a+": 192.0.2.10, 192.0.2.11", b+": 203.0.113.5", c+": 192.0.2.10, 192.0.2.11")
	expectContains(t, "message", o.Message, "the servers disagree on ok.test: ")
	expectEqual(t, "error_kind", o.ErrorKind, "")
}

func TestCompareWithSilentServer(t *testing.T) {
	a, silent := startDNS(t, scripted), silentDNS(t)
	o := run(t, "dns.compare", map[string]any{"name": "nx.test", "servers": []string{a, silent}, "timeout": "300ms"})
	expectEqual(t, "status", status(t, "dns.compare", o), "fail")
	expectList(t, "answers_by_server", o.Observed["answers_by_server"], a+": NXDOMAIN", silent+": no answer (timeout)")
	expectList(t, "differing", o.Observed["differing"], silent)
	expectEqual(t, "error_kind", o.ErrorKind, "timeout")
	expectContains(t, "message", o.Message, "could not compare the answers for nx.test: "+silent+" (no answer before the timeout) did not answer")
}
