package checks

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// testCA is a certificate authority made up for one test.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newCA(t *testing.T, name string) testCA {
	t.Helper()
	key := newKey(t)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(365 * 24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return testCA{cert, key}
}

// leaf issues a server certificate for names (DNS names or IPs), valid
// from notBefore to notAfter; the chain served is the leaf and the CA.
func (ca testCA) leaf(t *testing.T, notBefore, notAfter time.Time, names ...string) tls.Certificate {
	t.Helper()
	key := newKey(t)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: names[0]},
		NotBefore: notBefore, NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der, ca.cert.Raw}, PrivateKey: key}
}

func newKey(t *testing.T) *ecdsa.PrivateKey {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// certSet is the certificates the TLS tests serve, all for localhost and
// 127.0.0.1 unless the name says otherwise; trusted is the only CA in tlsRoots.
type certSet struct {
	valid, shortLived, expired, notYetValid, wrongHost, unknownCA tls.Certificate
}

func testCerts(t *testing.T) certSet {
	t.Helper()
	trusted, stranger := newCA(t, "tsr test CA"), newCA(t, "somebody else's CA")
	pool := x509.NewCertPool()
	pool.AddCert(trusted.cert)
	setVar(t, &tlsRoots, pool)
	now, day := time.Now(), 24*time.Hour
	return certSet{
		valid:       trusted.leaf(t, now.Add(-day), now.Add(90*day+time.Hour), "localhost", "127.0.0.1"),
		shortLived:  trusted.leaf(t, now.Add(-day), now.Add(5*day+time.Hour), "localhost", "127.0.0.1"),
		expired:     trusted.leaf(t, now.Add(-30*day), now.Add(-10*day), "localhost", "127.0.0.1"),
		notYetValid: trusted.leaf(t, now.Add(10*day), now.Add(100*day), "localhost", "127.0.0.1"),
		wrongHost:   trusted.leaf(t, now.Add(-day), now.Add(90*day), "other.test"),
		unknownCA:   stranger.leaf(t, now.Add(-day), now.Add(90*day), "localhost", "127.0.0.1"),
	}
}

// discardLog swallows the handshake errors the bad-certificate tests provoke.
var discardLog = log.New(io.Discard, "", 0)

// serveTLS starts an HTTPS server presenting cert; it answers "hello".
func serveTLS(t *testing.T, cert tls.Certificate) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("hello"))
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.Config.ErrorLog = discardLog
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}
