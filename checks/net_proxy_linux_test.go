package checks

import (
	"crypto/tls"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tsrhq/tsr/internal/testutil"
	"golang.org/x/sys/unix"
)

// inNamespace runs f on a thread that has entered network namespace ns:
// sockets f opens live in ns, wherever they are used afterwards. The
// thread returns to its own namespace after: it may be the process's main
// thread, whose namespace is what /proc/self/net shows every thread.
func inNamespace(t *testing.T, ns string, f func() error) {
	t.Helper()
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		home, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			errc <- err
			return
		}
		defer unix.Close(home)
		fd, err := unix.Open("/run/netns/"+ns, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			errc <- err
			return
		}
		defer unix.Close(fd)
		if err := unix.Setns(fd, unix.CLONE_NEWNET); err != nil {
			errc <- err
			return
		}
		err = f()
		if unix.Setns(home, unix.CLONE_NEWNET) == nil {
			runtime.UnlockOSThread() // else the thread ends with this goroutine
		}
		errc <- err
	}()
	if err := <-errc; err != nil {
		t.Fatalf("in namespace %s: %v", ns, err)
	}
}

// listenIn opens a TCP listener on addr inside namespace ns.
func listenIn(t *testing.T, ns, addr string) net.Listener {
	t.Helper()
	var ln net.Listener
	inNamespace(t, ns, func() (err error) {
		ln, err = net.Listen("tcp", addr)
		return err
	})
	t.Cleanup(func() { ln.Close() })
	return ln
}

// serveIn serves handler on addr inside ns, over TLS when cert is given.
func serveIn(t *testing.T, ns, addr string, handler http.Handler, cert *tls.Certificate) {
	t.Helper()
	ln := listenIn(t, ns, addr)
	srv := &http.Server{Handler: handler, ErrorLog: discardLog}
	if cert != nil {
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{*cert}})
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
}

// proxyLab is a client (10.213.0.1) and a server (10.213.0.2) whose ports
// 443 and 8443 answer only through its tinyproxy (:8888, and :8889 asking
// for a password); port 80 answers anyone, 204 on /generate_204.
func proxyLab(t *testing.T) (client, server, rootsPEM string) {
	client, server = twoHosts(t)
	ca := testutil.NewCA(t, "proxy lab CA")
	rootsPEM = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Cert.Raw}))
	leaf := ca.Leaf(t, time.Now().Add(-time.Hour), time.Now().Add(90*24*time.Hour), "10.213.0.2")
	serveIn(t, server, "10.213.0.2:80", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/generate_204" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Write([]byte("plain"))
	}), nil)
	serveIn(t, server, "10.213.0.2:443", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("hello"))
	}), &leaf)
	testutil.Tinyproxy(t, server, "10.213.0.2:8888")
	testutil.Tinyproxy(t, server, "10.213.0.2:8889", "BasicAuth alice s3cret")
	// Direct HTTPS from the client is dropped: only the proxy (whose
	// connections come over lo) gets through.
	testutil.Nft(t, server, `table inet tsrtest {
  chain in { type filter hook input priority 0; iifname "b0" tcp dport 443 drop; }
}`)
	return client, server, rootsPEM
}

func TestNetnsProxy(t *testing.T) {
	testutil.NeedNetns(t)
	client, _, roots := proxyLab(t)
	const proxy, dead, locked = "http://10.213.0.2:8888", "http://10.213.0.2:9", "http://10.213.0.2:8889"
	behind := map[string]string{"HTTPS_PROXY": proxy, "http_proxy": proxy}
	ask := func(env map[string]string, typ string, with map[string]any) Outcome {
		return inNetns(t, client, netnsRequest{Type: typ, With: with, Env: env, RootsPEM: roots})
	}

	t.Run("working proxy, direct HTTPS blocked", func(t *testing.T) {
		o := ask(behind, "net.proxy", map[string]any{"url": "https://10.213.0.2/"})
		wantObserved(t, o, map[string]any{"configured": true, "source": "HTTPS_PROXY", "proxy": proxy, "reachable": true, "tunnel_ok": true})
		expectEqual(t, "status", status(t, "net.proxy", o), "pass")
		expectContains(t, "message", o.Message, "the proxy "+proxy+" (from HTTPS_PROXY) answers in ")

		o = ask(behind, "net.tls", map[string]any{"host": "10.213.0.2"})
		expectEqual(t, "tls status", status(t, "net.tls", o), "pass")
		wantObserved(t, o, map[string]any{"verified": true, "via_proxy": proxy})
		expectContains(t, "tls message", o.Message, "(through the proxy "+proxy+", from HTTPS_PROXY)")

		o = ask(behind, "net.http", map[string]any{"url": "https://10.213.0.2/"})
		expectEqual(t, "http status", status(t, "net.http", o), "pass")
		wantObserved(t, o, map[string]any{"status": int64(200), "via_proxy": proxy})
		expectContains(t, "http message", o.Message, "through the proxy "+proxy+" (from HTTPS_PROXY)")

		o = ask(behind, "net.portal", map[string]any{"url": "http://10.213.0.2/generate_204"})
		wantObserved(t, o, map[string]any{"captive": false, "status": int64(204)})
		expectContains(t, "portal message", o.Message, "(through the proxy "+proxy+")")

		// proxy: direct goes the blocked way.
		o = ask(behind, "net.tls", map[string]any{"host": "10.213.0.2", "proxy": "direct", "timeout": "1s"})
		expectEqual(t, "direct tls status", status(t, "net.tls", o), "fail")
		expectEqual(t, "direct tls error_kind", o.ErrorKind, "timeout")
		wantObserved(t, o, map[string]any{"via_proxy": ""})
	})

	t.Run("no proxy", func(t *testing.T) {
		o := ask(nil, "net.proxy", map[string]any{"url": "https://10.213.0.2/"})
		wantObserved(t, o, map[string]any{"configured": false, "source": "", "proxy": ""})
		expectEqual(t, "status", status(t, "net.proxy", o), "pass")
		expectEqual(t, "message", o.Message, "No proxy is configured for 10.213.0.2: connections go direct")

		o = ask(map[string]string{"HTTPS_PROXY": dead, "NO_PROXY": "example.com,10.213.0.0/24"}, "net.proxy", map[string]any{"url": "https://10.213.0.2/"})
		wantObserved(t, o, map[string]any{"configured": false, "source": "NO_PROXY"})
		expectEqual(t, "excluded status", status(t, "net.proxy", o), "pass")
	})

	t.Run("dead proxy", func(t *testing.T) {
		env := map[string]string{"HTTPS_PROXY": dead, "HTTP_PROXY": dead}
		o := ask(env, "net.proxy", map[string]any{"url": "https://10.213.0.2/"})
		wantObserved(t, o, map[string]any{"configured": true, "reachable": false, "tunnel_ok": false})
		expectEqual(t, "status", status(t, "net.proxy", o), "fail")
		expectEqual(t, "error_kind", o.ErrorKind, "refused")
		expectContains(t, "message", o.Message, "the proxy "+dead+" (from HTTPS_PROXY) cannot be reached: connection refused")

		o = ask(env, "net.tls", map[string]any{"host": "10.213.0.2"})
		expectEqual(t, "tls error_kind", o.ErrorKind, "refused")
		expectContains(t, "tls message", o.Message, "the proxy "+dead+" could not be reached")

		// A portal would block the proxy too: the probe asks directly then.
		o = ask(env, "net.portal", map[string]any{"url": "http://10.213.0.2/generate_204"})
		wantObserved(t, o, map[string]any{"captive": false, "status": int64(204)})
		expectContains(t, "portal message", o.Message, "(the proxy "+dead+" did not answer; asked directly)")
	})

	t.Run("proxy wants a password", func(t *testing.T) {
		o := ask(map[string]string{"HTTPS_PROXY": locked}, "net.proxy", map[string]any{"url": "https://10.213.0.2/"})
		wantObserved(t, o, map[string]any{"reachable": true, "tunnel_ok": false})
		expectEqual(t, "error_kind", o.ErrorKind, "proxy_auth")
		expectContains(t, "message", o.Message, "asks for a sign-in (407)")

		withPassword := "http://alice:s3cret@10.213.0.2:8889"
		o = ask(map[string]string{"HTTPS_PROXY": withPassword}, "net.proxy", map[string]any{"url": "https://10.213.0.2/"})
		wantObserved(t, o, map[string]any{"reachable": true, "tunnel_ok": true, "proxy": "http://alice:xxxxx@10.213.0.2:8889"})
		if strings.Contains(fmt.Sprint(o), "s3cret") {
			t.Errorf("the password shows: %+v", o)
		}
	})
}
