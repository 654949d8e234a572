package checks

import (
	"context"
	"crypto/tls"
	"net"
	"net/netip"
	"strconv"
	"time"
)

func init() {
	Register(&Type{
		Name:  "net.tls",
		Title: "TLS certificate is valid",
		Doc:   "Completes a TLS handshake with host:port and verifies the certificate itself, so that a bad certificate is described (expired, wrong name, unknown authority) rather than only refused.",
		Params: []Param{
			{Name: "host", Kind: KindString, Required: true, Doc: "name or IP address to connect to"},
			{Name: "port", Kind: KindInt, Default: 443, Check: Between(1, 65535), Doc: "TCP port, 1-65535"},
			{Name: "server_name", Kind: KindString, Doc: "the name to ask for (SNI) and verify the certificate against; default: host"},
			{Name: "timeout", Kind: KindDuration, Default: "5s", Doc: "how long the connection and handshake may take"},
		},
		Fields: []Field{
			{Name: "version", Kind: KindString, Doc: `the negotiated protocol, e.g. "TLS 1.3"`},
			{Name: "verified", Kind: KindBool, Doc: "the certificate chains to a trusted authority, is valid now and is for the name"},
			{Name: "verify_error", Kind: KindString, Doc: `why it is not, in words ("certificate expired on 2026-01-01"); empty when verified`},
			{Name: "subject", Kind: KindString, Doc: "the certificate's subject"},
			{Name: "issuer", Kind: KindString, Doc: "who issued the certificate"},
			{Name: "not_after", Kind: KindString, Doc: "when the certificate expires (RFC 3339, UTC)"},
			{Name: "days_left", Kind: KindInt, Doc: "whole days until it expires; negative once expired"},
			{Name: "chain_length", Kind: KindInt, Doc: "how many certificates the server sent"},
		},
		Expect:  Assertions{"verified": true},
		Warn:    Assertions{"days_left": ">= 14"},
		Timeout: 5 * time.Second,
		Example: "host: example.com\nport: 443",
		Run:     runTLS,
	})
}

func runTLS(ctx context.Context, _ *Env, p Params) Outcome {
	port := p.Int("port")
	if port < 1 || port > 65535 {
		return Errored("parameter", "port %d is not a TCP port (1-65535)", port)
	}
	host := p.String("host")
	target := net.JoinHostPort(host, strconv.FormatInt(port, 10))
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
	// Verification is done below by hand, so a bad certificate can still be described.
	d := tls.Dialer{Config: &tls.Config{ServerName: sni, InsecureSkipVerify: true}}
	conn, err := d.DialContext(ctx, "tcp", target)
	if err != nil {
		kind := ErrorKind(err)
		return Failed(kind, "no TLS connection to %s%s: %s", target, tried(target, dialedAddr(err)), Why(err))
	}
	target += tried(target, conn.RemoteAddr().String())
	state := conn.(*tls.Conn).ConnectionState()
	conn.Close()
	chain := state.PeerCertificates
	if len(chain) == 0 {
		return Failed("tls", "%s sent no certificate", target)
	}
	leaf := chain[0]
	verr := verifyChain(chain, name)
	kind, words := tlsProblem(verr)
	if verr != nil && kind == "" {
		kind, words = "tls_invalid", verr.Error()
	}
	left := daysLeft(leaf.NotAfter)
	obs := map[string]any{
		"version": tls.VersionName(state.Version), "verified": verr == nil, "verify_error": words,
		"subject": leaf.Subject.String(), "issuer": leaf.Issuer.String(),
		"not_after": leaf.NotAfter.UTC().Format(time.RFC3339), "days_left": left,
		"chain_length": int64(len(chain)),
	}
	if verr != nil {
		return Outcome{Observed: obs, ErrorKind: kind, Message: target + " presents a certificate that does not verify: " + words}
	}
	return Outcome{Observed: obs, Message: target + " presents a valid certificate for " + name + " from " + leaf.Issuer.String() +
		", expiring in " + plural(int(left), "day") + " (" + tls.VersionName(state.Version) + ")"}
}

// tried names the address a connection to target went to, when target is
// a name: DNS may have given an address that is not the site's.
func tried(target, addr string) string {
	if addr == "" || addr == target {
		return ""
	}
	return " (at " + addr + ")"
}
