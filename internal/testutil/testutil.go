// Package testutil holds the helpers every package's tests share: network
// namespaces and veth links, nftables rules, a made-up certificate
// authority, temporary files, waiting for a condition, skipping when
// loopback is down, and child processes a test runs inside a namespace.
// Tests import it instead of growing their own copies.
package testutil

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// WriteFile writes content to a file called name in a fresh temporary
// directory and returns its path.
func WriteFile(t testing.TB, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// WriteTree writes files (a slash-separated path below the root: its
// content) under a fresh temporary directory and returns that root.
func WriteTree(t testing.TB, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// NeedTool skips the test when command is not installed; pkg names the
// package that provides it (CI installs it).
func NeedTool(t testing.TB, command, pkg string) {
	t.Helper()
	if _, err := exec.LookPath(command); err != nil {
		t.Skipf("needs %s (Debian package %s): %v", command, pkg, err)
	}
}

// deadliner is what *testing.T has and testing.TB lacks.
type deadliner interface{ Deadline() (time.Time, bool) }

// Deadline is when a test must have given up waiting: a little before
// the test binary's deadline (go test -timeout), leaving time to report,
// or a minute from now when it has none.
func Deadline(t testing.TB) time.Time {
	if d, ok := t.(deadliner); ok {
		if dl, ok := d.Deadline(); ok {
			return dl.Add(-2 * time.Second)
		}
	}
	return time.Now().Add(time.Minute)
}

// WaitFor polls cond until it holds, and fails the test, saying what it
// waited for, when the test's deadline comes first. Tests wait for
// conditions, never for a fixed time.
func WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := Deadline(t)
	for poll := time.Millisecond; !cond(); poll = min(2*poll, 50*time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s: the test's deadline is near", what)
		}
		time.Sleep(poll)
	}
}

// Returns runs f and gives back what it returns; when the test's deadline
// comes first, it fails the test saying what did not return. It judges
// code that must end by itself (a timeout cutting a probe of a server that
// never answers) without a wall-clock bound a loaded machine may miss.
func Returns[T any](t testing.TB, what string, f func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(time.Until(Deadline(t))):
		t.Fatalf("%s did not return before the test's deadline", what)
		panic("unreachable")
	}
}
