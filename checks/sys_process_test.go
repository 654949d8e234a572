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
	o, status := runType(t, "sys.process", &Env{}, map[string]any{"name": name})
	pids, _ := o.Observed["pids"].([]string)
	if status != "pass" || !slices.Contains(pids, strconv.Itoa(os.Getpid())) {
		t.Errorf("status %s, pids %v, want pass with %d (%s)", status, pids, os.Getpid(), o.Message)
	}
	if o.Observed["count"] != int64(len(pids)) {
		t.Errorf("count %v, %d pids", o.Observed["count"], len(pids))
	}
}

func TestProcessNotRunningFails(t *testing.T) {
	o, status := runType(t, "sys.process", &Env{}, map[string]any{"name": "tsr-no-such-program"})
	wantObserved(t, o, map[string]any{"running": false, "count": int64(0), "pids": []string{}})
	if status != "fail" || o.Message != "tsr-no-such-program is not running" {
		t.Errorf("status %s, message %q", status, o.Message)
	}
}
