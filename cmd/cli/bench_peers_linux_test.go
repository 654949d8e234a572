package cli

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/tsrhq/tsr/internal/testutil"
)

// The benchmarks here measure tsr beside a peer in the same run, so the
// machine's load is the same for both (docs/performance.md shows them
// side by side).

// BenchmarkStartupPeers: `tsr version` beside a Go hello-world, both fresh
// processes: what tsr's start-up costs over any Go program's.
func BenchmarkStartupPeers(b *testing.B) {
	tsr := buildRelease(b, "github.com/tsrhq/tsr/cmd/tsr")
	hello := buildRelease(b, testutil.WriteFile(b, "hello.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n"))
	b.Run("hello-world", func(b *testing.B) { runEach(b, hello) })
	b.Run("tsr-version", func(b *testing.B) { runEach(b, tsr, "version") })
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
func buildRelease(b *testing.B, pkg string) string {
	bin := filepath.Join(b.TempDir(), "prog")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}
