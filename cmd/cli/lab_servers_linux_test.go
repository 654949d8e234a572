package cli

import (
	"crypto/tls"
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
	"github.com/tsrhq/tsr/internal/testutil"
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

// serveLabNTP answers SNTP requests with this machine's time plus Offset,
// at stratum 2.
func serveLabNTP(n labNTPServer) error {
	pc, err := net.ListenPacket("udp", net.JoinHostPort(n.Addr, "123"))
	if err != nil {
		return err
	}
	testutil.AnswerUDP(pc, func(request []byte) []byte {
		return testutil.NTPReply(request, 2, time.Now().Add(n.Offset), time.Now().Add(n.Offset))
	})
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
