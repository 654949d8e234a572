package checks

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
)

// serveHTTP starts a plain HTTP server with a few scripted pages.
func serveHTTP(t *testing.T) *httptest.Server {
	testutil.NeedLoopback(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("hello " + r.Header.Get("X-Ticket") + " " + r.Host + " " + r.Method))
	})
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/moved", http.StatusFound) })
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/", http.StatusMovedPermanently) })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/missing", http.NotFound)
	// /slow never answers: only the client's timeout ends a request.
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestHTTPGet(t *testing.T) {
	srv := serveHTTP(t)
	o := run(t, "net.http", map[string]any{"url": srv.URL + "/", "proxy": "none", "headers": map[string]any{"X-Ticket": "T-42"}})
	expectEqual(t, "status", status(t, "net.http", o), "pass")
	expectEqual(t, "status code", o.Observed["status"], any(int64(200)))
	expectEqual(t, "body", o.Observed["body"], any("hello T-42 "+strings.TrimPrefix(srv.URL, "http://")+" GET"))
	expectEqual(t, "content_type", o.Observed["content_type"], any("text/plain; charset=utf-8"))
	expectEqual(t, "final_url", o.Observed["final_url"], any(srv.URL+"/"))
	expectEqual(t, "redirects", o.Observed["redirects"], any(int64(0)))
	expectEqual(t, "tls_version", o.Observed["tls_version"], any(""))
	expectEqual(t, "proxy_used", o.Observed["proxy_used"], any(""))
	if _, ok := o.Observed["cert_days_left"]; ok {
		t.Error("cert_days_left observed over plain HTTP")
	}
	expectContains(t, "message", o.Message, "GET "+srv.URL+"/ → 200 OK in ")
}

// A URL without a path asks for "/", and says so, as curl does; so does
// a redirect to one.
func TestHTTPNoPath(t *testing.T) {
	testutil.NeedLoopback(t)
	srv := serveHTTP(t)
	o := run(t, "net.http", map[string]any{"url": srv.URL, "proxy": "none"})
	expectEqual(t, "final_url", o.Observed["final_url"], any(srv.URL+"/"))
	expectContains(t, "message", o.Message, "GET "+srv.URL+"/ → 200 OK in ")
	o = run(t, "net.http", map[string]any{"url": srv.URL + "?q=1", "proxy": "none"})
	expectEqual(t, "final_url with a query", o.Observed["final_url"], any(srv.URL+"/?q=1"))

	away := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", srv.URL)
		w.WriteHeader(http.StatusFound)
	}))
	t.Cleanup(away.Close)
	o = run(t, "net.http", map[string]any{"url": away.URL + "/go", "proxy": "none"})
	expectEqual(t, "final_url after a redirect", o.Observed["final_url"], any(srv.URL+"/"))
	expectContains(t, "message after a redirect", o.Message, "after 1 redirect to "+srv.URL+"/")
}

func TestHTTPRedirects(t *testing.T) {
	srv := serveHTTP(t)
	o := run(t, "net.http", map[string]any{"url": srv.URL + "/old", "proxy": "none"})
	expectEqual(t, "redirects", o.Observed["redirects"], any(int64(2)))
	expectEqual(t, "final_url", o.Observed["final_url"], any(srv.URL+"/"))
	expectEqual(t, "status code", o.Observed["status"], any(int64(200)))
	expectContains(t, "message", o.Message, "after 2 redirects to "+srv.URL+"/")

	o = run(t, "net.http", map[string]any{"url": srv.URL + "/old", "proxy": "none", "follow_redirects": false})
	expectEqual(t, "unfollowed status", o.Observed["status"], any(int64(302)))
	expectEqual(t, "unfollowed redirects", o.Observed["redirects"], any(int64(0)))

	o = run(t, "net.http", map[string]any{"url": srv.URL + "/loop", "proxy": "none"})
	expectEqual(t, "loop status", status(t, "net.http", o), "fail")
	expectEqual(t, "loop error_kind", o.ErrorKind, "too_many_redirects")
}

func TestHTTPFailures(t *testing.T) {
	srv := serveHTTP(t)
	o := run(t, "net.http", map[string]any{"url": srv.URL + "/missing", "proxy": "none", "method": "head"})
	expectEqual(t, "404 status", status(t, "net.http", o), "fail")
	expectEqual(t, "404 code", o.Observed["status"], any(int64(404)))
	expectContains(t, "404 message", o.Message, "HEAD "+srv.URL+"/missing → 404 Not Found")

	o = testutil.Returns(t, "net.http of a server that never answers, with a 300ms timeout", func() Outcome {
		return run(t, "net.http", map[string]any{"url": srv.URL + "/slow", "proxy": "none", "timeout": "300ms"})
	})
	expectEqual(t, "slow status", status(t, "net.http", o), "fail")
	expectEqual(t, "slow error_kind", o.ErrorKind, "timeout")
	expectEqual(t, "slow message", o.Message, "GET "+srv.URL+"/slow failed: no answer before the timeout")
}

func TestHTTPAddressKeepsHost(t *testing.T) {
	srv := serveHTTP(t)
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	// portal.test does not resolve anywhere: only the address override reaches it.
	o := run(t, "net.http", map[string]any{"url": "http://portal.test:" + port + "/", "address": "127.0.0.1", "proxy": "none"})
	expectEqual(t, "status code", o.Observed["status"], any(int64(200)))
	body, _ := o.Observed["body"].(string)
	expectContains(t, "body", body, " portal.test:"+port+" ")
}

func TestHTTPProxy(t *testing.T) {
	testutil.NeedLoopback(t)
	var asked string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = r.URL.String() // a proxy is asked for the absolute URL
		w.Write([]byte("from the proxy"))
	}))
	t.Cleanup(proxy.Close)
	o := run(t, "net.http", map[string]any{"url": "http://portal.test/page", "proxy": proxy.URL})
	expectEqual(t, "status code", o.Observed["status"], any(int64(200)))
	expectEqual(t, "proxy_used", o.Observed["proxy_used"], any(proxy.URL))
	expectEqual(t, "via_proxy", o.Observed["via_proxy"], any(proxy.URL))
	expectEqual(t, "proxy asked for", asked, "http://portal.test/page")
	expectContains(t, "message", o.Message, "through the proxy "+proxy.URL+" (from the check's proxy parameter)")
}

func TestHTTPS(t *testing.T) {
	certs := testCerts(t)
	srv := serveTLS(t, certs.valid)
	o := run(t, "net.http", map[string]any{"url": srv.URL, "proxy": "none"})
	expectEqual(t, "status", status(t, "net.http", o), "pass")
	expectEqual(t, "tls_version", o.Observed["tls_version"], any("TLS 1.3"))
	expectEqual(t, "cert_days_left", o.Observed["cert_days_left"], any(int64(90)))
	typ, _ := Lookup("net.http") // the report says 90 days, not 90
	expectEqual(t, "unit of cert_days_left", typ.JudgeDefaults(o).Units["cert_days_left"], UnitDays)
	expectEqual(t, "body", o.Observed["body"], any("hello"))

	for _, tc := range []struct {
		name, kind, words string
		srv               *httptest.Server
	}{
		{"expired", "tls_expired", "certificate expired on", serveTLS(t, certs.expired)},
		{"not yet valid", "tls_not_yet_valid", "certificate is not valid until", serveTLS(t, certs.notYetValid)},
		{"wrong host", "tls_hostname", "certificate is for other.test, not 127.0.0.1", serveTLS(t, certs.wrongHost)},
		{"unknown CA", "tls_unknown_authority", "not trusted here", serveTLS(t, certs.unknownCA)},
	} {
		o := run(t, "net.http", map[string]any{"url": tc.srv.URL, "proxy": "none"})
		expectEqual(t, tc.name+" status", status(t, "net.http", o), "fail")
		expectEqual(t, tc.name+" error_kind", o.ErrorKind, ErrorKind(tc.kind))
		expectContains(t, tc.name+" message", o.Message, tc.words)

		o = run(t, "net.http", map[string]any{"url": tc.srv.URL, "proxy": "none", "insecure": true})
		expectEqual(t, tc.name+" insecure status", status(t, "net.http", o), "pass")
	}
}

func TestHTTPDeadProxyIsNamed(t *testing.T) {
	closed := testutil.ClosedAddr(t) // the proxy refuses
	o := run(t, "net.http", map[string]any{"url": "http://127.0.0.1:1/x", "proxy": "http://u:pw@" + closed + "/", "timeout": "2s"})
	expectContains(t, "message", o.Message, "the proxy http://u:xxxxx@"+closed)
	expectEqual(t, "error_kind", o.ErrorKind, "refused")
}
