package cli

import (
	"crypto/tls"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/miekg/dns"
)

// The fault lab's servers run inside their namespaces: the lab re-runs this
// test binary under `ip netns exec NS` as its lab-serve child (see
// testutil.ChildCommand), which serves a labServe until SIGTERM.

const (
	labServeChild = "lab-serve"
	labReady      = "TSRLAB-READY"
)

// labServe is what one server process serves.
type labServe struct {
	Zone  map[string]string // lower-case FQDN -> IPv4: the lab's names
	Zone6 map[string]string // lower-case FQDN -> IPv6 (AAAA)
	DNS   []labDNSServer
	NTP   []labNTPServer
	HTTPS *labHTTPS
	HTTP  []labHTTP
}

// labHTTP serves plain HTTP on Addr:80: a connectivity probe that answers
// 204 on /generate_204, or, with Portal set, a captive portal that
// redirects every request to Portal and shows its login page there.
type labHTTP struct {
	Addr   string
	Portal string
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

// labHTTPS serves HTTPS on Addr:443 (and Addr6, when set), choosing the
// certificate by SNI.
type labHTTPS struct {
	Addr, Addr6 string
	Certs       map[string][2]string // server name -> cert PEM file, key PEM file
	Unavailable []string             // server names answered with 503
}

func init() { testChildren[labServeChild] = labServeMain }

// labServeMain serves what the lab asks for until it is told to stop.
func labServeMain(raw []byte) error {
	var cfg labServe
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return err
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	for _, d := range cfg.DNS {
		if err := serveLabDNS(cfg.Zone, cfg.Zone6, d); err != nil {
			return err
		}
	}
	for _, n := range cfg.NTP {
		if err := serveLabNTP(n); err != nil {
			return err
		}
	}
	if cfg.HTTPS != nil {
		if err := serveLabHTTPS(*cfg.HTTPS); err != nil {
			return err
		}
	}
	for _, h := range cfg.HTTP {
		if err := serveLabHTTP(h); err != nil {
			return err
		}
	}
	fmt.Println(labReady)
	<-stop
	return nil
}

func serveLabDNS(zone, zone6 map[string]string, d labDNSServer) error {
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
		} else if a6, ok := zone6[name]; ok && q.Qtype == dns.TypeAAAA && d.Mode == "normal" {
			m.Answer = append(m.Answer, &dns.AAAA{
				Hdr:  dns.RR_Header{Name: q.Name, Rrtype: dns.TypeAAAA, Class: dns.ClassINET, Ttl: 60},
				AAAA: net.ParseIP(a6),
			})
		} // other types of a known name: NOERROR without records
		w.WriteMsg(m)
	})
	pc, err := net.ListenPacket("udp", net.JoinHostPort(d.Addr, "53"))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(d.Addr, "53"))
	if err != nil {
		return err
	}
	for _, srv := range []*dns.Server{{PacketConn: pc, Handler: handler}, {Listener: ln, Handler: handler}} {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		go srv.ActivateAndServe()
		<-started
	}
	return nil
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
func serveLabNTP(n labNTPServer) error {
	pc, err := net.ListenPacket("udp", net.JoinHostPort(n.Addr, "123"))
	if err != nil {
		return err
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
	return nil
}

// serveLabHTTPS answers "hello", or 503 for the names in Unavailable.
func serveLabHTTPS(h labHTTPS) error {
	certs := map[string]*tls.Certificate{}
	for name, files := range h.Certs {
		c, err := tls.LoadX509KeyPair(files[0], files[1])
		if err != nil {
			return err
		}
		certs[name] = &c
	}
	var lns []net.Listener
	for _, addr := range []string{h.Addr, h.Addr6} {
		if addr == "" {
			continue
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(addr, "443"))
		if err != nil {
			return err
		}
		lns = append(lns, ln)
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
	for _, ln := range lns {
		go srv.ServeTLS(ln, "", "")
	}
	return nil
}

// serveLabHTTP answers as a connectivity probe, or as a captive portal.
func serveLabHTTP(h labHTTP) error {
	ln, err := net.Listen("tcp", net.JoinHostPort(h.Addr, "80"))
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case h.Portal == "" && r.URL.Path == "/generate_204":
			w.WriteHeader(http.StatusNoContent)
		case h.Portal == "":
			w.Write([]byte("hello"))
		case strings.HasPrefix(h.Portal, "http://"+r.Host+"/"):
			w.Write([]byte("<html><title>Guest Wi-Fi</title>Accept the terms to get online</html>"))
		default:
			http.Redirect(w, r, h.Portal, http.StatusFound)
		}
	})}
	go srv.Serve(ln)
	return nil
}
