package testutil

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// NeedNetns skips a test that cannot build network namespaces here: it
// needs root and iproute2's ip.
func NeedNetns(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to create network namespaces (CI runs as root)")
	}
	NeedTool(t, "ip", "iproute2")
}

// RandomName is prefix followed by 8 random hex digits: names of
// namespaces and links that parallel runs do not share.
func RandomName(prefix string) string {
	b := make([]byte, 4)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// NewNetns creates network namespace name with its loopback up; the test's
// cleanup removes it. A machine that cannot create one skips the test.
func NewNetns(t testing.TB, name string) string {
	t.Helper()
	NeedNetns(t)
	if out, err := exec.Command("ip", "netns", "add", name).CombinedOutput(); err != nil {
		t.Skipf("cannot create a network namespace here: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("ip", "netns", "del", name).CombinedOutput(); err != nil {
			t.Errorf("removing namespace %s: %v: %s", name, err, out)
		}
	})
	IP(t, "-n", name, "link", "set", "lo", "up")
	return name
}

// IP runs `ip ARGS...` and fails the test when it fails.
func IP(t testing.TB, args ...string) {
	t.Helper()
	if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
		t.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, out)
	}
}

// NsExec runs a command inside namespace ns and returns its output.
func NsExec(ns string, argv ...string) (string, error) {
	out, err := exec.Command("ip", append([]string{"netns", "exec", ns}, argv...)...).CombinedOutput()
	return string(out), err
}

// NsSh runs a shell script inside namespace ns, failing the test when it
// fails, and returns its output.
func NsSh(t testing.TB, ns, script string) string {
	t.Helper()
	out, err := NsExec(ns, "sh", "-c", script)
	if err != nil {
		t.Fatalf("in %s: %s: %v: %s", ns, script, err, out)
	}
	return out
}

// Veth links two namespaces with a veth pair: devA in a, devB in b.
func Veth(t testing.TB, a, devA, b, devB string) {
	t.Helper()
	IP(t, "-n", a, "link", "add", devA, "type", "veth", "peer", "name", devB, "netns", b)
}

// OperState is the kernel's operstate of dev in ns ("up", "down",
// "lowerlayerdown"...), or "" when it cannot be read.
func OperState(ns, dev string) string {
	out, err := NsExec(ns, "cat", "/sys/class/net/"+dev+"/operstate")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(out)
}

// WaitOperState waits until dev in ns has operstate want: the kernel
// follows a carrier change a moment later.
func WaitOperState(t testing.TB, ns, dev, want string) {
	t.Helper()
	WaitFor(t, fmt.Sprintf("%s in %s to be %s", dev, ns, want), func() bool { return OperState(ns, dev) == want })
}

// Nft loads an nftables ruleset into namespace ns; the returned func
// flushes ns's ruleset again (the test's cleanup does too). A machine
// without nft skips the test; a ruleset nft refuses fails it.
func Nft(t testing.TB, ns, ruleset string) (undo func()) {
	t.Helper()
	NeedTool(t, "nft", "nftables")
	cmd := exec.Command("ip", "netns", "exec", ns, "nft", "-f", "-")
	cmd.Stdin = strings.NewReader(ruleset)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nft in %s: %v: %s\n%s", ns, err, out, ruleset)
	}
	undo = func() { NsExec(ns, "nft", "flush", "ruleset") }
	t.Cleanup(undo)
	return undo
}

// Loss is an nftables ruleset that drops, at random, percent of the
// packets matching match (an nft expression such as "icmp type
// echo-request", or "" for all) on hook (input, forward or output):
// real packet loss, not a simulated one.
func Loss(hook, match string, percent int) string {
	return fmt.Sprintf(`table inet tsrloss {
  chain %s { type filter hook %s priority 0; %s numgen random mod 100 < %d drop; }
}
`, hook, hook, match, percent)
}

// LossEvery is an nftables ruleset that drops every nth packet matching
// match on hook: a loss both ends of a comparison see alike.
func LossEvery(hook, match string, n int) string {
	return fmt.Sprintf(`table inet tsrloss {
  chain %s { type filter hook %s priority 0; %s numgen inc mod %d == 0 drop; }
}
`, hook, hook, match, n)
}

// DropOver is an nftables ruleset that drops, without a word, the IPv4
// packets longer than size bytes on hook: a path MTU black hole, as a VPN
// or PPPoE link whose ICMP is filtered makes.
func DropOver(hook string, size int) string {
	return fmt.Sprintf(`table inet tsrmtu {
  chain %s { type filter hook %s priority 0; ip length > %d drop; }
}
`, hook, hook, size)
}

// Tinyproxy runs tinyproxy in namespace ns listening on addr (host:port),
// with extra configuration lines, until the test ends, and waits until it
// accepts connections. Its log is shown when the test fails. A machine
// without tinyproxy skips the test.
func Tinyproxy(t testing.TB, ns, addr string, extra ...string) {
	t.Helper()
	NeedTool(t, "tinyproxy", "tinyproxy")
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	lines := append([]string{"Port " + port, "Listen " + host, "Timeout 10", "LogLevel Info", "MaxClients 20"}, extra...)
	conf := WriteFile(t, "tinyproxy.conf", strings.Join(lines, "\n")+"\n")
	log, err := os.Create(filepath.Join(filepath.Dir(conf), "log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("ip", "netns", "exec", ns, "tinyproxy", "-d", "-c", conf)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		if t.Failed() {
			b, _ := os.ReadFile(log.Name())
			t.Logf("tinyproxy on %s in %s:\n%s", addr, ns, b)
		}
	})
	WaitFor(t, "tinyproxy on "+addr+" in "+ns, func() bool {
		_, err := NsExec(ns, "bash", "-c", "exec 3<>/dev/tcp/"+host+"/"+port)
		return err == nil
	})
}
