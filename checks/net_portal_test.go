package checks

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
)

// portalServer answers the probe path as the handler says.
func portalServer(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	testutil.NeedLoopback(t)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestPortal(t *testing.T) {
	open := portalServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	o := run(t, "net.portal", map[string]any{"url": open + "/generate_204"})
	expectEqual(t, "open status", status(t, "net.portal", o), "pass")
	wantObserved(t, o, map[string]any{"captive": false, "status": int64(204), "redirect": ""})
	expectContains(t, "open message", o.Message, "No captive portal: "+open+"/generate_204 answered 204 No Content as it should")

	redirecting := portalServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://portal.hotel.test/login?next=x", http.StatusFound)
	})
	o = run(t, "net.portal", map[string]any{"url": redirecting + "/generate_204"})
	expectEqual(t, "redirect status", status(t, "net.portal", o), "fail")
	wantObserved(t, o, map[string]any{"captive": true, "status": int64(302), "redirect": "http://portal.hotel.test/login?next=x"})
	expectContains(t, "redirect message", o.Message, "A captive portal intercepts web traffic: "+redirecting+"/generate_204 was redirected (302) to http://portal.hotel.test/login?next=x")

	page := portalServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html>Welcome! Accept the terms</html>"))
	})
	o = run(t, "net.portal", map[string]any{"url": page + "/generate_204"})
	expectEqual(t, "page status", status(t, "net.portal", o), "fail")
	wantObserved(t, o, map[string]any{"captive": true, "status": int64(200), "redirect": ""})
	expectContains(t, "page message", o.Message, "answered 200 OK with a page of its own instead of status 204")

	// A probe that answers with a known body.
	success := portalServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("success\n")) })
	o = run(t, "net.portal", map[string]any{"url": success + "/success.txt", "expect_body": "success"})
	expectEqual(t, "body status", status(t, "net.portal", o), "pass")
	o = run(t, "net.portal", map[string]any{"url": page + "/success.txt", "expect_body": "success"})
	expectEqual(t, "wrong body status", status(t, "net.portal", o), "fail")
	expectContains(t, "wrong body message", o.Message, `instead of the body "success"`)
}

// TestPortalNoAnswer: a portal answers, so that people can sign in; no
// answer at all is no portal, and the next checks say what is wrong.
func TestPortalNoAnswer(t *testing.T) {
	addr := testutil.ClosedAddr(t)
	o := run(t, "net.portal", map[string]any{"url": "http://" + addr + "/generate_204"})
	expectEqual(t, "status", status(t, "net.portal", o), "pass")
	expectEqual(t, "error_kind", o.ErrorKind, "refused")
	wantObserved(t, o, map[string]any{"captive": false})
	expectContains(t, "message", o.Message, "No captive portal answered: GET http://"+addr+"/generate_204 got no answer (connection refused")
}

// TestPortalHTTPSUntrusted: an https:// probe whose certificate is not
// trusted here ends with the TLS kind, which net.portal declares.
func TestPortalHTTPSUntrusted(t *testing.T) {
	testutil.NeedLoopback(t)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is the point
	srv.StartTLS()
	t.Cleanup(srv.Close)
	o := run(t, "net.portal", map[string]any{"url": srv.URL + "/generate_204", "proxy": "direct"})
	expectEqual(t, "error_kind", o.ErrorKind, ErrorKindTLSUnknownAuthority)
	expectContains(t, "message", o.Message, "got no answer (certificate is signed by an authority not trusted here")
}
