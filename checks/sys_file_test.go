package checks

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tsrhq/tsr/internal/testutil"
)

func TestFileRegular(t *testing.T) {
	path := testutil.WriteFile(t, "hosts", "127.0.0.1 localhost\n")
	o := run(t, "sys.file", map[string]any{"path": path})
	wantObserved(t, o, map[string]any{"exists": true, "type": "file", "size": int64(20), "content": "127.0.0.1 localhost\n"})
	expectEqual(t, "message", o.Message, path+" exists (file, 20 B)")

	o = run(t, "sys.file", map[string]any{"path": filepath.Join(t.TempDir(), "none")})
	wantObserved(t, o, map[string]any{"exists": false})
	expectEqual(t, "status", status(t, "sys.file", o), "fail")
}

// A symlink is reported as one, with its target's size, mode, age and
// content (/etc/resolv.conf -> ../run/systemd/resolve/stub-resolv.conf).
func TestFileSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	dir := t.TempDir()
	content := "nameserver 127.0.0.53\noptions edns0 trust-ad\n"
	if err := os.MkdirAll(filepath.Join(dir, "run"), 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "run", "stub-resolv.conf")
	if err := os.WriteFile(target, []byte(content), 0o640); err != nil {
		t.Fatal(err)
	}
	// Not what the umask leaves.
	if err := os.Chmod(target, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "run"), 0o755); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(target, old, old); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "resolv.conf")
	if err := os.Symlink("run/stub-resolv.conf", link); err != nil {
		t.Fatal(err)
	}
	before := time.Now()
	o := run(t, "sys.file", map[string]any{"path": link})
	after := time.Now()
	wantObserved(t, o, map[string]any{"exists": true, "type": "symlink", "size": int64(len(content)), "mode": "0640", "content": content})
	// The target's age (not the link's, made just now) while the check
	// ran, rounded to the second as the check reports it.
	if age, _ := o.Observed["age"].(time.Duration); age < before.Sub(old)-time.Second/2 || age > after.Sub(old)+time.Second/2 {
		t.Errorf("age %v, want the target's: between %v and %v", o.Observed["age"], before.Sub(old), after.Sub(old))
	}
	expectEqual(t, "message", o.Message, link+" exists (symlink to run/stub-resolv.conf: file, 45 B)")
	expectEqual(t, "status", status(t, "sys.file", o), "pass")

	// A link to a directory: the directory's mode.
	dirLink := filepath.Join(dir, "rundir")
	if err := os.Symlink(filepath.Join(dir, "run"), dirLink); err != nil {
		t.Fatal(err)
	}
	o = run(t, "sys.file", map[string]any{"path": dirLink})
	wantObserved(t, o, map[string]any{"type": "symlink", "mode": "0755", "content": ""})
	expectContains(t, "message", o.Message, ": dir, ")

	// A dangling link exists, but its target does not.
	dangling := filepath.Join(dir, "dangling")
	if err := os.Symlink("run/gone.conf", dangling); err != nil {
		t.Fatal(err)
	}
	o = run(t, "sys.file", map[string]any{"path": dangling})
	wantObserved(t, o, map[string]any{"exists": true, "type": "symlink", "content": ""})
	for _, field := range []string{"size", "mode", "age"} {
		if v, ok := o.Observed[field]; ok {
			t.Errorf("dangling link: %s = %v, want none (there is no target)", field, v)
		}
	}
	if !strings.Contains(o.Message, "run/gone.conf") || !strings.Contains(o.Message, "target is missing") {
		t.Errorf("dangling link message %q does not say the target is missing", o.Message)
	}
}

// content is the start of a text file, whole or cut at the limit on a
// rune's edge, and empty for a binary wherever its first NUL byte stands.
func TestFileContent(t *testing.T) {
	long := strings.Repeat("line of text é\n", 300) // 4.8 KB
	big := strings.Repeat("é", fileContentLimit)    // 128 KB of 2-byte runes
	for _, c := range []struct{ name, data, want string }{
		{"text", long, long},
		{"text cut at the limit", "a" + big, "a" + big[:fileContentLimit-2]},
		{"binary at once", "\x7fELF\x02\x01\x01\x00" + long, ""},
		{"binary later", long + "\x00" + long, ""},
		{"not UTF-8", "caf\xe9 " + long, ""},
	} {
		path := testutil.WriteFile(t, c.name, c.data)
		got, _ := run(t, "sys.file", map[string]any{"path": path}).Observed["content"].(string)
		if got != c.want {
			t.Errorf("%s: content is %d bytes (%.20q), want %d (%.20q)", c.name, len(got), got, len(c.want), c.want)
		}
	}
}
