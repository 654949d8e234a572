package checks

import (
	"context"
	"net"
	"strconv"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "net.tcp",
			Title: "TCP port is reachable",
			Doc:   "Opens a TCP connection to host:port and closes it at once. Says whether the port is open and how long the handshake took.",
			Params: []Param{
				{Name: "host", Kind: KindString, Required: true, Doc: "name or IP address to connect to"},
				{Name: "port", Kind: KindInt, Required: true, Check: Between(1, 65535), Doc: "TCP port, 1-65535"},
				{Name: "timeout", Kind: KindDuration, Default: "3s", Doc: "how long to wait for the handshake"},
			},
			Fields: []Field{
				{Name: "address", Kind: KindString, Doc: "host:port that was tried (the IP actually connected to, when it connected)"},
				{Name: "open", Kind: KindBool, Doc: "the handshake completed"},
				{Name: "connect_time", Kind: KindDuration, Doc: "time to complete the handshake"},
			},
			Expect:     Assertions{"open": true},
			ErrorKinds: dialKinds,
			Timeout:    3 * time.Second,
			Example:    "host: example.com\nport: 443",
			Support:    Portable,
			Run:        runTCP,
		}
	})
}

func runTCP(ctx context.Context, _ *Env, p Params) Outcome {
	target := net.JoinHostPort(p.String("host"), strconv.FormatInt(p.Int("port"), 10))
	ctx, cancel := context.WithTimeout(ctx, p.Duration("timeout"))
	defer cancel()
	start := time.Now()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", target)
	elapsed := time.Since(start)
	if err != nil {
		kind := ErrorKindOf(err)
		o := Failed(kind, "%s is not reachable: %s", target, Why(err))
		o.Observed["address"] = target
		o.Observed["open"] = false
		return o
	}
	remote := conn.RemoteAddr().String()
	conn.Close()
	return Outcome{
		Observed: map[string]any{"address": remote, "open": true, "connect_time": elapsed},
		Message:  target + " is open (connected to " + remote + " in " + FormatDuration(elapsed) + ")",
	}
}
