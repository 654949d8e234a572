package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
	"github.com/tsrhq/tsr/report"
)

// hungNetwork is the command argv run in a network namespace of its own
// where 10.9.9.2 sits behind a veth whose other end is down, with a
// permanent neighbour entry so no ARP fails fast: a TCP connect there
// never ends. `ip netns exec` execs argv, so the command's process is
// argv's own.
func hungNetwork(t *testing.T, argv ...string) *exec.Cmd {
	t.Helper()
	ns := testutil.NewNetns(t, testutil.RandomName("tsrhung"))
	testutil.IP(t, "-n", ns, "link", "add", "v0", "type", "veth", "peer", "name", "v1")
	testutil.IP(t, "-n", ns, "link", "set", "v0", "up")
	testutil.IP(t, "-n", ns, "addr", "add", "10.9.9.1/24", "dev", "v0")
	testutil.IP(t, "-n", ns, "neigh", "add", "10.9.9.2", "lladdr", "02:00:00:00:00:02", "dev", "v0", "nud", "permanent")
	return exec.Command("ip", append([]string{"netns", "exec", ns}, argv...)...)
}

// connecting says whether process pid has a TCP connect under way (state
// SYN_SENT) to remote, as /proc/PID/net/tcp writes it (little-endian hex
// address:port), in the process's own network namespace.
func connecting(pid int, remote string) bool {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/net/tcp", pid))
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) > 3 && f[2] == remote && f[3] == "02" {
			return true
		}
	}
	return false
}

const hungPlaybook = `
tsr: 1
name: hung
checks:
  - { id: quick, uses: sys.os }
  - { id: blackhole, uses: net.tcp, with: { host: 10.9.9.2, port: 443, timeout: 1h }, timeout: 1h, needs: [quick] }
  - { id: after, uses: sys.os, needs: [blackhole] }
`

// TestSignalStopsAtOnceAndWritesTheReport: Ctrl-C (SIGINT), SIGTERM or SIGHUP (an SSH session dropping)
// during a probe that gets no answer for an hour ends tsr with exit 130
// and the partial report written.
func TestSignalStopsAtOnceAndWritesTheReport(t *testing.T) {
	bin := buildTSR(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			pb := testutil.WriteFile(t, "hung.yaml", hungPlaybook)
			out := filepath.Join(t.TempDir(), "r.json")
			cmd := hungNetwork(t, bin, "diagnose", "--no-inventory", pb, "-o", out)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// blackhole starts after quick passed; once its connect waits, signal.
			testutil.WaitFor(t, "tsr's connect to 10.9.9.2:443", func() bool { return connecting(cmd.Process.Pid, "0209090A:01BB") })
			cmd.Process.Signal(sig)
			err := testutil.Returns(t, "tsr after "+sig.String()+" during an hour-long probe", cmd.Wait)
			code := cmd.ProcessState.ExitCode()
			if code != 130 {
				t.Fatalf("exit %d (%v), want 130\nstdout:\n%s\nstderr:\n%s", code, err, stdout.String(), stderr.String())
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatalf("no report written: %v", err)
			}
			var r report.Report
			if err := report.Decode(bytes.NewReader(data), &r); err != nil {
				t.Fatal(err)
			}
			if !r.Run.Interrupted || r.Results[0].Status != "pass" || r.Results[1].Status != "skip" || r.Results[2].Status != "skip" {
				t.Errorf("report: interrupted=%v results=%+v", r.Run.Interrupted, r.Results)
			}
			if !strings.Contains(stdout.String(), "interrupted") {
				t.Errorf("the text report does not say the run was interrupted:\n%s", stdout.String())
			}
		})
	}
}

// TestOutputToAFIFOIsRefused: -o naming a FIFO would block forever on
// open; it is refused before anything runs.
func TestOutputToAFIFOIsRefused(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "r.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	pb := testutil.WriteFile(t, "pb.yaml", healthy)
	code, _, stderr := tsr(t, "", "diagnose", pb, "-o", fifo)
	if code != 2 || !strings.Contains(stderr, "not a regular file") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// TestHangUpEndsCommandChildren: SIGHUP during a sys.command writes the
// report (interrupted) and leaves none of the command's processes running.
func TestHangUpEndsCommandChildren(t *testing.T) {
	bin := buildTSR(t)
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pids")
	out := filepath.Join(dir, "r.json")
	pb := testutil.WriteFile(t, "cmd.yaml", `
tsr: 1
name: children
checks:
  - { id: bad, uses: sys.file, with: { path: /nonexistent/tsr-test } }
  - id: long
    uses: sys.command
    timeout: 5m
    with: { run: [sh, -c, "sleep 300 & echo $$ $! > `+pidFile+`.tmp; mv `+pidFile+`.tmp `+pidFile+`; wait"], timeout: 5m }
`)
	cmd := exec.Command(bin, "diagnose", "--no-inventory", "--allow-exec", pb, "-o", out)
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	testutil.WaitFor(t, "the command's processes", func() bool { _, err := os.Stat(pidFile); return err == nil })
	data, _ := os.ReadFile(pidFile)
	pids := strings.Fields(string(data))
	cmd.Process.Signal(syscall.SIGHUP)
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != ExitInterrupted {
		t.Errorf("exit %d, want 130 (interrupted wins over the failed check)\n%s", code, stdout.String())
	}
	var r report.Report
	if data, err := os.ReadFile(out); err != nil {
		t.Fatalf("no report: %v", err)
	} else if err := report.Decode(bytes.NewReader(data), &r); err != nil || !r.Run.Interrupted {
		t.Errorf("report interrupted=%v err=%v", r.Run.Interrupted, err)
	}
	for _, pid := range pids {
		n, _ := strconv.Atoi(pid)
		testutil.WaitFor(t, "process "+pid+" to end", func() bool { return !testutil.Alive(n) })
	}
	if !strings.Contains(stdout.String(), "INTERRUPTED") {
		t.Errorf("the status line does not say INTERRUPTED:\n%s", stdout.String())
	}
}
