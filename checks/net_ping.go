package checks

import (
	"context"
	"fmt"
	"net/netip"
	"sync"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "net.ping",
			Title: "Host answers ping",
			Doc:   "Sends echo requests to a host and counts the answers. Uses ICMP where this process may (unprivileged ICMP sockets, or raw ones when privileged; on Windows the ICMP API, which needs no privilege), else times TCP handshakes to port 443 or 80.",
			Params: []Param{
				{Name: "host", Kind: KindString, Required: true, Doc: "name or IP address to ping"},
				{Name: "count", Kind: KindInt, Default: 3, Check: Between(1, 100), Doc: "how many echo requests to send, 1-100"},
				{Name: "interval", Kind: KindDuration, Default: "200ms", Check: NoShorterThan(10 * time.Millisecond), Doc: "time between two requests, 10ms or more"},
				{Name: "timeout", Kind: KindDuration, Default: "2s", Doc: "how long to wait for each answer"},
			},
			Fields: []Field{
				{Name: "address", Kind: KindString, Doc: "the IP address pinged"},
				{Name: "sent", Kind: KindInt, Doc: "requests sent"},
				{Name: "received", Kind: KindInt, Doc: "answers received in time"},
				{Name: "loss_percent", Kind: KindPercent, Doc: "share of requests without an answer"},
				{Name: "rtt_min", Kind: KindDuration, Doc: "fastest round trip"},
				{Name: "rtt_avg", Kind: KindDuration, Doc: "average round trip"},
				{Name: "rtt_max", Kind: KindDuration, Doc: "slowest round trip"},
				{Name: "method", Kind: KindString, Doc: "icmp (raw socket; on Windows the ICMP API), udp-icmp (unprivileged ICMP socket) or tcp (handshake timing)"},
			},
			Expect:     Assertions{"received": ">= 1"},
			Warn:       Assertions{"loss_percent": "<= 10%", "rtt_avg": "< 200ms"},
			ErrorKinds: join(dialKinds, []ErrorKind{ErrorKindFiltered}),
			Timeout:    5 * time.Second, // count*interval + timeout with the defaults, and room
			Deadline: func(p Params) time.Duration {
				return time.Duration(p.Int("count"))*p.Duration("interval") + p.Duration("timeout") + time.Second
			},
			Example: "host: 192.0.2.1\ncount: 3",
			Support: Support{Linux: Works, Windows: Works, Darwin: Works, Note: "the ARP re-check of a gateway that ignores ping is Linux only"},
			Run:     runPing,
		}
	})
}

// pingPlan is what one ping run does.
type pingPlan struct {
	dst      netip.Addr
	count    int
	interval time.Duration
	timeout  time.Duration
}

// pingStats is what came back.
type pingStats struct {
	sent     int
	rtts     []time.Duration
	errKind  ErrorKind // why requests went unanswered, when something said so
	err      error     // the error errKind was read from, if one was
	port     int       // tcp: the port that answered
	cutShort bool      // the check's deadline stopped the sending
}

func runPing(ctx context.Context, _ *Env, p Params) Outcome {
	host := p.String("host")
	plan := pingPlan{count: int(p.Int("count")), interval: p.Duration("interval"), timeout: p.Duration("timeout")}
	dst, err := resolveOne(ctx, host)
	if err != nil {
		kind := ErrorKindOf(err)
		return Failed(kind, "cannot resolve %s: %s", host, Why(err))
	}
	plan.dst = dst
	who := dst.String()
	if who != host {
		who = host + " (" + who + ")"
	}
	for _, method := range pingMethods {
		if st, ok := pingWith(ctx, plan, method); ok {
			return pingOutcome(ctx, who, method, plan, st)
		}
	}
	return Errored(ErrorKindPermission, "no way to ping %s from this process", who)
}

func pingOutcome(ctx context.Context, who, method string, plan pingPlan, st pingStats) Outcome {
	received := len(st.rtts)
	obs := map[string]any{"address": plan.dst.String(), "sent": int64(st.sent), "received": int64(received), "method": method}
	loss := 100.0
	if st.sent > 0 {
		loss = float64(st.sent-received) * 100 / float64(st.sent)
	}
	obs["loss_percent"] = loss
	how := "ICMP"
	if method == "tcp" {
		how = "TCP handshakes, as ICMP is not permitted here"
		if st.port != 0 {
			how = fmt.Sprintf("TCP handshakes to port %d, as ICMP is not permitted here", st.port)
		}
	}
	short := ""
	if st.cutShort {
		short = fmt.Sprintf("; the check's timeout stopped it after %d of %d (raise the check's timeout)", st.sent, plan.count)
	}
	if received == 0 {
		kind := st.errKind
		if kind == "" {
			kind = ErrorKindTimeout
		}
		if kind == ErrorKindTimeout && neighbourAnswered(ctx, plan.dst) {
			// The host answered ARP to let the pings out: it is up and
			// drops ping, as many gateways and firewalls do.
			o := Failed(ErrorKindFiltered, "%s answered none of %d pings, but it answered ARP: it is up and does not answer ping", who, st.sent)
			for k, v := range obs {
				o.Observed[k] = v
			}
			return o
		}
		o := Failed(kind, "%s answered none of %d pings (%s): %s%s", who, st.sent, how, whyKind(kind, st.err), short)
		for k, v := range obs {
			o.Observed[k] = v
		}
		return o
	}
	lo, hi, sum := st.rtts[0], st.rtts[0], time.Duration(0)
	for _, r := range st.rtts {
		lo, hi, sum = min(lo, r), max(hi, r), sum+r
	}
	avg := sum / time.Duration(received)
	obs["rtt_min"], obs["rtt_avg"], obs["rtt_max"] = lo, avg, hi
	lost := ""
	if received < st.sent {
		lost = fmt.Sprintf(", %.0f%% lost", loss)
	}
	return Outcome{Observed: obs, Message: fmt.Sprintf("%s answered %d of %d pings (%s%s) in %s on average%s",
		who, received, st.sent, how, lost, FormatDuration(avg), short)}
}

// paceEchoes starts one echo every interval, each in its own goroutine so
// that a late answer does not hold back the next request, until count are
// sent, ctx ends, or the next would start after ctx's deadline (then the
// run was cut short). echo does the waiting; the func it returns records
// the answer, with st held by the caller's lock.
func paceEchoes(ctx context.Context, plan pingPlan, st *pingStats, echo func() func(*pingStats)) {
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	next := time.Now()
	for i := 0; i < plan.count; i++ {
		if i > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(time.Until(next)):
			}
		}
		if ctx.Err() != nil || pastDeadline(ctx, next) {
			st.cutShort = true
			break
		}
		st.sent++
		wg.Add(1)
		go func() {
			defer wg.Done()
			record := echo()
			mu.Lock()
			defer mu.Unlock()
			record(st)
		}()
		next = next.Add(plan.interval)
	}
	wg.Wait()
}

// pastDeadline says whether ctx ends before t.
func pastDeadline(ctx context.Context, t time.Time) bool {
	dl, ok := ctx.Deadline()
	return ok && !t.Before(dl)
}
