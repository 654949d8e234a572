package checks

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"
)

func TestResolversAskEachServer(t *testing.T) {
	// good and broken answer only once both have been asked: asked one
	// after another, good would time out waiting for broken's question.
	gate := newGate(2, 5*time.Second)
	good, silent, broken := startDNS(t, gate.handler(scripted)), silentDNS(t), startDNS(t, gate.handler(always(dns.RcodeServerFailure)))
	useResolvConf(t, good, silent, broken)
	o := run(t, "dns.resolvers", map[string]any{"name": "ok.test", "timeout": "1s"})
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

// gate holds back the answers of the servers it guards until each of them
// has been asked, or until the wait is over (then they do not answer).
type gate struct {
	mu      sync.Mutex
	waiting int
	open    chan struct{}
	wait    time.Duration
}

func newGate(servers int, wait time.Duration) *gate {
	return &gate{waiting: servers, open: make(chan struct{}), wait: wait}
}

// handler is h behind the gate; each server's first question counts.
func (g *gate) handler(h dns.HandlerFunc) dns.HandlerFunc {
	var once sync.Once
	return func(w dns.ResponseWriter, r *dns.Msg) {
		once.Do(func() {
			g.mu.Lock()
			defer g.mu.Unlock()
			if g.waiting--; g.waiting == 0 {
				close(g.open)
			}
		})
		select {
		case <-g.open:
			h(w, r)
		case <-time.After(g.wait):
		}
	}
}
