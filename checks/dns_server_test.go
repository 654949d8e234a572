package checks

import (
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/miekg/dns"
	"github.com/tsrhq/tsr/internal/testutil"
)

// startDNS serves handler over UDP and TCP on one port of 127.0.0.1 and
// returns "127.0.0.1:port".
func startDNS(t *testing.T, handler dns.HandlerFunc) string {
	t.Helper()
	testutil.NeedLoopback(t)
	for attempt := 0; attempt < 20; attempt++ {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := pc.LocalAddr().String()
		ln, err := net.Listen("tcp", addr)
		if err != nil { // the TCP port is taken: try another
			pc.Close()
			continue
		}
		for _, srv := range []*dns.Server{{PacketConn: pc, Handler: handler}, {Listener: ln, Handler: handler}} {
			started := make(chan struct{})
			srv.NotifyStartedFunc = func() { close(started) }
			go srv.ActivateAndServe()
			<-started
			t.Cleanup(func() { srv.Shutdown() })
		}
		return addr
	}
	t.Fatal("no free port for a test DNS server")
	return ""
}

// silentDNS is a UDP port that reads nothing and answers nothing.
func silentDNS(t *testing.T) string {
	testutil.NeedLoopback(t)
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	return pc.LocalAddr().String()
}

// scripted answers test names the way real servers would:
//
//	ok.test.          A 192.0.2.10, 192.0.2.11; MX; TXT; no AAAA (NODATA); AD when DO is set
//	cname.test.       CNAME to ok.test. plus its A records
//	big.test.         truncated over UDP, 30 A records over TCP
//	fail.test.        SERVFAIL      refused.test.  REFUSED
//	slow.test.        never answered: only the asker's timeout ends it
//	192.0.2.10 PTR    host.test.
//	anything else     NXDOMAIN
func scripted(w dns.ResponseWriter, r *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(r)
	q := r.Question[0]
	add := func(rr string) { m.Answer = append(m.Answer, mustRR(rr)) }
	switch strings.ToLower(q.Name) {
	case "ok.test.":
		switch q.Qtype {
		case dns.TypeA:
			add("ok.test. 60 IN A 192.0.2.10")
			add("ok.test. 60 IN A 192.0.2.11")
		case dns.TypeMX:
			add("ok.test. 60 IN MX 10 mx.test.")
		case dns.TypeTXT:
			add(`ok.test. 60 IN TXT "v=spf1 " "-all"`)
		}
		if opt := r.IsEdns0(); opt != nil && opt.Do() {
			m.AuthenticatedData = true
		}
	case "cname.test.":
		add("cname.test. 60 IN CNAME ok.test.")
		add("ok.test. 60 IN A 192.0.2.10")
	case "big.test.":
		if w.LocalAddr().Network() == "udp" {
			m.Truncated = true
			break
		}
		for i := 1; i <= 30; i++ {
			add("big.test. 60 IN A 198.51.100." + strconv.Itoa(i))
		}
	case "10.2.0.192.in-addr.arpa.":
		add("10.2.0.192.in-addr.arpa. 60 IN PTR host.test.")
	case "fail.test.":
		m.Rcode = dns.RcodeServerFailure
	case "refused.test.":
		m.Rcode = dns.RcodeRefused
	case "slow.test.":
		return
	default:
		m.Rcode = dns.RcodeNameError
	}
	w.WriteMsg(m)
}

// hijacking answers every A question with an address, as an ISP that
// rewrites failed lookups does.
func hijacking(w dns.ResponseWriter, r *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(r)
	if r.Question[0].Qtype == dns.TypeA {
		m.Answer = append(m.Answer, mustRR(r.Question[0].Name+" 60 IN A 198.51.100.1"))
	}
	w.WriteMsg(m)
}

// always answers every question with one fixed status.
func always(rcode int) dns.HandlerFunc {
	return func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetRcode(r, rcode)
		w.WriteMsg(m)
	}
}

func mustRR(s string) dns.RR {
	rr, err := dns.NewRR(s)
	if err != nil {
		panic(err)
	}
	return rr
}

// useResolvConf points `system` at a resolv.conf naming the given servers.
func useResolvConf(t *testing.T, servers ...string) string {
	var b strings.Builder
	b.WriteString("# written by the test\n")
	for _, s := range servers {
		b.WriteString("nameserver " + s + "\n")
	}
	b.WriteString("search corp.test lab.test\noptions ndots:2\n")
	return useEtcFile(t, "resolv.conf", b.String())
}
