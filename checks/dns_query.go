package checks

import (
	"context"
	"errors"
	"io/fs"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// dnsTypes are the record types a check may ask for.
var dnsTypes = []string{"A", "AAAA", "CNAME", "MX", "TXT", "NS", "SOA", "PTR", "SRV", "CAA"}

// dnsReply is what one server said to one query.
type dnsReply struct {
	Server    string // host:port
	Msg       *dns.Msg
	Latency   time.Duration
	Truncated bool // the UDP reply was cut short, so it was asked again over TCP
	Err       error
}

// Kind names what went wrong, in the words of checks.md; "" for an answer.
func (r dnsReply) Kind() ErrorKind {
	if r.Err != nil {
		return ErrorKindOf(r.Err)
	}
	return rcodeKind(r.Msg.Rcode)
}

// Rcode is the reply's status such as NOERROR or NXDOMAIN; "" without a reply.
func (r dnsReply) Rcode() string {
	if r.Msg == nil {
		return ""
	}
	if name, ok := dns.RcodeToString[r.Msg.Rcode]; ok {
		return name
	}
	return "RCODE" + strconv.Itoa(r.Msg.Rcode) // unassigned: its number
}

// failure says in a word why the reply is no answer, for a list of
// servers: its error kind, or the answer's own code (NOTAUTH) when that
// kind is only "other".
func (r dnsReply) failure() string {
	if kind := r.Kind(); kind != ErrorKindOther || r.Err != nil {
		return string(kind)
	}
	return r.Rcode()
}

// answered says the server gave a usable verdict on the name: it exists or not.
func (r dnsReply) answered() bool {
	return r.Err == nil && (r.Msg.Rcode == dns.RcodeSuccess || r.Msg.Rcode == dns.RcodeNameError)
}

// rcodeKind is the error kind of a DNS answer's code; "" for NOERROR.
func rcodeKind(rcode int) ErrorKind {
	switch rcode {
	case dns.RcodeSuccess:
		return ""
	case dns.RcodeNameError:
		return ErrorKindNXDomain
	case dns.RcodeServerFailure:
		return ErrorKindServFail
	case dns.RcodeRefused:
		return ErrorKindRefused
	case dns.RcodeFormatError:
		return ErrorKindFormErr
	case dns.RcodeNotImplemented:
		return ErrorKindNotImp
	}
	// The rarer codes (NOTAUTH, YXDOMAIN, ...) have no kind of their own:
	// the message says the code (failureText).
	return ErrorKindOther
}

// newQuery builds a recursive query with EDNS0; dnssec sets the DO bit and
// asks for the AD bit, so a validating resolver says whether it validated.
func newQuery(name string, qtype uint16, dnssec bool) *dns.Msg {
	q := new(dns.Msg)
	q.SetQuestion(dns.Fqdn(name), qtype)
	q.SetEdns0(1232, dnssec)
	q.AuthenticatedData = dnssec
	return q
}

// askServer sends q to one server, over TCP again when UDP came back truncated.
func askServer(ctx context.Context, server string, q *dns.Msg, tcp bool) dnsReply {
	start := time.Now()
	network := "udp"
	if tcp {
		network = "tcp"
	}
	r := dnsReply{Server: server}
	r.Msg, r.Err = exchange(ctx, network, server, q)
	if r.Err == nil && r.Msg.Truncated && !tcp {
		r.Truncated = true
		r.Msg, r.Err = exchange(ctx, "tcp", server, q)
	}
	r.Latency = time.Since(start)
	return r
}

// exchange is one query and its reply; the connection is closed when ctx
// ends, so a cancelled run never waits on a silent server.
func exchange(ctx context.Context, network, server string, q *dns.Msg) (*dns.Msg, error) {
	c := &dns.Client{Net: network, Timeout: time.Hour} // ctx's deadline is the limit
	conn, err := c.DialContext(ctx, server)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	msg, _, err := c.ExchangeWithConnContext(ctx, q, conn)
	if err != nil && ctx.Err() != nil {
		err = context.DeadlineExceeded
	}
	return msg, err
}

// askInOrder tries the servers one after the other, as the system resolver
// does, until one gives a verdict; each gets a fair share of the time left.
// It returns that reply (else the most telling failure) and every reply.
func askInOrder(ctx context.Context, servers []string, q *dns.Msg, tcp bool) (dnsReply, []dnsReply) {
	var tried []dnsReply
	for i, s := range servers {
		sctx, cancel := ctx, context.CancelFunc(func() {})
		if deadline, ok := ctx.Deadline(); ok {
			share := time.Until(deadline) / time.Duration(len(servers)-i)
			sctx, cancel = context.WithTimeout(ctx, share)
		}
		r := askServer(sctx, s, q, tcp)
		cancel()
		tried = append(tried, r)
		if r.answered() || ctx.Err() != nil {
			break
		}
	}
	if last := tried[len(tried)-1]; last.answered() {
		return last, tried
	}
	for _, r := range tried { // a server that replied says more than one that did not
		if r.Err == nil {
			return r, tried
		}
	}
	return tried[0], tried
}

// serversFor turns a `server` parameter, which DNSServer let through,
// into the addresses to ask, or the outcome that says why there are none.
func serversFor(param string) ([]string, *Outcome) {
	if strings.EqualFold(param, "system") {
		cfg, err := systemDNSConfig()
		if errors.Is(err, fs.ErrPermission) {
			o := Errored(ErrorKindPermission, "cannot read %s: %v", cfg.Source, err)
			return nil, &o
		}
		if err != nil {
			o := Failed(ErrorKindNoServers, "cannot read the DNS configuration: %v", err)
			return nil, &o
		}
		if len(cfg.Servers) == 0 {
			o := Failed(ErrorKindNoServers, "no DNS servers are configured in %s", cfg.Source)
			return nil, &o
		}
		return cfg.Servers, nil
	}
	addr, _ := serverAddr(param)
	return []string{addr}, nil
}

// rdataOf lists the answer records of the asked type as their data only:
// "192.0.2.10", "10 mx.example.com.", TXT strings without quotes.
func rdataOf(msg *dns.Msg, qtype uint16) []string {
	out := []string{}
	for _, rr := range msg.Answer {
		if rr.Header().Rrtype != qtype {
			continue // CNAME chains and signatures
		}
		if txt, ok := rr.(*dns.TXT); ok {
			out = append(out, strings.Join(txt.Txt, ""))
			continue
		}
		out = append(out, strings.TrimPrefix(rr.String(), rr.Header().String()))
	}
	return out
}

// summary lists a few answers for a message: "a, b and 3 more".
func summary(answers []string) string {
	const shown = 3
	if len(answers) <= shown {
		return strings.Join(answers, ", ")
	}
	return strings.Join(answers[:shown], ", ") + " and " + strconv.Itoa(len(answers)-shown) + " more"
}

// failureText says why no server gave a verdict: "no answer from a, b
// within 2s", or each server with its reason when they differ.
func failureText(tried []dnsReply, timeout time.Duration) string {
	kinds := map[ErrorKind]bool{}
	var names, each []string
	for _, r := range tried {
		kinds[r.Kind()] = true
		names = append(names, displayServer(r.Server))
		each = append(each, displayServer(r.Server)+" "+r.failure())
	}
	if len(kinds) > 1 {
		return "no DNS server gave an answer (" + strings.Join(each, ", ") + ")"
	}
	kind := tried[0].Kind()
	who := strings.Join(names, ", ")
	switch kind {
	case "timeout":
		return "no answer from " + who + " within " + FormatDuration(timeout)
	case "servfail":
		return who + " could not resolve the name (SERVFAIL)"
	case "refused":
		if tried[0].Err == nil {
			return who + " refused to answer (REFUSED)"
		}
	}
	if tried[0].Err == nil {
		return who + " answered " + tried[0].Rcode()
	}
	return "could not ask " + who + ": " + Why(tried[0].Err)
}

// dnsQuestion is the question to ask for a name and type, which DNSName
// and the dnsTypes enum let through: an IP asked for PTR becomes its
// reverse name.
func dnsQuestion(name, typ string) (string, uint16) {
	qtype := dns.StringToType[typ]
	if _, err := netip.ParseAddr(name); err == nil && qtype == dns.TypePTR {
		if rev, err := dns.ReverseAddr(name); err == nil {
			return rev, qtype
		}
	}
	return dns.Fqdn(name), qtype
}
