package checks

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

const httpBodyLimit = 64 << 10

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "net.http",
			Title: "Web address answers",
			Doc:   "Sends one HTTP request and reads the start of the response: status, time, redirects, the proxy used and, for HTTPS, the TLS version and certificate expiry.",
			Params: []Param{
				{Name: "url", Kind: KindString, Required: true, Check: HTTPURL, Doc: "the http:// or https:// address to request"},
				{Name: "method", Kind: KindString, Default: "GET", Enum: []string{"GET", "HEAD", "OPTIONS"}, Doc: "the HTTP method; only those that change nothing"},
				{Name: "headers", Kind: KindMap, Doc: "extra request headers, name: value"},
				{Name: "address", Kind: KindString, Check: dialAddress, Doc: "an IP (or IP:port) to connect to instead of resolving the URL's host; Host and SNI stay the URL's (direct connections only)"},
				{Name: "insecure", Kind: KindBool, Default: false, Doc: "accept any certificate"},
				{Name: "follow_redirects", Kind: KindBool, Default: true, Doc: "follow up to 10 redirects"},
				{Name: "proxy", Kind: KindString, Default: "auto", Check: ProxyParam, Doc: `"auto": the proxy in effect, as a browser would (HTTPS_PROXY, HTTP_PROXY and NO_PROXY; on Windows also the Internet settings, PAC and WinHTTP); "direct" (or "none"): never a proxy; or a proxy URL`},
				{Name: "timeout", Kind: KindDuration, Default: "5s", Doc: "how long the whole exchange may take"},
			},
			Fields: []Field{
				{Name: "status", Kind: KindInt, Doc: "the HTTP status code of the last response"},
				{Name: "latency", Kind: KindDuration, Doc: "time from sending the request until the last response's headers arrived, redirects included"},
				{Name: "final_url", Kind: KindString, Doc: "the address of the last response, after redirects"},
				{Name: "redirects", Kind: KindInt, Doc: "how many redirects were followed"},
				{Name: "tls_version", Kind: KindString, Doc: `the TLS version of the last response ("TLS 1.3"); empty over plain HTTP`},
				{Name: "cert_days_left", Kind: KindInt, Unit: UnitDays, Doc: "whole days until the server certificate expires (HTTPS only)"},
				{Name: "via_proxy", Kind: KindString, Doc: "the proxy the request went through, its password hidden; empty when direct"},
				{Name: "proxy_used", Kind: KindString, Doc: "the same as via_proxy (its tsr/1 name)"},
				{Name: "body", Kind: KindString, Doc: "the first 64 KiB of the response body"},
				{Name: "content_type", Kind: KindString, Doc: "the Content-Type of the response"},
			},
			Expect:     Assertions{"status": "< 400"},
			ErrorKinds: join(dialKinds, tlsKinds, []ErrorKind{ErrorKindTooManyRedirects, ErrorKindHTTP4xx, ErrorKindHTTP5xx, ErrorKindProxy}, proxyKinds),
			Timeout:    5 * time.Second,
			Example:    "url: https://example.com/\nheaders: { Accept: text/html }",
			Support:    Portable,
			Run:        runHTTP,
		}
	})
}

func runHTTP(ctx context.Context, _ *Env, p Params) Outcome {
	h, bad := newHTTPProbe(p)
	if bad != nil {
		return *bad
	}
	client := h.client()
	defer client.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(ctx, p.Duration("timeout"))
	defer cancel()
	req, err := h.request(ctx)
	if err != nil { // Go refuses what the parameters' checks let through: say it as Go does
		return Errored(ErrorKindOther, "cannot build the request: %v", err)
	}
	start := time.Now()
	resp, err := client.Do(req)
	latency := time.Since(start)
	if err != nil {
		return h.failed(err)
	}
	defer resp.Body.Close()
	return h.answered(resp, latency)
}

// httpProbe is one net.http check: what it asks, and what it saw on the
// way (the proxy and address it went through, the redirects it followed).
type httpProbe struct {
	p       Params
	method  string
	target  *url.URL
	setting proxySetting // the proxy for the target, and where that came from

	mu          sync.Mutex // the transport reports from its own goroutines
	proxyUsed   string     // the proxy a request went through, its password hidden
	connectedTo string     // the address dialled last
	redirects   int64
}

// newHTTPProbe reads the parameters, their values already checked by
// their declarations, or returns the outcome of a proxy in effect that
// cannot be used.
func newHTTPProbe(p Params) (*httpProbe, *Outcome) {
	target, _ := url.Parse(p.String("url")) // HTTPURL let only a URL through
	target = withRootPath(target)
	setting, err := proxyChoice(p.String("proxy"), target)
	if err != nil {
		o := Failed(ErrorKindConfig, "%s was not requested: the proxy setting is wrong: %v", target, err)
		return nil, &o
	}
	return &httpProbe{p: p, method: p.String("method"), target: target, setting: setting}, nil
}

// client is an HTTP client that goes through the chosen proxy (a redirect
// elsewhere through the proxy for there), dials the address asked for, and
// records what it went through.
func (h *httpProbe) client() *http.Client {
	dial := dialFunc(h.p.String("address"), h.target.Hostname())
	transport := &http.Transport{
		Proxy: func(r *http.Request) (*url.URL, error) {
			u, err := h.setting.URL, error(nil)
			if r.URL.Scheme != h.target.Scheme || r.URL.Host != h.target.Host {
				var s proxySetting
				s, err = proxyChoice(h.p.String("proxy"), r.URL) // a redirect elsewhere
				u = s.URL
			}
			if u != nil {
				h.mu.Lock()
				h.proxyUsed = u.Redacted()
				h.mu.Unlock()
			}
			return u, err
		},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := dial(ctx, network, addr)
			h.mu.Lock()
			defer h.mu.Unlock()
			if conn != nil {
				h.connectedTo = conn.RemoteAddr().String()
			} else if to := dialedAddr(err); to != "" {
				h.connectedTo = to
			}
			return conn, err
		},
		TLSClientConfig:   &tls.Config{InsecureSkipVerify: h.p.Bool("insecure"), RootCAs: tlsRoots},
		ForceAttemptHTTP2: true,
		DisableKeepAlives: true,
	}
	return &http.Client{Transport: transport, CheckRedirect: func(*http.Request, []*http.Request) error {
		switch {
		case !h.p.Bool("follow_redirects"):
			return http.ErrUseLastResponse
		case h.redirects >= httpMaxRedirects:
			return errTooManyRedirects
		}
		h.redirects++
		return nil
	}}
}

// request is the request to send, with the headers asked for (Host among them).
func (h *httpProbe) request(ctx context.Context) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, h.method, h.target.String(), nil)
	if err != nil {
		return nil, err
	}
	for name, value := range h.p.Map("headers") {
		if strings.EqualFold(name, "Host") {
			req.Host = value
			continue
		}
		req.Header.Set(name, value)
	}
	return req, nil
}

// seen is what every outcome observes, and where the request went when
// that was not the name's own address: DNS may have given a wrong one.
func (h *httpProbe) seen() (obs map[string]any, at string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	obs = map[string]any{"proxy_used": h.proxyUsed, "via_proxy": h.proxyUsed, "redirects": h.redirects}
	if ip, _, _ := net.SplitHostPort(h.connectedTo); ip != "" && ip != h.target.Hostname() && h.proxyUsed == "" {
		at = " (at " + h.connectedTo + ")"
	}
	return obs, at
}

// failed is the outcome of a request that got no answer.
func (h *httpProbe) failed(err error) Outcome {
	obs, at := h.seen()
	kind, words := httpProblem(err)
	var op *net.OpError
	if h.proxyUsed != "" && errors.As(err, &op) && op.Op == "proxyconnect" {
		// The proxy failed, not the site: say so, or the wrong team is called.
		words = "the proxy " + h.proxyUsed + " could not be reached: " + words
	}
	o := Failed(kind, "%s %s%s failed: %s", h.method, h.target, at, words)
	o.Observed = obs
	return o
}

// answered is the outcome of a request that got an answer: its status,
// time, final address, the start of its body and its TLS.
func (h *httpProbe) answered(resp *http.Response, latency time.Duration) Outcome {
	obs, at := h.seen()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, httpBodyLimit))
	obs["status"] = int64(resp.StatusCode)
	obs["latency"] = latency
	final := withRootPath(resp.Request.URL) // a redirect to http://host:port
	obs["final_url"] = final.String()
	obs["body"] = strings.ToValidUTF8(string(body), "\uFFFD")
	obs["content_type"] = resp.Header.Get("Content-Type")
	obs["tls_version"] = ""
	if resp.TLS != nil {
		obs["tls_version"] = tls.VersionName(resp.TLS.Version)
		if certs := resp.TLS.PeerCertificates; len(certs) > 0 {
			obs["cert_days_left"] = daysLeft(certs[0].NotAfter)
		}
	}
	msg := h.method + " " + h.target.String() + at + " → " + resp.Status + " in " + FormatDuration(latency)
	if h.redirects > 0 {
		msg += " after " + Quantity(int(h.redirects), "redirect") + " to " + final.String()
	}
	if h.proxyUsed != "" {
		msg += " through the proxy " + h.proxyUsed
		if h.setting.Source != "" && h.setting.URL != nil && h.setting.URL.Redacted() == h.proxyUsed {
			msg += " (from " + h.setting.Source + ")"
		}
	}
	return Outcome{Observed: obs, Message: msg, ErrorKind: statusKind(resp.StatusCode), Evidence: []Evidence{responseHeaders(resp)}}
}

// statusKind names an HTTP status that says the request failed: http_4xx
// (the request was refused: a missing page, a sign-in) or http_5xx (the
// server or a proxy before it failed), so advice can tell them apart from
// a connection that failed.
func statusKind(status int) ErrorKind {
	switch {
	case status >= 500:
		return ErrorKindHTTP5xx
	case status >= 400:
		return ErrorKindHTTP4xx
	}
	return ""
}

// withRootPath gives a URL without a path the path "/", which is what is
// requested (and what curl reports): http://host:port is http://host:port/.
func withRootPath(u *url.URL) *url.URL {
	if u.Path != "" || u.Opaque != "" {
		return u
	}
	c := *u
	c.Path, c.RawPath = "/", ""
	return &c
}

// dialAddress accepts net.http's address parameter: empty, an IP address
// or IP:port.
func dialAddress(v any) error {
	s, _ := v.(string)
	if _, _, ok := splitDialAddress(s); !ok && s != "" {
		return fmt.Errorf("%q: write an IP address or IP:port", s)
	}
	return nil
}

// splitDialAddress reads an IP address or IP:port; port is "" without one.
func splitDialAddress(s string) (ip, port string, ok bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().String(), strconv.Itoa(int(ap.Port())), true
	}
	if _, err := netip.ParseAddr(s); err == nil {
		return s, "", true
	}
	return "", "", false
}

// dialFunc connects as usual, except that connections to host go to
// address when one is given: the URL, Host header and SNI stay unchanged.
func dialFunc(address, host string) func(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	if address == "" {
		return d.DialContext
	}
	ip, port, _ := splitDialAddress(address) // dialAddress let only these through
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		h, p, err := net.SplitHostPort(addr)
		if err == nil && strings.EqualFold(h, host) {
			if port != "" {
				p = port
			}
			addr = net.JoinHostPort(ip, p)
		}
		return d.DialContext(ctx, network, addr)
	}
}

// responseHeaders records the status line and headers a server answered,
// for a bundle: proxies, captive portals and CDNs show themselves there.
func responseHeaders(resp *http.Response) Evidence {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", resp.Proto, resp.Status)
	resp.Header.Write(&b)
	return Evidence{Name: "response-headers.txt", Data: []byte(b.String())}
}
