package checks

import (
	"context"
	"sort"
	"strings"
	"sync"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "dns.compare",
			Title: "DNS servers agree",
			Doc:   "Asks several DNS servers for the same name and compares their answers as sets, to catch a stale, split-horizon or tampering resolver.",
			Params: []Param{
				{Name: "name", Kind: KindString, Required: true, Check: DNSName, Doc: "the name to look up"},
				{Name: "type", Kind: KindString, Default: "A", Enum: dnsTypes, Doc: "the record type to ask for"},
				{Name: "servers", Kind: KindList, Required: true, Check: AllOf(AtLeast(2), Each(DNSServer)), Doc: `two or more servers: IP addresses, IP:port, or "system" for the configured resolvers`},
				{Name: "timeout", Kind: KindDuration, Default: "2s", Doc: "how long each server may take"},
			},
			Fields: []Field{
				{Name: "consistent", Kind: KindBool, Doc: "every server answered, with the same set of records"},
				{Name: "answers_by_server", Kind: KindList, Doc: `what each server said: "192.0.2.53: 192.0.2.10, 192.0.2.11"`},
				{Name: "differing", Kind: KindList, Doc: "the servers whose answer differs from most others' (or that did not answer)"},
			},
			Expect:     Assertions{"consistent": true},
			ErrorKinds: dnsKinds,
			Timeout:    2 * time.Second,
			Example:    "name: example.com\nservers: [system, 1.1.1.1]",
			Support:    Portable,
			Run:        runCompare,
		}
	})
}

func runCompare(ctx context.Context, _ *Env, p Params) Outcome {
	labels := p.List("servers")
	qname, qtype := dnsQuestion(p.String("name"), p.String("type"))
	targets := make([][]string, len(labels))
	for i, label := range labels {
		servers, bad := serversFor(label)
		if bad != nil && bad.Error {
			return *bad // "system", and its configuration cannot be read
		}
		targets[i] = servers // nil when "system" has no servers: reported as that
	}
	ctx, cancel := context.WithTimeout(ctx, p.Duration("timeout"))
	defer cancel()
	q := newQuery(qname, qtype, false)
	said := make([]string, len(labels)) // what each server's answer was, comparable
	kinds := make([]ErrorKind, len(labels))
	whys := make([]string, len(labels)) // why a server gave no answer, in words
	var wg sync.WaitGroup
	for i, servers := range targets {
		if servers == nil {
			said[i], kinds[i], whys[i] = "no servers configured", ErrorKindNoServers, Explain(ErrorKindNoServers)
			continue
		}
		wg.Go(func() {
			r, _ := askInOrder(ctx, servers, q.Copy(), false)
			said[i], kinds[i], whys[i] = verdict(r, qtype), r.Kind(), whyKind(r.Kind(), r.Err)
			if r.answered() {
				kinds[i] = ""
			} else if r.Err == nil && kinds[i] == ErrorKindOther {
				whys[i] = r.Rcode() // a code without a kind of its own: NOTAUTH
			}
		})
	}
	wg.Wait()

	majority := mostCommon(said, kinds)
	byServer, differing := []string{}, []string{}
	var kind ErrorKind
	for i, label := range labels {
		name := displayServerLabel(label)
		byServer = append(byServer, name+": "+said[i])
		if said[i] != majority || kinds[i] != "" {
			differing = append(differing, name)
		}
		if kind == "" {
			kind = kinds[i]
		}
	}
	obs := map[string]any{"consistent": len(differing) == 0, "answers_by_server": byServer, "differing": differing}
	var silent []string
	for i, label := range labels {
		if kinds[i] != "" {
			silent = append(silent, displayServerLabel(label)+" ("+whys[i]+")")
		}
	}
	msg := "the " + Quantity(len(labels), "server") + " give the same answer for " + p.String("name") + ": " + majority
	switch {
	case len(silent) > 0:
		// Silence is not disagreement: say which could not be asked.
		msg = "could not compare the answers for " + p.String("name") + ": " + strings.Join(silent, ", ") + " did not answer"
	case len(differing) > 0:
		msg = "the servers disagree on " + p.String("name") + ": " + strings.Join(byServer, "; ")
	}
	return Outcome{Observed: obs, ErrorKind: kind, Message: msg}
}

// verdict is a server's answer as one comparable string: the sorted record
// data, or the status or failure when there are no records to compare.
func verdict(r dnsReply, qtype uint16) string {
	switch {
	case r.Err != nil:
		return "no answer (" + string(r.Kind()) + ")"
	case r.Rcode() != "NOERROR":
		return r.Rcode()
	}
	answers := sortedCopy(rdataOf(r.Msg, qtype))
	if len(answers) == 0 {
		return "no records"
	}
	return strings.Join(answers, ", ")
}

// mostCommon is the answer most servers gave; on a tie, the first listed.
func mostCommon(said []string, kinds []ErrorKind) string {
	count := map[string]int{}
	best := ""
	for i, s := range said {
		if kinds[i] != "" {
			continue
		}
		count[s]++
		if count[s] > count[best] {
			best = s
		}
	}
	return best
}

func displayServerLabel(label string) string {
	if addr, ok := serverAddr(label); ok {
		return displayServer(addr)
	}
	return strings.ToLower(label)
}

func sortedCopy(list []string) []string {
	out := append([]string(nil), list...)
	sort.Strings(out)
	return out
}
