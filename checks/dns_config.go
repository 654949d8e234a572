package checks

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "dns.config",
			Title: "DNS servers are configured",
			Doc:   "Reads which DNS servers and search domains the system resolver uses: /etc/resolv.conf on Linux and macOS, the adapter settings on Windows.",
			Fields: []Field{
				{Name: "servers", Kind: KindList, Doc: "the DNS servers, in the order they are tried"},
				{Name: "server_count", Kind: KindInt, Doc: "how many DNS servers are configured"},
				{Name: "search", Kind: KindList, Doc: "domains appended to short names"},
				{Name: "source", Kind: KindString, Doc: `where the settings come from: a file path or "windows adapters"`},
				{Name: "stub", Kind: KindBool, Doc: "only a local stub resolver such as 127.0.0.53 is listed; it forwards to the real servers"},
			},
			Expect:     Assertions{"server_count": ">= 1"},
			ErrorKinds: []ErrorKind{ErrorKindNoServers},
			Timeout:    2 * time.Second,
			Support:    Portable,
			Run:        runDNSConfig,
		}
	})
}

func runDNSConfig(_ context.Context, _ *Env, _ Params) Outcome {
	cfg, err := systemDNSConfig()
	if errors.Is(err, fs.ErrPermission) {
		return Errored(ErrorKindPermission, "cannot read %s: %v", cfg.Source, err)
	}
	obs := map[string]any{
		"servers":      displayServers(cfg.Servers),
		"server_count": int64(len(cfg.Servers)),
		"search":       append([]string{}, cfg.Search...),
		"source":       cfg.Source,
		"stub":         onlyLoopback(cfg.Servers),
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Outcome{Observed: obs, ErrorKind: ErrorKindNoServers, Message: cfg.Source + " does not exist, so no DNS servers are configured"}
	case err != nil:
		return Outcome{Observed: obs, ErrorKind: ErrorKindNoServers, Message: "cannot read the DNS configuration: " + err.Error()}
	case len(cfg.Servers) == 0:
		return Outcome{Observed: obs, ErrorKind: ErrorKindNoServers, Message: "no DNS servers are configured in " + cfg.Source}
	}
	servers := strings.Join(displayServers(cfg.Servers), ", ")
	msg := Quantity(len(cfg.Servers), "DNS server") + " configured in " + cfg.Source + ": " + servers
	if obs["stub"].(bool) {
		msg = "only the local stub resolver " + servers + " is configured in " + cfg.Source + "; it forwards to the real DNS servers"
	}
	if len(cfg.Search) > 0 {
		msg += " (search " + strings.Join(cfg.Search, ", ") + ")"
	}
	return Outcome{Observed: obs, Message: msg}
}
