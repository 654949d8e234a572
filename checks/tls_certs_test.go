package checks

import (
	"crypto/tls"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/tsrhq/tsr/internal/testutil"
)

// certSet is the certificates the TLS tests serve, all for localhost and
// 127.0.0.1 unless the name says otherwise; trusted is the only CA in tlsRoots.
type certSet struct {
	valid, shortLived, expired, notYetValid, wrongHost, unknownCA tls.Certificate
}

func testCerts(t *testing.T) certSet {
	t.Helper()
	trusted, stranger := testutil.NewCA(t, "tsr test CA"), testutil.NewCA(t, "somebody else's CA")
	setVar(t, &tlsRoots, trusted.Pool())
	now, day := time.Now(), 24*time.Hour
	return certSet{
		valid:       trusted.Leaf(t, now.Add(-day), now.Add(90*day+time.Hour), "localhost", "127.0.0.1"),
		shortLived:  trusted.Leaf(t, now.Add(-day), now.Add(5*day+time.Hour), "localhost", "127.0.0.1"),
		expired:     trusted.Leaf(t, now.Add(-30*day), now.Add(-10*day), "localhost", "127.0.0.1"),
		notYetValid: trusted.Leaf(t, now.Add(10*day), now.Add(100*day), "localhost", "127.0.0.1"),
		wrongHost:   trusted.Leaf(t, now.Add(-day), now.Add(90*day), "other.test"),
		unknownCA:   stranger.Leaf(t, now.Add(-day), now.Add(90*day), "localhost", "127.0.0.1"),
	}
}

// discardLog swallows the handshake errors the bad-certificate tests provoke.
var discardLog = log.New(io.Discard, "", 0)

// serveTLS starts an HTTPS server presenting cert; it answers "hello".
func serveTLS(t *testing.T, cert tls.Certificate) *httptest.Server {
	t.Helper()
	testutil.NeedLoopback(t)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("hello"))
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.Config.ErrorLog = discardLog
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}
