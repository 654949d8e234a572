//go:build !windows

package checks

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/tsrhq/tsr/internal/testutil"
	"golang.org/x/net/icmp"
	"golang.org/x/net/ipv4"
)

// usePingMethods narrows the methods net.ping may use for one test.
func usePingMethods(t *testing.T, methods ...string) {
	saved := pingMethods
	t.Cleanup(func() { pingMethods = saved })
	pingMethods = methods
}

func checkPingStats(t *testing.T, o Outcome, sent, received int64) {
	t.Helper()
	if o.Observed["sent"] != sent || o.Observed["received"] != received {
		t.Fatalf("sent %v received %v, want %d and %d: %s", o.Observed["sent"], o.Observed["received"], sent, received, o.Message)
	}
	if received == 0 {
		return
	}
	lo, avg, hi := o.Observed["rtt_min"].(time.Duration), o.Observed["rtt_avg"].(time.Duration), o.Observed["rtt_max"].(time.Duration)
	if lo <= 0 || lo > avg || avg > hi || hi > time.Second {
		t.Errorf("round trips min %v avg %v max %v", lo, avg, hi)
	}
}

// TestPingLoopback pings 127.0.0.1 with whatever this process may use.
func TestPingLoopback(t *testing.T) {
	testutil.NeedLoopback(t)
	o := run(t, "net.ping", map[string]any{"host": "127.0.0.1", "interval": "20ms"})
	expectEqual(t, "status", status(t, "net.ping", o), StatusPass)
	checkPingStats(t, o, 3, 3)
	if o.Observed["loss_percent"] != 0.0 || o.Observed["address"] != "127.0.0.1" {
		t.Errorf("observed %v", o.Observed)
	}
	if m := o.Observed["method"]; m != "icmp" && m != "udp-icmp" && m != "tcp" {
		t.Errorf("method %v", m)
	}
	if !strings.HasPrefix(o.Message, "127.0.0.1 answered 3 of 3 pings") {
		t.Errorf("message %q", o.Message)
	}
}

func TestPingLoopbackIPv6(t *testing.T) {
	if ln, err := net.Listen("tcp", "[::1]:0"); err != nil {
		t.Skip("no IPv6 loopback here")
	} else {
		ln.Close()
	}
	o := run(t, "net.ping", map[string]any{"host": "::1", "count": 2, "interval": "20ms"})
	checkPingStats(t, o, 2, 2)
}

// TestPingTCPRefused: nothing listens on 443 or 80 of 127.0.0.1 in the
// test, and a refusal counts as an answer.
func TestPingTCPRefused(t *testing.T) {
	testutil.NeedLoopback(t)
	usePingMethods(t, "tcp")
	saved := pingPorts
	t.Cleanup(func() { pingPorts = saved })
	_, free := hostPort(t, "tcp://"+testutil.ClosedAddr(t))
	pingPorts = []int{int(free)}
	o := run(t, "net.ping", map[string]any{"host": "127.0.0.1", "count": 4, "interval": "10ms"})
	checkPingStats(t, o, 4, 4)
	if o.Observed["method"] != "tcp" || !strings.Contains(o.Message, "TCP handshakes to port") {
		t.Errorf("%+v", o)
	}
}

// TestPingTCPOpen: a port that accepts, so the handshake completes.
func TestPingTCPOpen(t *testing.T) {
	testutil.NeedLoopback(t)
	usePingMethods(t, "tcp")
	ln := testutil.Listen(t)
	testutil.Serve(t, ln, nil)
	saved := pingPorts
	t.Cleanup(func() { pingPorts = saved })
	pingPorts = []int{ln.Addr().(*net.TCPAddr).Port}
	o := run(t, "net.ping", map[string]any{"host": "127.0.0.1", "count": 2, "interval": "10ms"})
	checkPingStats(t, o, 2, 2)
	if !strings.Contains(o.Message, "port "+strings.Split(ln.Addr().String(), ":")[1]) {
		t.Errorf("message %q does not name the port", o.Message)
	}
}

// TestPingNoAnswer judges a run where nothing came back.
func TestPingNoAnswer(t *testing.T) {
	o := pingOutcome(context.Background(), "example.test (192.0.2.7)", "icmp", pingPlan{count: 3}, pingStats{sent: 3})
	expectEqual(t, "status", status(t, "net.ping", o), StatusFail)
	if o.ErrorKind != "timeout" || o.Observed["loss_percent"] != 100.0 || o.Observed["received"] != int64(0) {
		t.Errorf("%+v", o)
	}
	if _, ok := o.Observed["rtt_avg"]; ok {
		t.Error("rtt_avg observed without answers")
	}
	want := "example.test (192.0.2.7) answered none of 3 pings (ICMP): no answer before the timeout"
	if o.Message != want {
		t.Errorf("message %q, want %q", o.Message, want)
	}
	o = pingOutcome(context.Background(), "192.0.2.7", "icmp", pingPlan{count: 10}, pingStats{sent: 4, cutShort: true, rtts: []time.Duration{time.Millisecond, 3 * time.Millisecond}})
	if !strings.Contains(o.Message, "50% lost") || !strings.Contains(o.Message, "stopped it after 4 of 10") || o.Observed["rtt_avg"] != 2*time.Millisecond {
		t.Errorf("partial: %+v", o)
	}
	expectEqual(t, "50% loss status", status(t, "net.ping", o), StatusWarn)
}

// TestEchoSessionMatching feeds replies to a session: only its own, in time.
func TestEchoSessionMatching(t *testing.T) {
	s := &echoSession{raw: true, id: 7, seq0: 65535, payload: []byte("tsr-ping:x"), timeout: time.Second}
	now := time.Now()
	s.sentAt = []time.Time{now, now, now.Add(-2 * time.Second)}
	s.answered = make([]bool, 3)
	reply := func(id, seq int, data string) []byte {
		b, _ := (&icmp.Message{Type: ipv4.ICMPTypeEchoReply, Body: &icmp.Echo{ID: id, Seq: seq, Data: []byte(data)}}).Marshal(nil)
		return b
	}
	s.handle(reply(7, 65535, "tsr-ping:x"), now.Add(time.Millisecond)) // first
	s.handle(reply(7, 65535, "tsr-ping:x"), now.Add(time.Millisecond)) // duplicate
	s.handle(reply(8, 0, "tsr-ping:x"), now)                           // another pinger's
	s.handle(reply(7, 0, "someone else"), now)                         // another payload
	s.handle(reply(7, 1, "tsr-ping:x"), now)                           // third, too late
	if len(s.stats.rtts) != 1 || s.stats.rtts[0] != time.Millisecond {
		t.Errorf("rtts %v, want one of 1ms", s.stats.rtts)
	}
	s.handle(reply(7, 0, "tsr-ping:x"), now.Add(2*time.Millisecond)) // second, across the wrap
	if len(s.stats.rtts) != 2 {
		t.Errorf("the reply after the sequence wrapped was not counted")
	}
	// A router's "host unreachable" quoting our request.
	req, _ := (&icmp.Message{Type: ipv4.ICMPTypeEcho, Body: &icmp.Echo{ID: 7, Seq: 1}}).Marshal(nil)
	quoted := append(append(make([]byte, 0, 28), 0x45), make([]byte, 19)...)
	unreach, _ := (&icmp.Message{Type: ipv4.ICMPTypeDestinationUnreachable, Code: 1, Body: &icmp.DstUnreach{Data: append(quoted, req...)}}).Marshal(nil)
	s.handle(unreach, now)
	if s.stats.errKind != "unreachable" {
		t.Errorf("error kind %q after host unreachable", s.stats.errKind)
	}
}
