package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
)

// TestABadRedactionLevelIsRefusedOneWay: every command that takes
// --redact refuses a level it does not offer with one message naming
// those it does, in the order they hide more; report redact offers no
// level that would un-redact a file.
func TestABadRedactionLevelIsRefusedOneWay(t *testing.T) {
	ok := testutil.WriteFile(t, "ok.yaml", "tsr: 1\nname: x\nchecks:\n  - { id: os, uses: sys.os }\n")
	saved := filepath.Join(t.TempDir(), "saved.json")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"diagnose", ok, "--redact", "all"}, `tsr: --redact "all": use none, secrets or pii` + "\n"},
		{[]string{"inventory", "--redact", "all"}, `tsr: --redact "all": use none, secrets or pii` + "\n"},
		{[]string{"report", "redact", saved, "--redact", "none", "-o", saved + ".out"}, `tsr: --redact "none": use secrets or pii (a file is never un-redacted)` + "\n"},
	} {
		code, _, stderr := tsr(t, "", c.args...)
		if code != 2 || !strings.HasSuffix(stderr, c.want) {
			t.Errorf("tsr %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(c.args, " "), code, stderr, c.want)
		}
	}
}
