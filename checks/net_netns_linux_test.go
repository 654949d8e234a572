package checks

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// The integration tests build network namespaces, run a check inside one by
// re-running this test binary under `ip netns exec` (which also mounts that
// namespace's /sys), and read the outcome back.

const (
	netnsRequestEnv = "TSR_NETNS_REQUEST"
	netnsMarker     = "TSR-NETNS-OUTCOME "
)

// netnsRequest is what the re-run test binary is asked to do.
type netnsRequest struct {
	Type       string
	With       map[string]any
	Methods    []string `json:",omitempty"` // narrow net.ping's methods
	DropNetRaw bool     `json:",omitempty"` // run without CAP_NET_RAW
}

type netnsOutcome struct {
	Observed                      map[string]any // as the report writes it
	Message, ErrorKind, Skip, Fix string
	Error                         bool
}

// TestNetnsChild does nothing in a normal run; re-run by inNetns, it runs
// one check and prints its outcome.
func TestNetnsChild(t *testing.T) {
	raw := os.Getenv(netnsRequestEnv)
	if raw == "" {
		return
	}
	var req netnsRequest
	if err := json.Unmarshal([]byte(raw), &req); err != nil {
		t.Fatal(err)
	}
	if req.Methods != nil {
		pingMethods = req.Methods
	}
	if req.DropNetRaw {
		// Capabilities belong to a thread; the check runs on this one.
		runtime.LockOSThread() // never unlocked: the thread dies with the test
		dropNetRaw(t)
	}
	o := runNet(t, req.Type, req.With)
	ty, _ := Lookup(req.Type)
	res := netnsOutcome{Observed: map[string]any{}, Message: o.Message, ErrorKind: o.ErrorKind, Skip: o.Skip, Fix: o.Fix, Error: o.Error}
	for name, v := range o.Observed {
		f, _ := ty.Field(name)
		res.Observed[name] = f.Kind.JSON(v)
	}
	b, _ := json.Marshal(res)
	fmt.Printf("\n%s%s\n", netnsMarker, b)
}

func dropNetRaw(t *testing.T) {
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		t.Fatal(err)
	}
	data[0].Effective &^= 1 << unix.CAP_NET_RAW
	if err := unix.Capset(&hdr, &data[0]); err != nil {
		t.Fatal(err)
	}
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_DGRAM, 0)
	if err == nil {
		unix.Close(fd)
		t.Fatal("CAP_NET_RAW is still effective")
	}
}

// inNetns runs a check inside namespace ns and returns its outcome with
// observed values in their canonical Go types again.
func inNetns(t *testing.T, ns string, req netnsRequest) Outcome {
	t.Helper()
	return runChild(t, ns, []string{"ip", "netns", "exec", ns}, req)
}

// inNetnsHostSys is inNetns with the /sys of the test's own namespace, as
// under `unshare -n` or in a container: nsenter enters only the network
// namespace, while `ip netns exec` would mount the namespace's /sys.
func inNetnsHostSys(t *testing.T, ns string, req netnsRequest) Outcome {
	t.Helper()
	needTool(t, "nsenter", "util-linux")
	return runChild(t, ns, []string{"nsenter", "--net=/run/netns/" + ns, "--"}, req)
}

// runChild re-runs this test binary under the command prefix, which
// enters ns, to run one check there.
func runChild(t *testing.T, ns string, prefix []string, req netnsRequest) Outcome {
	t.Helper()
	b, _ := json.Marshal(req)
	argv := append(append([]string{}, prefix...), os.Args[0], "-test.run=^TestNetnsChild$", "-test.count=1")
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), netnsRequestEnv+"="+string(b))
	if os.Getenv("GORACE") == "" {
		// A race-enabled child otherwise sleeps a second before exiting.
		cmd.Env = append(cmd.Env, "GORACE=atexit_sleep_ms=0")
	}
	out, err := cmd.CombinedOutput()
	_, line, found := bytes.Cut(out, []byte(netnsMarker))
	if !found {
		t.Fatalf("%s in %s: no outcome (%v):\n%s", req.Type, ns, err, out)
	}
	line, _, _ = bytes.Cut(line, []byte("\n"))
	var res netnsOutcome
	if err := json.Unmarshal(line, &res); err != nil {
		t.Fatalf("%s in %s: %v: %s", req.Type, ns, err, line)
	}
	ty, _ := Lookup(req.Type)
	o := Outcome{Observed: map[string]any{}, Message: res.Message, ErrorKind: res.ErrorKind, Skip: res.Skip, Fix: res.Fix, Error: res.Error}
	for name, v := range res.Observed {
		f, _ := ty.Field(name)
		if f.Kind == KindDuration {
			o.Observed[name] = time.Duration(math.Round(v.(float64) * float64(time.Millisecond)))
			continue
		}
		c, err := f.Kind.Convert(v)
		if err != nil {
			t.Fatalf("%s: field %s: %v", req.Type, name, err)
		}
		o.Observed[name] = c
	}
	return o
}

// needNetns skips a test that cannot build namespaces here.
func needNetns(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to create network namespaces")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("needs iproute2's ip command to create network namespaces")
	}
}

// newNetns creates a namespace with its loopback up; the test removes it.
func newNetns(t *testing.T) string {
	t.Helper()
	b := make([]byte, 4)
	rand.Read(b)
	name := "tsrtest-" + hex.EncodeToString(b)
	if out, err := exec.Command("ip", "netns", "add", name).CombinedOutput(); err != nil {
		t.Skipf("cannot create a network namespace here: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("ip", "netns", "del", name).CombinedOutput(); err != nil {
			t.Errorf("removing namespace %s: %v: %s", name, err, out)
		}
	})
	ipRun(t, "-n", name, "link", "set", "lo", "up")
	return name
}

// ipRun runs `ip ARGS...` and fails the test when it fails.
func ipRun(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
		t.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, out)
	}
}

// nsExec runs a command inside a namespace and returns its output.
func nsExec(t *testing.T, ns string, argv ...string) (string, error) {
	t.Helper()
	out, err := exec.Command("ip", append([]string{"netns", "exec", ns}, argv...)...).CombinedOutput()
	return string(out), err
}

// vethPair links two namespaces with a veth pair (devA in a, devB in b).
func vethPair(t *testing.T, a, devA, b, devB string) {
	t.Helper()
	ipRun(t, "-n", a, "link", "add", devA, "type", "veth", "peer", "name", devB, "netns", b)
}

// waitOperState waits until the kernel's operstate of dev says want: it
// follows carrier changes a moment later.
func waitOperState(t *testing.T, ns, dev, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		out, _ := nsExec(t, ns, "cat", "/sys/class/net/"+dev+"/operstate")
		if strings.TrimSpace(out) == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s in %s: operstate %q, want %q", dev, ns, strings.TrimSpace(out), want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
