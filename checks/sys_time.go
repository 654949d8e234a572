package checks

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"time"

	"github.com/beevik/ntp"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "sys.time",
			Title: "Clock is accurate",
			Doc:   "Asks an NTP server for the time and compares it with this machine's clock. A clock that is off breaks TLS, Kerberos and logins long before anyone notices it.",
			Params: []Param{
				{Name: "server", Kind: KindString, Required: true, Doc: "NTP server as host or host:port (port 123 by default)"},
				{Name: "timeout", Kind: KindDuration, Default: "3s", Doc: "how long to wait for the answer"},
			},
			Fields: []Field{
				{Name: "server", Kind: KindString, Doc: "the server asked (the address that answered, when one did)"},
				{Name: "offset", Kind: KindDuration, Doc: "how far this machine's clock is from the server's, ahead or behind"},
				{Name: "stratum", Kind: KindInt, Doc: "the server's distance from a reference clock (1: attached to one)"},
				{Name: "rtt", Kind: KindDuration, Doc: "round-trip time of the query"},
			},
			Expect:     Assertions{"offset": "< 2m"},
			Warn:       Assertions{"offset": "< 5s"},
			ErrorKinds: join(dialKinds, []ErrorKind{ErrorKindBadAnswer}),
			Timeout:    5 * time.Second,
			Example:    "server: pool.ntp.org",
			Support:    Portable,
			Run:        runTime,
		}
	})
}

func runTime(ctx context.Context, _ *Env, p Params) Outcome {
	server := p.String("server")
	timeout := p.Duration("timeout")
	if dl, ok := ctx.Deadline(); ok {
		timeout = min(timeout, time.Until(dl))
	}
	if timeout <= 0 {
		return Failed(ErrorKindTimeout, "no time left to ask %s", server)
	}
	var answered string
	resp, err := ntp.QueryWithOptions(server, ntp.QueryOptions{
		Timeout: timeout,
		// Dial with the context, so resolving the name stops with the run.
		Dialer: func(local, remote string) (net.Conn, error) {
			d := net.Dialer{Timeout: timeout}
			if local != "" {
				d.LocalAddr = &net.UDPAddr{IP: net.ParseIP(local)}
			}
			conn, err := d.DialContext(ctx, "udp", remote)
			if err == nil {
				answered = conn.RemoteAddr().String()
			}
			return conn, err
		},
	})
	if err != nil {
		kind := ErrorKindOf(err)
		if kind == ErrorKindNoRoute || offline() && !loopbackHost(server) {
			// Offline: the clock cannot be compared with anything, which
			// says nothing about the clock.
			return Skipped("the clock could not be checked: this machine has no route to %s (no network)", server)
		}
		o := Failed(kind, "%s did not give the time: %s", server, Why(err))
		// The clock may well be right: what failed is reaching the server.
		o.Fix = "The time server " + server + " could not be reached, so the clock could not be checked. Check the network first (tsr diagnose network); if only time is blocked (UDP port 123), ask IT which time server to use and rerun with --set ntp_server=NAME."
		o.Observed["server"] = orElse(answered, server)
		return o
	}
	obs := map[string]any{
		"server":  orElse(answered, server),
		"stratum": int64(resp.Stratum),
		"rtt":     resp.RTT,
	}
	if err := resp.Validate(); err != nil {
		// Its time is not fit to compare with (kiss of death, unsynchronized).
		o := Failed(ErrorKindBadAnswer, "%s answered, but its time cannot be trusted: %v", server, err)
		o.Observed = obs
		return o
	}
	offset := resp.ClockOffset.Abs()
	obs["offset"] = offset
	// ClockOffset is what to add to the local clock to get the server's.
	direction := "behind"
	if resp.ClockOffset < 0 {
		direction = "ahead of"
	}
	return Outcome{
		Observed: obs,
		Message:  fmt.Sprintf("the clock is %s %s %s (stratum %d, rtt %s)", FormatDuration(offset), direction, server, resp.Stratum, FormatDuration(resp.RTT)),
	}
}

func orElse(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// offline says the machine has no default route at all, IPv4 or IPv6:
// nothing beyond its own networks can answer.
func offline() bool {
	for _, family := range []string{"ipv4", "ipv6"} {
		if routes, err := defaultRoutes(family); err != nil || len(routes) > 0 {
			return false // a route, or no way to know: not known to be offline
		}
	}
	return true
}

// loopbackHost says server (host or host:port) is this machine itself,
// which answers without a network.
func loopbackHost(server string) bool {
	host := server
	if h, _, err := net.SplitHostPort(server); err == nil {
		host = h
	}
	ip, err := netip.ParseAddr(host)
	return host == "localhost" || err == nil && ip.IsLoopback()
}
