package checks

import (
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
)

// A bundle's host files come from the host the checks read: a recorded
// machine's own resolv.conf and routes, not this machine's; what it lacks
// is left out.
func TestHostEvidenceReadsTheHost(t *testing.T) {
	useHostRoot(t, testutil.WriteTree(t, map[string]string{
		"etc/resolv.conf": "nameserver 192.0.2.53\n",
		"proc/net/route":  "Iface\tDestination\tGateway\n",
	}))
	got := map[string]string{}
	for _, e := range HostEvidence() {
		got[e.Name] = string(e.Data)
	}
	if got["host/etc/resolv.conf"] != "nameserver 192.0.2.53\n" || got["host/proc/net/route"] != "Iface\tDestination\tGateway\n" {
		t.Errorf("bundle files %q, want the recorded machine's", got)
	}
	for _, absent := range []string{"host/etc/hosts", "host/interfaces.txt"} {
		if _, ok := got[absent]; ok {
			t.Errorf("%s is in the bundle: the recorded machine has none (this machine's is not its)", absent)
		}
	}
}
