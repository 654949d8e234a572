package checks

import (
	"errors"
	"io/fs"
	"testing"
	"time"

	"github.com/tsrhq/tsr/internal/testutil"
)

// readUptime keeps why /proc/uptime could not be read, so its caller can
// tell a missing privilege (ask the journal) from a missing file.
func TestReadUptimeKeepsTheCause(t *testing.T) {
	useHostRoot(t, t.TempDir())
	if _, err := readUptime(); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no /proc/uptime: err = %v, want one that is fs.ErrNotExist", err)
	}
	useHostRoot(t, testutil.WriteTree(t, map[string]string{"proc/uptime": "350735.47 234388.90\n"}))
	if up, err := readUptime(); err != nil || up != 350735470*time.Millisecond {
		t.Errorf("uptime = %v, %v; want 97h25m35.47s", up, err)
	}
}
