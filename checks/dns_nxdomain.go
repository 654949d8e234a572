package checks

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	"github.com/miekg/dns"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "dns.nxdomain",
			Title: "Missing names stay missing",
			Doc:   "Asks for a made-up name that cannot exist; a resolver that answers it with addresses rewrites failed lookups (NXDOMAIN hijacking by an ISP, a captive portal or malware).",
			Params: []Param{
				{Name: "domain", Kind: KindString, Default: "example.com", Check: nxdomainParent, Doc: "the domain under which a random name is made up"},
				{Name: "server", Kind: KindString, Default: "system", Check: DNSServer, Doc: `"system" (the configured resolvers, tried in order), an IP address or IP:port`},
				{Name: "timeout", Kind: KindDuration, Default: "2s", Doc: "how long to wait for an answer, all servers together"},
			},
			Fields: []Field{
				{Name: "queried", Kind: KindString, Doc: "the random name that was asked for"},
				{Name: "rcode", Kind: KindString, Doc: "the reply's status; NXDOMAIN is the honest one"},
				{Name: "hijacked", Kind: KindBool, Doc: "the server answered NOERROR with records for a name that does not exist"},
				{Name: "answers", Kind: KindList, Doc: "the addresses it gave for the made-up name"},
			},
			Expect:     Assertions{"hijacked": false},
			ErrorKinds: join(dnsKinds, []ErrorKind{ErrorKindHijacked}),
			Timeout:    2 * time.Second,
			Example:    "domain: example.com",
			Support:    Portable,
			Run:        runNXDomain,
		}
	})
}

// madeUpName is the name asked for: a random label under domain.
func madeUpName(random, domain string) string {
	return "tsr-" + random + "." + strings.TrimSuffix(domain, ".")
}

// nxdomainParent accepts a domain under which a made-up name is a valid
// DNS name: one that leaves room for the random label.
func nxdomainParent(v any) error {
	s, _ := v.(string)
	if name := madeUpName("xxxxxxxxxxxx", s); DNSName(name) != nil {
		return fmt.Errorf("%q cannot hold a made-up name: %s is not a valid DNS name", s, name)
	}
	return nil
}

func runNXDomain(ctx context.Context, _ *Env, p Params) Outcome {
	queried := madeUpName(strings.ToLower(rand.Text()[:12]), p.String("domain"))
	qname, qtype := dnsQuestion(queried, "A")
	servers, bad := serversFor(p.String("server"))
	if bad != nil {
		bad.Observed["queried"] = queried
		return *bad
	}
	timeout := p.Duration("timeout")
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	r, tried := askInOrder(ctx, servers, newQuery(qname, qtype, false), false)
	obs := map[string]any{"queried": queried}
	if r.Err != nil {
		o := Failed(r.Kind(), "%s", failureText(tried, timeout))
		o.Observed = obs
		return o
	}
	answers := rdataOf(r.Msg, qtype)
	obs["rcode"], obs["answers"] = r.Rcode(), answers
	server := displayServer(r.Server)
	switch r.Msg.Rcode {
	case dns.RcodeNameError:
		obs["hijacked"] = false
		return Outcome{Observed: obs, Message: server + " says the made-up name " + queried + " does not exist, as it should (NXDOMAIN)"}
	case dns.RcodeSuccess:
		obs["hijacked"] = len(answers) > 0
		if len(answers) == 0 {
			return Outcome{Observed: obs, Message: server + " says the made-up name " + queried + " has no records (NOERROR instead of NXDOMAIN, but no invented address)"}
		}
		return Outcome{Observed: obs, ErrorKind: ErrorKindHijacked,
			Message: server + " answers the made-up name " + queried + " with " + summary(answers) + ": failed lookups are being redirected"}
	}
	return Outcome{Observed: obs, ErrorKind: r.Kind(), Message: failureText(tried, timeout)}
}
