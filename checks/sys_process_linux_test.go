package checks

import "testing"

func TestProcessRecordedProc(t *testing.T) {
	useHostRoot(t, recorded("laptop"))
	for name, pids := range map[string][]string{
		"sshd": {"812", "813"},
		// comm keeps 15 bytes: a longer name matches its first 15.
		"a-very-long-program-name": {"900"},
		"a-very-long-pro":          {"900"},
		"a-very-long-pr":           {},
		"ssh":                      {},
	} {
		o := run(t, "sys.process", map[string]any{"name": name})
		wantObserved(t, o, map[string]any{"pids": pids, "running": len(pids) > 0, "count": int64(len(pids))})
	}
	o := run(t, "sys.process", map[string]any{"name": "sshd"})
	if o.Message != "sshd is running (pid 812, 813)" {
		t.Errorf("message %q", o.Message)
	}
}
