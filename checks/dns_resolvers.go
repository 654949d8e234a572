package checks

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "dns.resolvers",
			Title: "Every DNS server answers",
			Doc:   "Asks each configured DNS server separately, all at once, so that one dead server among good ones shows up; an answer is NOERROR or NXDOMAIN.",
			Params: []Param{
				{Name: "name", Kind: KindString, Default: "example.com", Check: DNSName, Doc: "the name to ask each server for"},
				{Name: "type", Kind: KindString, Default: "A", Enum: dnsTypes, Doc: "the record type to ask for"},
				{Name: "timeout", Kind: KindDuration, Default: "2s", Doc: "how long each server may take"},
			},
			Fields: []Field{
				{Name: "servers", Kind: KindList, Doc: "the configured DNS servers"},
				{Name: "server_count", Kind: KindInt, Doc: "how many DNS servers are configured"},
				{Name: "answering", Kind: KindList, Doc: "the servers that answered"},
				{Name: "answering_count", Kind: KindInt, Doc: "how many servers answered"},
				{Name: "failing", Kind: KindList, Doc: `the servers that did not, each with why: "192.0.2.53 timeout"`},
				{Name: "failing_count", Kind: KindInt, Doc: "how many servers did not answer"},
			},
			Expect:     Assertions{"answering_count": ">= 1"},
			Warn:       Assertions{"failing_count": "== 0"},
			ErrorKinds: dnsKinds,
			Timeout:    2 * time.Second,
			Example:    "name: example.com",
			Support:    Portable,
			Run:        runResolvers,
		}
	})
}

func runResolvers(ctx context.Context, _ *Env, p Params) Outcome {
	qname, qtype := dnsQuestion(p.String("name"), p.String("type"))
	servers, bad := serversFor("system")
	if bad != nil {
		bad.Observed["server_count"] = int64(0)
		bad.Observed["answering_count"] = int64(0)
		return *bad
	}
	ctx, cancel := context.WithTimeout(ctx, p.Duration("timeout"))
	defer cancel()
	q := newQuery(qname, qtype, false)
	replies := make([]dnsReply, len(servers))
	var wg sync.WaitGroup
	for i, s := range servers {
		wg.Go(func() { replies[i] = askServer(ctx, s, q.Copy(), false) })
	}
	wg.Wait()

	answering, failing := []string{}, []string{}
	var kind ErrorKind
	for _, r := range replies {
		if r.answered() {
			answering = append(answering, displayServer(r.Server))
			continue
		}
		failing = append(failing, displayServer(r.Server)+" "+r.failure())
		if kind == "" {
			kind = r.Kind()
		}
	}
	obs := map[string]any{
		"servers": displayServers(servers), "server_count": int64(len(servers)),
		"answering": answering, "answering_count": int64(len(answering)),
		"failing": failing, "failing_count": int64(len(failing)),
	}
	var msg string
	switch {
	case len(failing) == 0:
		msg = "every configured DNS server answers: " + strings.Join(answering, ", ")
		if len(servers) == 1 {
			msg = "the only configured DNS server, " + answering[0] + ", answers"
		}
	case len(answering) == 0:
		msg = "no configured DNS server answers (" + strings.Join(failing, ", ") + ")"
	default:
		msg = strconv.Itoa(len(answering)) + " of " + Quantity(len(servers), "DNS server") + " " + Plural(len(answering), "answers", "answer") +
			" (" + strings.Join(answering, ", ") + "); failing: " + strings.Join(failing, ", ")
	}
	return Outcome{Observed: obs, ErrorKind: kind, Message: msg}
}
