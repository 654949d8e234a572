package playbooks

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/report"
)

// StandardVars are the var names every built-in playbook uses for the same
// things, so that a support team's one command line works for any of them:
// the site to reach, the time server, public resolvers to compare with, a
// host on the internet that answers ping, and a captive-portal probe URL.
// A playbook declares those it has a use for.
var StandardVars = []string{"site", "ntp_server", "resolvers", "ping_host", "portal_url"}

// SetVars applies `--set NAME=VALUE` overrides to every playbook that has
// the var, parsing VALUE like the var's default: a comma list for a list
// var, a number for a number, true/false for a bool. A name that no
// playbook has is an error, so a typo is never silently ignored; a
// standard var (StandardVars) no playbook of the run has is passed over.
func SetVars(pbs []*Playbook, sets []string) error {
	for _, s := range sets {
		name, value, ok := strings.Cut(s, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return fmt.Errorf("--set %q: write NAME=VALUE", s)
		}
		found := false
		for _, pb := range pbs {
			v := pb.Var(name)
			if v == nil {
				continue
			}
			found = true
			parsed, err := parseVar(v.Value, value)
			if err != nil {
				return fmt.Errorf("--set %s: %w (var %s of playbook %s)", shown(name, value), err, name, pb.Name)
			}
			v.Value, v.Set = parsed, true
		}
		if !found && slices.Contains(StandardVars, name) {
			continue // one command line serves every built-in: a standard var some playbook has no use for is fine
		}
		if !found {
			names := map[string]bool{}
			for _, pb := range pbs {
				for _, v := range pb.Vars {
					names[v.Name] = true
				}
			}
			list := make([]string, 0, len(names))
			for n := range names {
				list = append(list, n)
			}
			sort.Strings(list)
			known := "the playbooks have no vars"
			if len(list) > 0 {
				known = "the playbooks' vars are " + strings.Join(list, ", ")
			}
			return fmt.Errorf("--set %s: no playbook has a var %q%s; %s", shown(name, value), name, checks.DidYouMean(name, list), known)
		}
	}
	return nil
}

// shown writes a --set back for a message, without the value of a
// secret-named var: error messages reach terminals and CI logs.
func shown(name, value string) string {
	if report.SecretName(name) {
		return name + "=…"
	}
	return name + "=" + value
}

func parseVar(def any, s string) (any, error) {
	switch def.(type) {
	case []string:
		var out []string
		for _, e := range strings.Split(s, ",") {
			if e = strings.TrimSpace(e); e != "" {
				out = append(out, e)
			}
		}
		return out, nil
	case bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, fmt.Errorf("want true or false")
		}
		return b, nil
	case int64:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("want a whole number")
		}
		return n, nil
	case float64:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil, fmt.Errorf("want a number")
		}
		return f, nil
	}
	return s, nil
}
