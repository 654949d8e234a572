package checks

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// useHostRoot makes the machine recorded under dir (its proc, sys, dev and
// etc) the host every check and ghw read, for one test.
func useHostRoot(t *testing.T, dir string) {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	setVar(t, &host, recordedHost(abs))
}

// useEtcFile makes a machine whose /etc holds this one file the host, and
// returns the file's path.
func useEtcFile(t *testing.T, name, content string) string {
	t.Helper()
	useHostRoot(t, t.TempDir())
	return writeEtcFile(t, name, content)
}

// writeEtcFile writes a file into the host's /etc (a recorded machine's).
func writeEtcFile(t *testing.T, name, content string) string {
	t.Helper()
	if host.live {
		t.Fatal("a test may not write into this machine's /etc")
	}
	path := etcPath(name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// recorded is the path of a recorded machine under testdata/hw.
func recorded(name string) string { return filepath.Join("testdata", "hw", name) }

// wantObserved checks observed values exactly, typed as the check gave them.
func wantObserved(t *testing.T, o Outcome, want map[string]any) {
	t.Helper()
	for name, w := range want {
		got, ok := o.Observed[name]
		if !ok {
			t.Errorf("%s not observed (message %q)", name, o.Message)
			continue
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%s = %#v, want %#v", name, got, w)
		}
	}
}
