package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tsrhq/tsr/internal/testutil"
)

// TestDoubleClick runs what a double-click on tsr.exe runs, with injected
// streams and folders: the reports land in the first folder that exists,
// named after the host and the minute, the HTML one is opened, the user
// is told where both are, and the window waits for Enter.
func TestDoubleClick(t *testing.T) {
	pb := testutil.WriteFile(t, "healthy.yaml", healthy)
	now := time.Date(2026, 11, 30, 9, 5, 59, 0, time.Local)
	run := func(t *testing.T, folders []func() (string, error), open func(string) error) (code int, out string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		enter := &enterKey{out: &stdout}
		code = runDoubleClick(Streams{In: enter, Out: &stdout, Err: &stderr}, clickEnv{host: "PC-042.corp", now: now, folders: folders, open: open}, []string{pb})
		if !strings.HasSuffix(enter.shown, "Press Enter to close this window.\n") {
			t.Errorf("the window did not wait for Enter after its last words; it showed:\n%s", enter.shown)
		}
		return code, stdout.String() + stderr.String()
	}
	dir := func(path string) func() (string, error) { return func() (string, error) { return path, nil } }
	const base = "tsr-report-PC-042_corp-20261130-0905"

	t.Run("documents-when-no-desktop", func(t *testing.T) {
		home := t.TempDir()
		docs := filepath.Join(home, "Documents")
		os.Mkdir(docs, 0o755)
		var opened []string
		code, out := run(t, []func() (string, error){
			func() (string, error) { return "", errors.New("no known Desktop folder") },
			dir(filepath.Join(home, "Desktop")), // not there
			dir(docs),
		}, func(p string) error { opened = append(opened, p); return nil })
		if code != ExitOK {
			t.Errorf("exit %d\n%s", code, out)
		}
		html, js := filepath.Join(docs, base+".html"), filepath.Join(docs, base+".json")
		for _, p := range []string{html, js} {
			if _, err := os.Stat(p); err != nil {
				t.Errorf("no report %s: %v\n%s", p, err, out)
			}
		}
		data, _ := os.ReadFile(js)
		var rep struct{ Status string }
		if err := json.Unmarshal(data, &rep); err != nil || rep.Status != "pass" {
			t.Errorf("the JSON report: status %q, %v", rep.Status, err)
		}
		if len(opened) != 1 || opened[0] != html {
			t.Errorf("opened %q, want the HTML report", opened)
		}
		for _, want := range []string{"saved in " + docs, base + ".html", base + ".json", "help desk", "opens in your browser", "Press Enter"} {
			if !strings.Contains(out, want) {
				t.Errorf("the window does not say %q:\n%s", want, out)
			}
		}
	})

	t.Run("desktop-first", func(t *testing.T) {
		desktop, docs := t.TempDir(), t.TempDir()
		_, out := run(t, []func() (string, error){dir(desktop), dir(docs)}, func(string) error { return errors.New("no browser") })
		if _, err := os.Stat(filepath.Join(desktop, base+".html")); err != nil {
			t.Errorf("not on the desktop: %v\n%s", err, out)
		}
		if entries, _ := os.ReadDir(docs); len(entries) != 0 {
			t.Errorf("Documents got %v too", entries)
		}
		if !strings.Contains(out, "could not be opened in your browser (no browser): open "+base+".html yourself") {
			t.Errorf("a browser that does not open is not explained:\n%s", out)
		}
	})
}

// enterKey is a user who presses Enter when first asked to type: what the
// window showed by then is kept.
type enterKey struct {
	out   *bytes.Buffer
	shown string
	read  bool
}

func (k *enterKey) Read(p []byte) (int, error) {
	if k.read {
		return 0, io.EOF
	}
	k.read, k.shown = true, k.out.String()
	return copy(p, "\n"), nil
}
