package checks

import (
	"context"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "net.listen",
			Title: "Service listens on its port",
			Doc:   "Says whether a local program listens on a TCP or UDP port. On Linux and Windows it reads the OS's socket tables (on Windows with the owning process), so it binds nothing and needs no privilege.",
			Params: []Param{
				{Name: "port", Kind: KindInt, Required: true, Check: Between(1, 65535), Doc: "port number, 1-65535"},
				{Name: "proto", Kind: KindString, Default: "tcp", Enum: []string{"tcp", "udp"}, Doc: "tcp or udp"},
				{Name: "address", Kind: KindIP, Doc: "only a socket on this local IP counts (one bound to all addresses does too); empty: any"},
			},
			Fields: []Field{
				{Name: "listening", Kind: KindBool, Doc: "a socket listens on the port"},
				{Name: "address", Kind: KindString, Doc: "the listening socket's local address, e.g. 0.0.0.0:22 or [::]:22"},
				{Name: "pid", Kind: KindInt, Doc: "the process that owns the socket (Windows)"},
				{Name: "process", Kind: KindString, Doc: "that process's program, e.g. svchost.exe (Windows)"},
			},
			Expect:     Assertions{"listening": true},
			ErrorKinds: readKinds,
			Timeout:    2 * time.Second,
			Example:    "port: 22\nproto: tcp",
			Support:    Support{Linux: Works, Windows: Works, Darwin: Partial, Note: "Windows also names the owning process; macOS tries TCP by connecting, and UDP skips"},
			Run:        runListen,
		}
	})
}

func runListen(ctx context.Context, _ *Env, p Params) Outcome {
	port, proto := p.Int("port"), p.String("proto")
	var want netip.Addr
	if s := p.String("address"); s != "" {
		a, _ := netip.ParseAddr(s) // its kind, ip, let only an address through
		want = a.Unmap()
	}
	what := strings.ToUpper(proto) + " port " + strconv.FormatInt(port, 10)
	if want.IsValid() {
		what += " on " + want.String()
	}
	found, err := findListener(ctx, proto, uint16(port), want)
	if err != nil {
		return CouldNotLook(err, "cannot look for listeners on %s", what)
	}
	if !found.Addr.IsValid() {
		return Outcome{Observed: map[string]any{"listening": false},
			Message: "nothing listens on " + what + ": the service is not running or uses another port"}
	}
	obs := map[string]any{"listening": true, "address": found.Addr.String()}
	who := "something"
	if found.PID > 0 {
		obs["pid"] = int64(found.PID)
		who = "process " + strconv.Itoa(found.PID)
	}
	if found.Process != "" {
		obs["process"] = found.Process
		who = found.Process + " (pid " + strconv.Itoa(found.PID) + ")"
	}
	return Outcome{Observed: obs, Message: who + " listens on " + what + " (" + found.Addr.String() + ")"}
}

// listener is a socket found listening, with its owner where the OS
// tells (Windows' socket tables name it).
type listener struct {
	Addr    netip.AddrPort // invalid: nothing listens
	PID     int
	Process string
}

// acceptsOn says whether a socket bound to local receives traffic sent to
// want: the same address, or local is the wildcard of a family that can
// carry want (an IPv6 wildcard socket usually takes IPv4 too).
func acceptsOn(local, want netip.Addr) bool {
	if !want.IsValid() || local == want {
		return true
	}
	if !local.IsUnspecified() {
		return false
	}
	return local.Is6() || want.Is4()
}
