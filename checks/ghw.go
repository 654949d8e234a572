package checks

import (
	"log/slog"
	"strings"
	"sync"

	"github.com/jaypipes/ghw"
	"github.com/jaypipes/pcidb"
)

// ghwQuiet swallows ghw's log: its warnings (no /sys/class/drm in a VM, a
// file it could not read) would otherwise land on the user's terminal. A
// logger in the context is used rather than WithDisableWarnings, which sets
// a process-wide level that every ghw call resets from the environment.
var ghwQuiet = slog.New(slog.DiscardHandler)

// ghwOptions are the options of every ghw call: the host root (so tests
// read recorded trees), no log, no external programs (tsr runs none
// without --allow-exec), no NUMA topology (not needed, and absent in
// containers), a PCI database that is never missing, and no /var: without
// /sys/devices/system/memory ghw would read every /var/log/syslog* file
// (gigabytes on some hosts) to learn the physical memory size.
func ghwOptions() []any {
	return []any{
		ghw.WithChroot(host.root),
		ghw.WithPathOverrides(map[string]string{"/var": "/nonexistent-tsr"}),
		ghw.WithLogger(ghwQuiet),
		ghw.WithDisableTools(),
		ghw.WithDisableTopology(),
		ghw.WithPCIDB(pciDB()),
	}
}

var (
	pciDBMu    sync.Mutex
	pciDBCache = map[string]*pcidb.PCIDB{}
)

// pciDB loads the PCI ID database once per root. Without one (minimal
// images ship no pci.ids) ghw refuses to list GPUs at all, so an empty
// database stands in: cards are then named by their PCI IDs.
func pciDB() *pcidb.PCIDB {
	pciDBMu.Lock()
	defer pciDBMu.Unlock()
	if db, ok := pciDBCache[host.root]; ok {
		return db
	}
	noFetch := false // never download pci.ids in the middle of a diagnosis
	db, err := pcidb.New(pcidb.WithChroot(host.root), &pcidb.WithOption{EnableNetworkFetch: &noFetch})
	if err != nil {
		db = &pcidb.PCIDB{Classes: map[string]*pcidb.Class{}, Vendors: map[string]*pcidb.Vendor{}, Products: map[string]*pcidb.Product{}}
	}
	pciDBCache[host.root] = db
	return db
}

// known drops ghw's placeholder for a value it could not find.
func known(s string) string {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "unknown") || s == "None" {
		return ""
	}
	return s
}
