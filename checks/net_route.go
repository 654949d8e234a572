package checks

import (
	"context"
	"net/netip"
	"sort"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "net.route",
			Title: "Default route is set",
			Doc:   "Reads the routing table for a default route of one address family: without one, the machine reaches only its local network.",
			Params: []Param{
				{Name: "family", Kind: KindString, Default: "ipv4", Enum: []string{"ipv4", "ipv6"}, Doc: "which routing table to read: ipv4 or ipv6"},
			},
			Fields: []Field{
				{Name: "has_default", Kind: KindBool, Doc: "a default route exists"},
				{Name: "gateway", Kind: KindIP, Doc: "the router the default route points to; empty for a point-to-point link"},
				{Name: "interface", Kind: KindString, Doc: "the interface the default route leaves through"},
				{Name: "metric", Kind: KindInt, Doc: "the route's metric (lower wins); absent where the OS does not say"},
			},
			Expect:     Assertions{"has_default": true},
			ErrorKinds: []ErrorKind{ErrorKindNoRoute},
			Timeout:    2 * time.Second,
			Example:    "family: ipv4",
			Support:    Portable,
			Run:        runRoute,
		}
	})
}

// defaultRoute is one default route of the routing table.
type defaultRoute struct {
	Gateway   netip.Addr // invalid when the route has no gateway
	Interface string
	Metric    int64
	HasMetric bool
}

func runRoute(_ context.Context, _ *Env, p Params) Outcome {
	family := p.String("family") // ipv4 or ipv6, as the enum spells them
	label := map[string]string{"ipv4": "IPv4", "ipv6": "IPv6"}[family]
	routes, err := defaultRoutes(family)
	if err != nil {
		return CouldNotLook(err, "cannot read the %s routing table", label)
	}
	if len(routes) == 0 {
		why := "this machine reaches only its local network (no gateway from DHCP, or none configured)"
		if family == "ipv6" { // IPv6 routes come from router advertisements, and many networks have none
			why = "IPv6 reaches only the local network (no router advertises a route; fine where the network has no IPv6)"
		}
		o := Failed(ErrorKindNoRoute, "there is no default %s route: %s", label, why)
		o.Observed["has_default"] = false
		return o
	}
	r := routes[0]
	obs := map[string]any{"has_default": true, "interface": r.Interface, "gateway": ""}
	via := "directly"
	if r.Gateway.IsValid() {
		obs["gateway"] = r.Gateway.String()
		via = "via " + r.Gateway.String()
	}
	if r.HasMetric {
		obs["metric"] = r.Metric
	}
	return Outcome{Observed: obs, Message: "the default " + label + " route leaves " + via + " on " + r.Interface}
}

// sortRoutes puts the route the OS prefers (lowest metric) first.
func sortRoutes(rs []defaultRoute) []defaultRoute {
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Metric < rs[j].Metric })
	return rs
}
