package checks

import (
	"net"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tsrhq/tsr/internal/testutil"
)

// hostPort splits a test server's URL for net.tls.
func hostPort(t *testing.T, rawURL string) (string, int64) {
	u, _ := url.Parse(rawURL)
	port, err := strconv.ParseInt(u.Port(), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return u.Hostname(), port
}

func TestTLSValid(t *testing.T) {
	certs := testCerts(t)
	host, port := hostPort(t, serveTLS(t, certs.valid).URL)
	o := run(t, "net.tls", map[string]any{"host": host, "port": port, "server_name": "localhost"})
	expectEqual(t, "status", status(t, "net.tls", o), "pass")
	expectEqual(t, "verified", o.Observed["verified"], any(true))
	expectEqual(t, "verify_error", o.Observed["verify_error"], any(""))
	expectEqual(t, "version", o.Observed["version"], any("TLS 1.3"))
	expectEqual(t, "days_left", o.Observed["days_left"], any(int64(90)))
	typ, _ := Lookup("net.tls") // the report says 90 days, not 90
	expectEqual(t, "unit of days_left", typ.JudgeDefaults(o).Units["days_left"], UnitDays)
	expectEqual(t, "chain_length", o.Observed["chain_length"], any(int64(2)))
	expectEqual(t, "subject", o.Observed["subject"], any("CN=localhost"))
	expectEqual(t, "issuer", o.Observed["issuer"], any("CN=tsr test CA"))
	if notAfter, _ := o.Observed["not_after"].(string); !strings.HasSuffix(notAfter, "Z") {
		t.Errorf("not_after = %q, want RFC 3339 in UTC", notAfter)
	} else if _, err := time.Parse(time.RFC3339, notAfter); err != nil {
		t.Errorf("not_after: %v", err)
	}
	expectEqual(t, "error_kind", o.ErrorKind, "")
	expectContains(t, "message", o.Message, "presents a valid certificate for localhost from CN=tsr test CA, expiring in 90 days (TLS 1.3)")

	// Without server_name the IP itself is verified: the certificate lists it.
	o = run(t, "net.tls", map[string]any{"host": host, "port": port})
	expectEqual(t, "verified by IP", o.Observed["verified"], any(true))
}

func TestTLSExpiringSoonWarns(t *testing.T) {
	certs := testCerts(t)
	host, port := hostPort(t, serveTLS(t, certs.shortLived).URL)
	o := run(t, "net.tls", map[string]any{"host": host, "port": port})
	expectEqual(t, "days_left", o.Observed["days_left"], any(int64(5)))
	expectEqual(t, "status", status(t, "net.tls", o), "warn")
}

func TestTLSBadCertificates(t *testing.T) {
	certs := testCerts(t)
	day := func(d time.Duration) string { return time.Now().Add(d).UTC().Format("2006-01-02") }
	for _, tc := range []struct {
		name, kind, words string
		server            string
	}{
		{"expired", "tls_expired", "certificate expired on " + day(-10*24*time.Hour), serveTLS(t, certs.expired).URL},
		{"not yet valid", "tls_not_yet_valid", "certificate is not valid until " + day(10*24*time.Hour), serveTLS(t, certs.notYetValid).URL},
		{"wrong host", "tls_hostname", "certificate is for other.test, not localhost", serveTLS(t, certs.wrongHost).URL},
		{"unknown CA", "tls_unknown_authority", "certificate is signed by an authority not trusted here (CN=somebody else's CA)", serveTLS(t, certs.unknownCA).URL},
	} {
		host, port := hostPort(t, tc.server)
		o := run(t, "net.tls", map[string]any{"host": host, "port": port, "server_name": "localhost"})
		expectEqual(t, tc.name+" status", status(t, "net.tls", o), "fail")
		expectEqual(t, tc.name+" verified", o.Observed["verified"], any(false))
		expectEqual(t, tc.name+" error_kind", o.ErrorKind, ErrorKind(tc.kind))
		expectEqual(t, tc.name+" verify_error", o.Observed["verify_error"], any(tc.words))
		expectEqual(t, tc.name+" message", o.Message, net.JoinHostPort(host, strconv.FormatInt(port, 10))+" presents a certificate that does not verify: "+tc.words)
	}
	host, port := hostPort(t, serveTLS(t, certs.expired).URL)
	o := run(t, "net.tls", map[string]any{"host": host, "port": port})
	if left, _ := o.Observed["days_left"].(int64); left != -10 && left != -11 {
		t.Errorf("days_left of a certificate expired 10 days ago = %d", left)
	}
}

func TestTLSNoConnection(t *testing.T) {
	addr := testutil.ClosedAddr(t)
	host, port := hostPort(t, "https://"+addr)
	o := run(t, "net.tls", map[string]any{"host": host, "port": port})
	expectEqual(t, "status", status(t, "net.tls", o), "fail")
	expectEqual(t, "error_kind", o.ErrorKind, "refused")
	if !strings.HasPrefix(o.Message, "no TLS connection to "+addr) {
		t.Errorf("message = %q", o.Message)
	}

	// A server that accepts but never speaks TLS: the handshake times out.
	silent := testutil.Listen(t)
	host, port = hostPort(t, "https://"+silent.Addr().String())
	o = testutil.Returns(t, "net.tls of a server that never speaks, with a 300ms timeout", func() Outcome {
		return run(t, "net.tls", map[string]any{"host": host, "port": port, "timeout": "300ms"})
	})
	expectEqual(t, "handshake error_kind", o.ErrorKind, "timeout")
}

// TestTLSCommonNameOnly: a certificate naming its host only in the Common
// Name fails, and the message says why instead of "for x, not x".
func TestTLSCommonNameOnly(t *testing.T) {
	ca := testutil.NewCA(t, "tsr test CA")
	setVar(t, &tlsRoots, ca.Pool())
	srv := serveTLS(t, ca.LeafCommonNameOnly(t, time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour), "127.0.0.1"))
	host, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	p, _ := strconv.Atoi(port)
	o := run(t, "net.tls", map[string]any{"host": host, "port": int64(p)})
	expectEqual(t, "error_kind", o.ErrorKind, "tls_hostname")
	expectContains(t, "message", o.Message, "names 127.0.0.1 only in its Common Name")
}
