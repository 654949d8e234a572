package cli

import (
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tsrhq/tsr/internal/testutil"
)

// The benchmarks here measure tsr beside a peer in the same run, so the
// machine's load is the same for both (docs/performance.md shows them
// side by side).

// BenchmarkStartupPeers: `tsr version` beside a Go hello-world, both fresh
// processes: what tsr's start-up costs over any Go program's. Beside them,
// a program that only links what tsr links: what tsr's dependencies cost
// at every start, before any of tsr's own code runs.
func BenchmarkStartupPeers(b *testing.B) {
	tsr := buildRelease(b, "github.com/tsrhq/tsr/cmd/tsr")
	hello := buildRelease(b, testutil.WriteFile(b, "hello.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n"))
	deps := buildRelease(b, dependenciesOnly(b))
	b.Run("hello-world", func(b *testing.B) { runEach(b, hello) })
	b.Run("dependencies-only", func(b *testing.B) { runEach(b, deps) })
	b.Run("tsr-version", func(b *testing.B) { runEach(b, tsr, "version") })
}

// dependenciesOnly writes a program that links every package tsr's own
// packages import and does nothing: every linked package's set-up runs
// at every start of any program that links it, so this is the floor under
// tsr's start-up that tsr's own code cannot lower. It lives beside a copy
// of tsr's go.mod, so it links the same versions.
func dependenciesOnly(b *testing.B) string {
	list := exec.Command("go", "list", "-deps", "-f",
		`{{if .Module}}{{if eq .Module.Path "github.com/tsrhq/tsr"}}{{join .Imports "\n"}}{{end}}{{end}}`,
		"github.com/tsrhq/tsr/cmd/tsr")
	out, err := list.Output()
	if err != nil {
		b.Fatalf("go list: %v", err)
	}
	imports := map[string]bool{}
	for _, pkg := range strings.Fields(string(out)) {
		if !strings.HasPrefix(pkg, "github.com/tsrhq/tsr") && pkg != "unsafe" && pkg != "embed" {
			imports[pkg] = true
		}
	}
	var src strings.Builder
	src.WriteString("package main\n\nimport (\n")
	for _, pkg := range slices.Sorted(maps.Keys(imports)) {
		fmt.Fprintf(&src, "\t_ %q\n", pkg)
	}
	src.WriteString(")\n\nfunc main() {}\n")
	root := filepath.Join("..", "..") // this package is cmd/cli
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		b.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		b.Fatal(err)
	}
	return testutil.WriteTree(b, map[string]string{
		"go.mod":  strings.Replace(string(mod), "module github.com/tsrhq/tsr", "module depsonly", 1),
		"go.sum":  string(sum),
		"main.go": src.String(),
	})
}

// BenchmarkLoopbackPeers: the same 7 checks of this machine (two files, a
// listening port, a TCP connect, an HTTP GET, a process, a command), all
// on loopback, by tsr and by goss (github.com/goss-org/goss, built
// outside the repository; its path in TSR_BENCH_GOSS).
func BenchmarkLoopbackPeers(b *testing.B) {
	testutil.NeedLoopback(b)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok")) }))
	b.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	self := filepath.Base(os.Args[0])
	if len(self) > 15 {
		self = self[:15] // the kernel's comm, which both tools match
	}
	tsrPlaybook := testutil.WriteFile(b, "loopback.yaml", fmt.Sprintf(`tsr: 1
name: loopback
checks:
  - { id: passwd, uses: sys.file, with: { path: /etc/passwd } }
  - { id: shell, uses: sys.file, with: { path: /bin/sh } }
  - { id: listen, uses: net.listen, with: { port: %[1]s } }
  - { id: connect, uses: net.tcp, with: { host: 127.0.0.1, port: %[1]s } }
  - { id: web, uses: net.http, with: { url: "%[2]s/", proxy: none } }
  - { id: process, uses: sys.process, with: { name: %[3]s } }
  - { id: command, uses: sys.command, with: { run: [true] } }
`, port, srv.URL, self))
	gossFile := testutil.WriteFile(b, "goss.yaml", fmt.Sprintf(`file:
  /etc/passwd: { exists: true }
  /bin/sh: { exists: true }
port:
  tcp:%[1]s: { listening: true }
addr:
  tcp://127.0.0.1:%[1]s: { reachable: true, timeout: 500 }
http:
  %[2]s/: { status: 200, timeout: 5000 }
process:
  %[3]s: { running: true }
command:
  "true": { exit-status: 0 }
`, port, srv.URL, self))
	tsr := buildRelease(b, "github.com/tsrhq/tsr/cmd/tsr")
	b.Run("tsr", func(b *testing.B) {
		runEach(b, tsr, "diagnose", tsrPlaybook, "-q", "--no-inventory", "--allow-exec")
	})
	goss := os.Getenv("TSR_BENCH_GOSS")
	b.Run("goss", func(b *testing.B) {
		if goss == "" {
			b.Skip("set TSR_BENCH_GOSS to a goss binary to compare with it")
		}
		runEach(b, goss, "--gossfile", gossFile, "validate", "--format", "silent")
	})
}

// runEach runs a command once per iteration; it must succeed. Besides
// the wall time it reports the CPU time (user and system) the command
// used, which depends less on what else the machine is doing.
func runEach(b *testing.B, name string, args ...string) {
	var cpu time.Duration
	for b.Loop() {
		cmd := exec.Command(name, args...)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// buildRelease builds a program as tsr and goss release theirs (static,
// no cgo, stripped), so each peer starts as its users' copy does: a
// default build here links tsr against the C library, whose loading
// costs more than the whole of a hello-world's start.
// pkg is an import path, a .go file, or a folder holding its own module.
func buildRelease(b *testing.B, pkg string) string {
	bin := filepath.Join(b.TempDir(), "prog")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, pkg)
	if info, err := os.Stat(pkg); err == nil && info.IsDir() {
		cmd.Dir, cmd.Args[len(cmd.Args)-1] = pkg, "."
	}
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}
