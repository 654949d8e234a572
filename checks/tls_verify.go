package checks

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"strings"
	"time"
)

// tlsRoots are the authorities certificates are verified against; nil
// means the system's. Tests set their own.
var tlsRoots *x509.CertPool

// verifyChain verifies a presented chain for name as a client would.
func verifyChain(chain []*x509.Certificate, name string) error {
	opts := x509.VerifyOptions{Roots: tlsRoots, DNSName: name, Intermediates: x509.NewCertPool()}
	for _, c := range chain[1:] {
		opts.Intermediates.AddCert(c)
	}
	_, err := chain[0].Verify(opts)
	return err
}

// tlsProblem names a certificate or handshake error: its error kind and
// words for a person ("certificate expired on 2026-01-01"); "" if it is
// not one.
func tlsProblem(err error) (kind ErrorKind, words string) {
	var invalid x509.CertificateInvalidError
	var unknown x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var alert tls.AlertError
	var record tls.RecordHeaderError
	switch {
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired && invalid.Cert != nil:
		if time.Now().Before(invalid.Cert.NotBefore) {
			return ErrorKindTLSNotYetValid, "certificate is not valid until " + day(invalid.Cert.NotBefore)
		}
		return ErrorKindTLSExpired, "certificate expired on " + day(invalid.Cert.NotAfter)
	case errors.As(err, &invalid):
		return ErrorKindTLSInvalid, "certificate is not acceptable: " + invalid.Error()
	case errors.As(err, &unknown):
		return ErrorKindTLSUnknownAuthority, untrustedWords(unknown.Cert)
	case errors.As(err, &hostname) && hostname.Certificate != nil && len(hostname.Certificate.DNSNames) == 0 && len(hostname.Certificate.IPAddresses) == 0:
		// Clients ignore the Common Name since 2017: a certificate that
		// names its host only there is good for no name at all.
		return ErrorKindTLSHostname, "certificate names " + hostname.Certificate.Subject.CommonName + " only in its Common Name, which clients no longer accept: it needs a subjectAltName"
	case errors.As(err, &hostname) && hostname.Certificate != nil:
		return ErrorKindTLSHostname, "certificate is for " + certNames(hostname.Certificate) + ", not " + hostname.Host
	case errors.As(err, &alert), errors.As(err, &record):
		return ErrorKindTLS, "the TLS handshake failed: " + err.Error()
	}
	return "", ""
}

// untrustedWords names the authority nobody here trusts. c is the last
// certificate of the chain: a self-signed leaf, a root sent along, or one
// signed by a root that was not sent.
func untrustedWords(c *x509.Certificate) string {
	switch {
	case c == nil:
		return "certificate is signed by an authority not trusted here"
	case c.Issuer.String() != c.Subject.String():
		return "certificate is signed by an authority not trusted here (" + c.Issuer.String() + ")"
	case !c.IsCA:
		return "certificate is self-signed and not trusted here"
	}
	return "certificate is signed by an authority not trusted here (" + c.Subject.String() + ")"
}

// certNames lists the names a certificate is good for.
func certNames(c *x509.Certificate) string {
	names := append([]string(nil), c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 && c.Subject.CommonName != "" {
		names = append(names, c.Subject.CommonName)
	}
	if len(names) == 0 {
		return "no name"
	}
	return strings.Join(names, ", ")
}

// daysLeft is the whole days until t; negative once it has passed.
func daysLeft(t time.Time) int64 {
	d := time.Until(t)
	days := int64(d / (24 * time.Hour))
	if d < 0 && d%(24*time.Hour) != 0 {
		days-- // floor: expired 2 hours ago is -1, not 0
	}
	return days
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02") }
