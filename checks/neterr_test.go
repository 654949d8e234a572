package checks

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
)

func TestWhy(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{fmt.Errorf("dial: %w", syscall.ECONNREFUSED), "connection refused (nothing listens there)"},
		{&net.DNSError{Err: "no such host", Name: "x.test", IsNotFound: true}, "the name does not exist"},
		// No kind that says more than "other": the error says it itself.
		{errors.New("invalid response: short packet"), "invalid response: short packet"},
		{io.EOF, "EOF"},
	} {
		if got := Why(tc.err); got != tc.want {
			t.Errorf("Why(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
	if got := whyKind("no_route", errors.New("sendto: whatever")); got != "no route to that network" {
		t.Errorf("a known kind: %q", got)
	}
	if got := whyKind("other", nil); got != "other" {
		t.Errorf("a kind without an error: %q", got)
	}
}

// garbageUDP answers every datagram on 127.0.0.1 with a few bytes that are
// neither NTP nor DNS.
func garbageUDP(t *testing.T) string {
	t.Helper()
	pc := testutil.ListenUDP(t)
	testutil.AnswerUDP(pc, func([]byte) []byte { return []byte("garbage") })
	return pc.LocalAddr().String()
}

// closingTCP accepts connections on 127.0.0.1, reads the first TLS record
// (the ClientHello) and closes them: the client reads EOF.
func closingTCP(t *testing.T) string {
	t.Helper()
	ln := testutil.Listen(t)
	testutil.Serve(t, ln, func(c net.Conn) {
		header := make([]byte, 5) // type, version, length
		if _, err := io.ReadFull(c, header); err == nil {
			io.CopyN(io.Discard, c, int64(binary.BigEndian.Uint16(header[3:])))
		}
	})
	return ln.Addr().String()
}

// TestErrorsWithoutKindSayWhy: failures of no known kind ("other") carry
// the error's text, not the bare word "other".
func TestErrorsWithoutKindSayWhy(t *testing.T) {
	endsWell := func(what string, o Outcome, prefix string) {
		t.Helper()
		t.Logf("%s: %s", what, o.Message)
		if o.ErrorKind != "other" {
			t.Errorf("%s: error kind %q, want other (%s)", what, o.ErrorKind, o.Message)
		}
		if !strings.HasPrefix(o.Message, prefix) || strings.HasSuffix(o.Message, ": other") || len(o.Message) <= len(prefix) {
			t.Errorf("%s: message %q, want %q and the error's own words", what, o.Message, prefix+"...")
		}
	}
	garbage := garbageUDP(t)
	o := run(t, "sys.time", map[string]any{"server": garbage, "timeout": "1s"})
	endsWell("sys.time", o, garbage+" did not give the time: ")

	o = run(t, "dns.resolve", map[string]any{"name": "ok.test", "server": garbage, "timeout": "1s"})
	endsWell("dns.resolve", o, "could not ask "+garbage+": ")

	closing := closingTCP(t)
	host, port := hostPort(t, "https://"+closing)
	o = run(t, "net.tls", map[string]any{"host": host, "port": port, "timeout": "1s"})
	endsWell("net.tls", o, "no TLS connection to "+closing+": ")

	if runtime.GOOS != "linux" {
		return
	}
	// A zone that names no interface: Linux refuses to connect (EINVAL).
	o = run(t, "net.tcp", map[string]any{"host": "fe80::1%tsr-no-such-if", "port": 80, "timeout": "1s"})
	endsWell("net.tcp", o, "[fe80::1%tsr-no-such-if]:80 is not reachable: ")
}
