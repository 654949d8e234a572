package cli

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// The fault lab's servers run inside their namespaces: the lab re-runs this
// test binary under `ip netns exec NS` with labServeEnv holding a labServe,
// and TestLabServe serves until SIGTERM.

const (
	labServeEnv = "TSR_LAB_SERVE"
	labReady    = "TSRLAB-READY"
)

// labServe is what one server process serves.
type labServe struct {
	Zone  map[string]string // lower-case FQDN -> IPv4: the lab's names
	DNS   []labDNSServer
	NTP   []labNTPServer
	HTTPS *labHTTPS
}

// labDNSServer is one DNS server on Addr (port 53, UDP and TCP).
type labDNSServer struct {
	Addr  string
	Mode  string        // normal, hijack (invents addresses for unknown names), disagree (other addresses for the lab's names)
	Delay time.Duration // answer this late
	Other string        // the address hijack invents, or disagree gives
}

// labNTPServer is an SNTP server on Addr:123 whose clock is off by Offset.
type labNTPServer struct {
	Addr   string
	Offset time.Duration
}

// labHTTPS serves HTTPS on Addr:443, choosing the certificate by SNI.
type labHTTPS struct {
	Addr        string
	Certs       map[string][2]string // server name -> cert PEM file, key PEM file
	Unavailable []string             // server names answered with 503
}

// TestLabServe does nothing in a normal run; re-run by the fault lab, it
// serves what labServeEnv asks for until it is told to stop.
func TestLabServe(t *testing.T) {
	raw := os.Getenv(labServeEnv)
	if raw == "" {
		return
	}
	var cfg labServe
	if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
		t.Fatal(err)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	for _, d := range cfg.DNS {
		serveLabDNS(t, cfg.Zone, d)
	}
	for _, n := range cfg.NTP {
		serveLabNTP(t, n)
	}
	if cfg.HTTPS != nil {
		serveLabHTTPS(t, *cfg.HTTPS)
	}
	fmt.Println(labReady)
	<-stop // returning lets the test binary clean up after itself
}

func serveLabDNS(t *testing.T, zone map[string]string, d labDNSServer) {
	handler := dns.HandlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
		if d.Delay > 0 {
			time.Sleep(d.Delay) // each query has a goroutine of its own
		}
		m := new(dns.Msg)
		m.SetReply(r)
		m.RecursionAvailable = true
		q := r.Question[0]
		name := strings.ToLower(q.Name)
		addr, known := zone[name]
		switch {
		case known && d.Mode == "disagree":
			addr = d.Other
		case !known && d.Mode == "hijack":
			addr, known = d.Other, true
		}
		if !known {
			m.Rcode = dns.RcodeNameError
		} else if q.Qtype == dns.TypeA {
			m.Answer = append(m.Answer, &dns.A{
				Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 60},
				A:   net.ParseIP(addr).To4(),
			})
		} // other types of a known name: NOERROR without records
		w.WriteMsg(m)
	})
	pc, err := net.ListenPacket("udp", net.JoinHostPort(d.Addr, "53"))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(d.Addr, "53"))
	if err != nil {
		t.Fatal(err)
	}
	for _, srv := range []*dns.Server{{PacketConn: pc, Handler: handler}, {Listener: ln, Handler: handler}} {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		go srv.ActivateAndServe()
		<-started
	}
}

// ntpEpoch is 1900-01-01, where NTP timestamps start.
var ntpEpoch = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

func ntpTime(t time.Time) uint64 {
	d := t.Sub(ntpEpoch) // fits: the era ends in 2036
	sec := uint64(d / time.Second)
	frac := uint64(d%time.Second) << 32 / uint64(time.Second)
	return sec<<32 | frac
}

// serveLabNTP answers SNTP requests with this machine's time plus Offset:
// 48 bytes, version 4, mode 4 (server), stratum 2.
func serveLabNTP(t *testing.T, n labNTPServer) {
	pc, err := net.ListenPacket("udp", net.JoinHostPort(n.Addr, "123"))
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		buf := make([]byte, 512)
		for {
			size, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			received := time.Now().Add(n.Offset)
			if size < 48 {
				continue
			}
			var out [48]byte
			out[0] = 4<<3 | 4                              // leap 0, version 4, mode server
			out[1] = 2                                     // stratum
			out[2] = 4                                     // poll
			out[3] = 0xec                                  // precision 2^-20 s
			binary.BigEndian.PutUint32(out[8:], 1<<16/100) // root dispersion 10 ms
			copy(out[12:16], "LAB\x00")
			binary.BigEndian.PutUint64(out[16:], ntpTime(received.Add(-time.Minute))) // reference: synchronised a minute ago
			copy(out[24:32], buf[40:48])                                              // origin: the client's transmit time
			binary.BigEndian.PutUint64(out[32:], ntpTime(received))
			binary.BigEndian.PutUint64(out[40:], ntpTime(time.Now().Add(n.Offset)))
			pc.WriteTo(out[:], from)
		}
	}()
}

// serveLabHTTPS answers "hello", or 503 for the names in Unavailable.
func serveLabHTTPS(t *testing.T, h labHTTPS) {
	certs := map[string]*tls.Certificate{}
	for name, files := range h.Certs {
		c, err := tls.LoadX509KeyPair(files[0], files[1])
		if err != nil {
			t.Fatal(err)
		}
		certs[name] = &c
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(h.Addr, "443"))
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for _, name := range h.Unavailable {
				if strings.EqualFold(r.TLS.ServerName, name) {
					http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
					return
				}
			}
			w.Write([]byte("hello"))
		}),
		TLSConfig: &tls.Config{GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
			if c := certs[strings.ToLower(hello.ServerName)]; c != nil {
				return c, nil
			}
			return nil, fmt.Errorf("no certificate for %q", hello.ServerName)
		}},
		ErrorLog: log.New(io.Discard, "", 0), // handshakes the bad certificates fail
	}
	go srv.ServeTLS(ln, "", "")
}

// labCA is a certificate authority made up for one lab.
type labCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newLabCA(t *testing.T) labCA {
	t.Helper()
	key := newLabKey(t)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "tsr fault lab CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(365 * 24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return labCA{cert, key}
}

func newLabKey(t *testing.T) *ecdsa.PrivateKey {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// writeCA writes the CA certificate as PEM, for SSL_CERT_FILE.
func (ca labCA) writeCA(t *testing.T, path string) {
	t.Helper()
	writePEM(t, path, "CERTIFICATE", ca.cert.Raw)
}

// issue writes a server certificate for name, valid from notBefore to
// notAfter, followed by the CA, and its key; it returns both paths.
func (ca labCA) issue(t *testing.T, dir, name string, notBefore, notAfter time.Time) [2]string {
	t.Helper()
	key := newLabKey(t)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: name},
		NotBefore: notBefore, NotAfter: notAfter, DNSNames: []string{name},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile := filepath.Join(dir, name+".crt"), filepath.Join(dir, name+".key")
	writePEM(t, certFile, "CERTIFICATE", der, ca.cert.Raw)
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, keyFile, "EC PRIVATE KEY", kder)
	return [2]string{certFile, keyFile}
}

func writePEM(t *testing.T, path, typ string, ders ...[]byte) {
	t.Helper()
	var b []byte
	for _, der := range ders {
		b = append(b, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})...)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
