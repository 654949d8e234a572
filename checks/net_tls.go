package checks

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "net.tls",
			Title: "TLS certificate is valid",
			Doc:   "Completes a TLS handshake with host:port and verifies the certificate itself, so that a bad certificate is described (expired, wrong name, unknown authority) rather than only refused.",
			Params: []Param{
				{Name: "host", Kind: KindString, Required: true, Doc: "name or IP address to connect to"},
				{Name: "port", Kind: KindInt, Default: 443, Check: Between(1, 65535), Doc: "TCP port, 1-65535"},
				{Name: "server_name", Kind: KindString, Doc: "the name to ask for (SNI) and verify the certificate against; default: host"},
				{Name: "proxy", Kind: KindString, Default: "auto", Enum: []string{"auto", "direct"}, Doc: "auto: through the proxy in effect for https://host:port/, as a browser would (a CONNECT tunnel); direct: never through a proxy"},
				{Name: "timeout", Kind: KindDuration, Default: "5s", Doc: "how long the connection and handshake may take"},
			},
			Fields: []Field{
				{Name: "version", Kind: KindString, Doc: `the negotiated protocol, e.g. "TLS 1.3"`},
				{Name: "verified", Kind: KindBool, Doc: "the certificate chains to a trusted authority, is valid now and is for the name"},
				{Name: "verify_error", Kind: KindString, Doc: `why it is not, in words ("certificate expired on 2026-01-01"); empty when verified`},
				{Name: "subject", Kind: KindString, Doc: "the certificate's subject"},
				{Name: "issuer", Kind: KindString, Doc: "who issued the certificate"},
				{Name: "not_after", Kind: KindString, Doc: "when the certificate expires (RFC 3339, UTC)"},
				{Name: "days_left", Kind: KindInt, Unit: UnitDays, Doc: "whole days until it expires; negative once expired"},
				{Name: "chain_length", Kind: KindInt, Doc: "how many certificates the server sent"},
				{Name: "via_proxy", Kind: KindString, Doc: "the proxy the connection went through, its password hidden; empty when direct"},
			},
			Expect:     Assertions{"verified": true},
			Warn:       Assertions{"days_left": ">= 14"},
			ErrorKinds: join(dialKinds, tlsKinds, proxyKinds),
			Timeout:    5 * time.Second,
			Example:    "host: example.com\nport: 443",
			Support:    Portable,
			Run:        runTLS,
		}
	})
}

func runTLS(ctx context.Context, _ *Env, p Params) Outcome {
	host := p.String("host")
	target := net.JoinHostPort(host, strconv.FormatInt(p.Int("port"), 10))
	name := p.String("server_name")
	if name == "" {
		name = host
	}
	sni := name
	if _, err := netip.ParseAddr(name); err == nil {
		sni = "" // SNI carries names only
	}
	ctx, cancel := context.WithTimeout(ctx, p.Duration("timeout"))
	defer cancel()
	setting, err := proxyChoice(p.String("proxy"), &url.URL{Scheme: "https", Host: target})
	if err != nil {
		o := Failed(ErrorKindConfig, "no TLS connection to %s: the proxy setting is wrong: %v", target, err)
		o.Observed["via_proxy"] = ""
		return o
	}
	via := ""
	if setting.URL != nil {
		via = setting.URL.Redacted()
	}
	state, remote, err := tlsHandshake(ctx, target, sni, setting.URL)
	if err != nil {
		kind, words := proxyErrorKind(err), Why(err)
		if via == "" {
			target += tried(target, dialedAddr(err))
		}
		var ps *errProxyStatus
		var op *net.OpError
		switch {
		case errors.As(err, &ps):
			words = "the proxy " + via + " refused the tunnel: " + ps.Status
		case errors.As(err, &op) && op.Op == "proxyconnect":
			words = "the proxy " + via + " could not be reached: " + Why(op.Err)
		case via != "":
			words += " (through the proxy " + via + ")"
		}
		o := Failed(kind, "no TLS connection to %s: %s", target, words)
		o.Observed["via_proxy"] = via
		return o
	}
	target += tried(target, remote)
	chain := state.PeerCertificates
	if len(chain) == 0 {
		return Failed(ErrorKindTLS, "%s sent no certificate", target)
	}
	leaf := chain[0]
	verr := verifyChain(chain, name)
	kind, words := tlsProblem(verr)
	if verr != nil && kind == "" {
		kind, words = ErrorKindTLSInvalid, verr.Error()
	}
	left := daysLeft(leaf.NotAfter)
	obs := map[string]any{
		"version": tls.VersionName(state.Version), "verified": verr == nil, "verify_error": words,
		"subject": leaf.Subject.String(), "issuer": leaf.Issuer.String(),
		"not_after": leaf.NotAfter.UTC().Format(time.RFC3339), "days_left": left,
		"chain_length": int64(len(chain)), "via_proxy": via,
	}
	through := ""
	if via != "" {
		through = " (through the proxy " + via + ", from " + setting.Source + ")"
	}
	evidence := []Evidence{chainPEM(chain)}
	if verr != nil {
		return Outcome{Observed: obs, ErrorKind: kind, Message: target + " presents a certificate that does not verify: " + words + through, Evidence: evidence}
	}
	return Outcome{Observed: obs, Evidence: evidence, Message: target + " presents a valid certificate for " + name + " from " + leaf.Issuer.String() +
		", expiring in " + Quantity(int(left), "day") + " (" + tls.VersionName(state.Version) + ")" + through}
}

// tlsHandshake completes a handshake with target, directly or through a
// proxy's tunnel. Verification is left to the caller, so that a bad
// certificate can still be described.
func tlsHandshake(ctx context.Context, target, sni string, proxy *url.URL) (state tls.ConnectionState, remote string, err error) {
	cfg := &tls.Config{ServerName: sni, InsecureSkipVerify: true}
	var conn net.Conn
	if proxy == nil {
		var d net.Dialer
		conn, err = d.DialContext(ctx, "tcp", target)
	} else {
		conn, err = dialVia(ctx, proxy, target)
	}
	if err != nil {
		return state, "", err
	}
	defer conn.Close()
	if proxy == nil {
		remote = conn.RemoteAddr().String()
	}
	tc := tls.Client(conn, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		return state, remote, err
	}
	return tc.ConnectionState(), remote, nil
}

// tried names the address a connection to target went to, when target is
// a name: DNS may have given an address that is not the site's.
func tried(target, addr string) string {
	if addr == "" || addr == target {
		return ""
	}
	return " (at " + addr + ")"
}

// chainPEM records the certificates the server sent, leaf first, for a
// bundle: tier 2 reads them with openssl x509 to see who intercepts.
func chainPEM(chain []*x509.Certificate) Evidence {
	var b bytes.Buffer
	for _, c := range chain {
		fmt.Fprintf(&b, "# subject: %s\n# issuer: %s\n", c.Subject, c.Issuer)
		pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	}
	return Evidence{Name: "chain.pem", Data: b.Bytes()}
}
