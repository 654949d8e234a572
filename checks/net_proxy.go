package checks

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"
	"time"

	xproxy "golang.org/x/net/proxy"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "net.proxy",
			Title: "Web proxy works",
			Doc: "Finds the proxy in effect for a URL, as a browser would (the HTTPS_PROXY, HTTP_PROXY and NO_PROXY environment variables; " +
				"on Windows also the Internet settings, their PAC script and WinHTTP), then whether it answers and opens a tunnel to the URL's host. " +
				"No proxy configured is a pass that says so.",
			Params: []Param{
				{Name: "url", Kind: KindString, Default: "https://example.com/", Check: HTTPURL, Doc: "the address whose proxy is looked up and tunnelled to"},
				{Name: "timeout", Kind: KindDuration, Default: "5s", Doc: "how long connecting to the proxy and its answer may take"},
			},
			Fields: []Field{
				{Name: "configured", Kind: KindBool, Doc: "a proxy is in effect for the URL"},
				{Name: "source", Kind: KindString, Doc: `where the proxy is set ("HTTPS_PROXY", "Internet settings", "PAC http://wpad/wpad.dat", "WinHTTP"), or what sends the URL direct ("NO_PROXY"); empty when nothing is set`},
				{Name: "proxy", Kind: KindString, Doc: "the proxy's URL, its password hidden; empty when none"},
				{Name: "reachable", Kind: KindBool, Doc: "a TCP connection to the proxy opened"},
				{Name: "tunnel_ok", Kind: KindBool, Doc: "the proxy opened a tunnel (CONNECT) to the URL's host, or relayed a plain-HTTP request"},
				{Name: "latency", Kind: KindDuration, Doc: "time to connect to the proxy"},
			},
			// reachable and tunnel_ok are observed only when a proxy is configured:
			// with none, these defaults pass over them.
			Expect:     Assertions{"reachable": true, "tunnel_ok": true},
			ErrorKinds: join(dialKinds, tlsKinds, proxyKinds),
			Timeout:    5 * time.Second,
			Example:    "url: https://intranet.example.com/",
			Support:    Support{Linux: Works, Windows: Works, Darwin: Partial, Note: "macOS: the environment's proxy only, not the system settings"},
			Run:        runProxy,
		}
	})
}

// proxySetting is the proxy in effect for one URL and where it was set.
type proxySetting struct {
	URL    *url.URL // nil: direct
	Source string   // where it is set; with a nil URL, what excluded the URL (NO_PROXY), or empty
}

// describe says where connections to a URL go, for a message.
func (s proxySetting) describe() string {
	if s.URL == nil {
		return "direct"
	}
	return "through the proxy " + s.URL.Redacted() + " (from " + s.Source + ")"
}

// proxyInEffect finds the proxy a browser would use for target: the
// environment first (as curl and Go do), then the OS's settings.
func proxyInEffect(target *url.URL) (proxySetting, error) {
	if s, ok, err := envProxy(target, os.Getenv); ok || err != nil {
		return s, err
	}
	return systemProxy(target)
}

// ProxyFor is the proxy a browser would use for a request (nil: direct),
// for an http.Transport's Proxy: what tsr sends (an upload to a help desk)
// goes the way the user's browser goes, the OS's settings included.
func ProxyFor(req *http.Request) (*url.URL, error) {
	s, err := proxyInEffect(req.URL)
	return s.URL, err
}

// envProxy reads the proxy variables for target's scheme. ok says whether
// the environment decides (a proxy variable for the scheme is set).
func envProxy(target *url.URL, getenv func(string) string) (s proxySetting, ok bool, err error) {
	names := []string{"HTTPS_PROXY", "https_proxy"}
	if target.Scheme == "http" {
		names = []string{"HTTP_PROXY", "http_proxy"}
	}
	name, value := firstEnv(getenv, names...)
	if value == "" {
		return proxySetting{}, false, nil
	}
	_, noProxy := firstEnv(getenv, "NO_PROXY", "no_proxy")
	if noProxyMatch(noProxy, target) {
		return proxySetting{Source: "NO_PROXY"}, true, nil
	}
	u, err := url.Parse(value)
	if err != nil || u.Host == "" || !strings.Contains(value, "://") {
		// "proxy:3128" means http://proxy:3128, as in curl and Go.
		u, err = url.Parse("http://" + value)
	}
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "socks5") {
		return proxySetting{}, true, fmt.Errorf("%s=%q is not a proxy address such as http://proxy.example.com:3128", name, redactProxy(value))
	}
	return proxySetting{URL: u, Source: name}, true, nil
}

// redactProxy hides a password in a proxy setting that did not parse.
func redactProxy(v string) string {
	if at := strings.LastIndex(v, "@"); at >= 0 {
		start := strings.Index(v, "://") + 3 // 2 when there is no scheme
		if start < 3 {
			start = 0
		}
		return v[:start] + "xxxxx" + v[at:]
	}
	return v
}

// noProxyMatch reads NO_PROXY as Go's net/http and curl do: comma-separated
// host names (matching themselves and their subdomains, a leading dot
// allowed), IP addresses and CIDR ranges, each optionally with a port;
// "*" excludes everything. The loopback is never proxied.
func noProxyMatch(noProxy string, target *url.URL) bool {
	host := strings.ToLower(target.Hostname())
	ip := net.ParseIP(host)
	if host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return true
	}
	port := targetHostPort(target)[len(net.JoinHostPort(host, "")):]
	for _, entry := range strings.Split(noProxy, ",") {
		entry = strings.ToLower(strings.TrimSpace(entry))
		if entry == "*" {
			return true
		}
		if _, cidr, err := net.ParseCIDR(entry); err == nil {
			if ip != nil && cidr.Contains(ip) {
				return true
			}
			continue
		}
		if h, p, err := net.SplitHostPort(entry); err == nil {
			if p != port {
				continue
			}
			entry = h
		}
		entry = strings.TrimPrefix(strings.Trim(entry, "[]"), "*")
		switch {
		case entry == "":
		case ip != nil:
			if e := net.ParseIP(entry); e != nil && e.Equal(ip) {
				return true
			}
		case host == strings.TrimPrefix(entry, "."), strings.HasSuffix(host, "."+strings.TrimPrefix(entry, ".")):
			return true
		}
	}
	return false
}

// firstEnv returns the first of names that is set, and its value.
func firstEnv(getenv func(string) string, names ...string) (string, string) {
	for _, n := range names {
		if v := getenv(n); v != "" {
			return n, v
		}
	}
	return "", ""
}

// proxyChoice reads a check's proxy parameter, which ProxyParam (or its
// enum) let through: auto (the proxy in effect), direct (also spelt none,
// its tsr/1 name), or a proxy URL. Its error is the proxy in effect's.
func proxyChoice(param string, target *url.URL) (proxySetting, error) {
	switch strings.ToLower(param) {
	case "", "auto":
		return proxyInEffect(target)
	case "direct", "none":
		return proxySetting{}, nil
	}
	return proxySetting{URL: proxyParamURL(param), Source: "the check's proxy parameter"}, nil
}

// ProxyParam accepts a check's proxy parameter: auto, direct (also spelt
// none), or the URL of an http, https or socks5 proxy.
func ProxyParam(v any) error {
	s, _ := v.(string)
	switch strings.ToLower(s) {
	case "", "auto", "direct", "none":
		return nil
	}
	if proxyParamURL(s) == nil {
		return fmt.Errorf("%q: write auto, direct, or a proxy URL such as http://proxy.example.com:3128", s)
	}
	return nil
}

// proxyParamURL is the proxy URL a parameter names, or nil.
func proxyParamURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "socks5") {
		return nil
	}
	return u
}

// proxyHostPort is the proxy's host:port, with the default port of its scheme.
func proxyHostPort(p *url.URL) string {
	if p.Port() != "" {
		return p.Host
	}
	port := map[string]string{"http": "80", "https": "443", "socks5": "1080"}[p.Scheme]
	return net.JoinHostPort(p.Hostname(), port)
}

// targetHostPort is the URL's host:port, with the default port of its scheme.
func targetHostPort(u *url.URL) string {
	if u.Port() != "" {
		return u.Host
	}
	if u.Scheme == "http" {
		return net.JoinHostPort(u.Hostname(), "80")
	}
	return net.JoinHostPort(u.Hostname(), "443")
}

// errProxyStatus is a proxy's refusal to open a tunnel.
type errProxyStatus struct {
	Status string
	Code   int
}

func (e *errProxyStatus) Error() string { return "the proxy answered " + e.Status }

// proxyErrorKind names why a proxy failed: its refusal by status, else
// the connection's error kind.
func proxyErrorKind(err error) ErrorKind {
	var ps *errProxyStatus
	if errors.As(err, &ps) {
		if ps.Code == http.StatusProxyAuthRequired {
			return ErrorKindProxyAuth
		}
		return ErrorKindProxyRefused
	}
	return ErrorKindOf(err)
}

// dialProxy opens a connection to the proxy itself (TLS to an https:// proxy).
func dialProxy(ctx context.Context, p *url.URL) (net.Conn, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", proxyHostPort(p))
	if err != nil || p.Scheme != "https" {
		return conn, err
	}
	tc := tls.Client(conn, &tls.Config{ServerName: p.Hostname(), RootCAs: tlsRoots})
	if err := tc.HandshakeContext(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return tc, nil
}

// tunnel asks the proxy, over conn, for a tunnel to hostport (CONNECT).
func tunnel(ctx context.Context, conn net.Conn, p *url.URL, hostport string) error {
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline)
		defer conn.SetDeadline(time.Time{})
	}
	req := "CONNECT " + hostport + " HTTP/1.1\r\nHost: " + hostport + "\r\n" + proxyAuth(p) + "\r\n"
	if _, err := conn.Write([]byte(req)); err != nil {
		return err
	}
	// The answer is read byte by byte so that nothing of the tunnel's first
	// bytes is swallowed by a buffer.
	resp, err := http.ReadResponse(bufio.NewReaderSize(byteReader{conn}, 16), &http.Request{Method: http.MethodConnect})
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return &errProxyStatus{Status: resp.Status, Code: resp.StatusCode}
	}
	return nil
}

// byteReader reads one byte at a time.
type byteReader struct{ conn net.Conn }

func (r byteReader) Read(b []byte) (int, error) {
	if len(b) > 1 {
		b = b[:1]
	}
	return r.conn.Read(b)
}

// proxyAuth is the Proxy-Authorization header line for a proxy URL with
// credentials, else nothing.
func proxyAuth(p *url.URL) string {
	if p.User == nil {
		return ""
	}
	pass, _ := p.User.Password()
	return "Proxy-Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte(p.User.Username()+":"+pass)) + "\r\n"
}

// dialVia connects to hostport through the proxy: a CONNECT tunnel, or a
// SOCKS5 connection.
func dialVia(ctx context.Context, p *url.URL, hostport string) (net.Conn, error) {
	if p.Scheme == "socks5" {
		d, err := xproxy.FromURL(p, &net.Dialer{})
		if err != nil {
			return nil, err
		}
		return d.(xproxy.ContextDialer).DialContext(ctx, "tcp", hostport)
	}
	conn, err := dialProxy(ctx, p)
	if err != nil {
		return nil, &net.OpError{Op: "proxyconnect", Net: "tcp", Err: err}
	}
	if err := tunnel(ctx, conn, p, hostport); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

func runProxy(ctx context.Context, _ *Env, p Params) Outcome {
	target, _ := url.Parse(p.String("url")) // HTTPURL let only a URL through
	s, err := proxyInEffect(target)
	if err != nil {
		o := Failed(ErrorKindConfig, "the proxy setting is wrong: %v", err)
		o.Observed = map[string]any{"configured": true, "reachable": false, "tunnel_ok": false}
		return o
	}
	obs := map[string]any{"configured": s.URL != nil, "source": s.Source, "proxy": ""}
	if s.URL == nil {
		msg := "No proxy is configured for " + target.Host + ": connections go direct"
		if s.Source != "" {
			msg = "No proxy for " + target.Host + ": " + s.Source + " sends it direct"
		}
		return Outcome{Observed: obs, Message: msg}
	}
	obs["proxy"] = s.URL.Redacted()
	obs["reachable"], obs["tunnel_ok"] = false, false
	where := "the proxy " + s.URL.Redacted() + " (from " + s.Source + ")"
	ctx, cancel := context.WithTimeout(ctx, p.Duration("timeout"))
	defer cancel()
	start := time.Now()
	conn, err := dialProxy(ctx, s.URL)
	if err != nil {
		o := Failed(ErrorKindOf(err), "%s cannot be reached: %s", where, Why(err))
		o.Observed = obs
		return o
	}
	defer conn.Close()
	obs["reachable"], obs["latency"] = true, time.Since(start)
	hostport := targetHostPort(target)
	if s.URL.Scheme == "socks5" {
		conn.Close()
		conn, err = dialVia(ctx, s.URL, hostport)
		if err == nil {
			conn.Close()
		}
	} else if target.Scheme == "http" {
		err = relay(ctx, conn, s.URL, target)
	} else {
		err = tunnel(ctx, conn, s.URL, hostport)
	}
	if err != nil {
		kind := proxyErrorKind(err)
		words := Why(err)
		if kind == ErrorKindProxyAuth {
			words = "it asks for a sign-in (407) that tsr does not have"
		} else if kind == ErrorKindProxyRefused {
			words = err.Error()
		}
		o := Failed(kind, "%s answers but does not reach %s: %s", where, hostport, words)
		o.Observed = obs
		return o
	}
	obs["tunnel_ok"] = true
	return Outcome{Observed: obs, Message: where + " answers in " + FormatDuration(obs["latency"].(time.Duration)) +
		" and reaches " + hostport}
}

// relay sends a plain-HTTP request for target through the proxy on conn:
// it works when the proxy relays an answer that is not its own refusal.
func relay(ctx context.Context, conn net.Conn, p *url.URL, target *url.URL) error {
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline)
	}
	req := "HEAD " + withRootPath(target).String() + " HTTP/1.1\r\nHost: " + target.Host + "\r\n" + proxyAuth(p) + "Connection: close\r\n\r\n"
	if _, err := conn.Write([]byte(req)); err != nil {
		return err
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: http.MethodHead})
	if err != nil {
		return err
	}
	resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusProxyAuthRequired, http.StatusBadGateway, http.StatusGatewayTimeout:
		return &errProxyStatus{Status: resp.Status, Code: resp.StatusCode}
	}
	return nil
}

// winProxyFor picks the proxy for target from Windows' two proxy strings
// (Internet settings and WinHTTP write them alike): server is "host:port"
// for every scheme or "http=host:port;https=host:port;socks=host:port",
// bypass is "<local>;*.example.com;10.*". A nil URL: direct, and bypassed
// says whether the bypass list made it so.
func winProxyFor(target *url.URL, server, bypass string) (proxy *url.URL, bypassed bool, err error) {
	host := strings.ToLower(target.Hostname())
	for _, pattern := range strings.FieldsFunc(bypass, isListSep) {
		pattern = strings.ToLower(pattern)
		if pattern == "<local>" && !strings.Contains(host, ".") {
			return nil, true, nil
		}
		if ok, _ := path.Match(pattern, host); ok {
			return nil, true, nil
		}
	}
	var chosen, socks string
	for _, entry := range strings.FieldsFunc(server, isListSep) {
		scheme, addr, perScheme := strings.Cut(entry, "=")
		switch {
		case !perScheme:
			chosen = entry
		case strings.EqualFold(scheme, target.Scheme):
			chosen = addr
		case strings.EqualFold(scheme, "socks"):
			socks = addr
		}
		if chosen != "" {
			break
		}
	}
	if chosen == "" && socks != "" {
		chosen = "socks5://" + socks
	}
	if chosen == "" {
		return nil, false, nil
	}
	if !strings.Contains(chosen, "://") {
		chosen = "http://" + chosen
	}
	u, err := url.Parse(chosen)
	if err != nil || u.Host == "" {
		return nil, false, fmt.Errorf("%q is not a proxy address", chosen)
	}
	return u, false, nil
}

func isListSep(r rune) bool { return r == ';' || r == ' ' || r == '\t' || r == ',' }
