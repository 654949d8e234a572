package checks

import (
	"context"
	"strings"
	"time"

	"github.com/miekg/dns"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "dns.resolve",
			Title: "Name resolves",
			Doc:   "Asks a DNS server (or the system's, in order) for one record type of a name, speaking DNS itself so that the status code and flags are visible. The name is asked as written: search domains are not appended.",
			Params: []Param{
				{Name: "name", Kind: KindString, Required: true, Check: DNSName, Doc: "the name to look up; an IP address with type PTR is turned into its reverse name"},
				{Name: "type", Kind: KindString, Default: "A", Enum: dnsTypes, Doc: "the record type to ask for"},
				{Name: "server", Kind: KindString, Default: "system", Check: DNSServer, Doc: `"system" (the configured resolvers, tried in order), an IP address or IP:port`},
				{Name: "tcp", Kind: KindBool, Default: false, Doc: "ask over TCP instead of UDP"},
				{Name: "dnssec", Kind: KindBool, Default: false, Doc: "set the DNSSEC OK bit and report whether the resolver validated the answer"},
				{Name: "timeout", Kind: KindDuration, Default: "2s", Doc: "how long to wait for an answer, all servers together"},
			},
			Fields: []Field{
				{Name: "server", Kind: KindString, Doc: "the server whose reply is reported"},
				{Name: "rcode", Kind: KindString, Doc: "the reply's status: NOERROR, NXDOMAIN, SERVFAIL, REFUSED, ..."},
				{Name: "answers", Kind: KindList, Doc: `the records of the asked type, data only: "192.0.2.10", "10 mx.example.com."`},
				{Name: "answer_count", Kind: KindInt, Doc: "how many records of the asked type came back"},
				{Name: "latency", Kind: KindDuration, Doc: "time from the query to the reply"},
				{Name: "authenticated", Kind: KindBool, Doc: "the resolver set the AD flag: it validated the answer with DNSSEC"},
				{Name: "truncated", Kind: KindBool, Doc: "the UDP reply was truncated and the query was repeated over TCP"},
				{Name: "hosts_entry", Kind: KindString, Doc: "what the hosts file says for the name, which applications use before DNS; empty if nothing"},
			},
			Expect:     Assertions{"rcode": "NOERROR", "answer_count": ">= 1"},
			Warn:       Assertions{"latency": "< 300ms"},
			ErrorKinds: dnsKinds,
			Timeout:    2 * time.Second,
			Example:    "name: example.com\ntype: A\nserver: system",
			Support:    Portable,
			Run:        runResolve,
		}
	})
}

func runResolve(ctx context.Context, _ *Env, p Params) Outcome {
	name, typ := p.String("name"), p.String("type")
	qname, qtype := dnsQuestion(name, typ)
	hosts := hostsEntry(name)
	servers, bad := serversFor(p.String("server"))
	if bad != nil {
		bad.Observed["hosts_entry"] = hosts
		return *bad
	}
	timeout := p.Duration("timeout")
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	r, tried := askInOrder(ctx, servers, newQuery(qname, qtype, p.Bool("dnssec")), p.Bool("tcp"))

	obs := map[string]any{"server": displayServer(r.Server), "truncated": r.Truncated, "hosts_entry": hosts}
	hostsNote := ""
	if hosts != "" {
		hostsNote = "; the hosts file says " + hosts
	}
	if r.Err != nil {
		o := Failed(r.Kind(), "%s%s", failureText(tried, timeout), hostsNote)
		o.Observed = obs
		return o
	}
	answers := rdataOf(r.Msg, qtype)
	obs["rcode"] = r.Rcode()
	obs["answers"] = answers
	obs["answer_count"] = int64(len(answers))
	// Latency is what a program waits: the servers that did not answer
	// first count too, or a dead first resolver would never show.
	latency := time.Duration(0)
	var silent []string
	for _, t := range tried {
		latency += t.Latency
		if t.Server != r.Server {
			silent = append(silent, displayServer(t.Server))
		}
	}
	obs["latency"] = latency
	obs["authenticated"] = r.Msg.AuthenticatedData

	from := " (from " + displayServer(r.Server) + " in " + FormatDuration(latency)
	if len(silent) > 0 {
		from += ", after trying " + strings.Join(silent, ", ") + " first"
	}
	if r.Truncated {
		from += ", over TCP after a truncated UDP reply"
	}
	from += ")"
	o := Outcome{Observed: obs, ErrorKind: r.Kind(), Evidence: []Evidence{{Name: "answer.txt", Data: []byte(";; SERVER: " + displayServer(r.Server) + "\n" + r.Msg.String())}}}
	switch {
	case o.ErrorKind == ErrorKindNXDomain && qtype == dns.TypePTR:
		// No reverse name is not "the address does not exist".
		o.Message = name + " has no reverse name (NXDOMAIN " + strings.TrimPrefix(from, " (")
	case o.ErrorKind == ErrorKindNXDomain:
		o.Message = name + " does not exist (NXDOMAIN " + strings.TrimPrefix(from, " (")
	case o.ErrorKind != "":
		o.Message = failureText(tried, timeout)
	case len(answers) == 0:
		o.ErrorKind = ErrorKindNoData
		o.Message = name + " has no " + typ + " record" + from
	default:
		o.Message = name + " " + typ + " → " + summary(answers) + from
	}
	o.Message += hostsNote
	return o
}
