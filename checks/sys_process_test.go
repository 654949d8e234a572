package checks

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestProcessFindsThisTest(t *testing.T) {
	name := strings.TrimSuffix(filepath.Base(os.Args[0]), ".exe")
	o := run(t, "sys.process", map[string]any{"name": name})
	got := status(t, "sys.process", o)
	pids, _ := o.Observed["pids"].([]string)
	if got != "pass" || !slices.Contains(pids, strconv.Itoa(os.Getpid())) {
		t.Errorf("status %s, pids %v, want pass with %d (%s)", got, pids, os.Getpid(), o.Message)
	}
	if o.Observed["count"] != int64(len(pids)) {
		t.Errorf("count %v, %d pids", o.Observed["count"], len(pids))
	}
}

func TestProcessNotRunningFails(t *testing.T) {
	o := run(t, "sys.process", map[string]any{"name": "tsr-no-such-program"})
	got := status(t, "sys.process", o)
	wantObserved(t, o, map[string]any{"running": false, "count": int64(0), "pids": []string{}})
	if got != "fail" || o.Message != "tsr-no-such-program is not running" {
		t.Errorf("status %s, message %q", got, o.Message)
	}
}
