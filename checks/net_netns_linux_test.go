package checks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/tsrhq/tsr/internal/testutil"
	"golang.org/x/sys/unix"
)

// The integration tests build network namespaces, run a check inside one by
// re-running this test binary (the netns-check child) under `ip netns exec` (which also mounts that
// namespace's /sys), and read the outcome back.

const (
	netnsChildName = "netns-check"
	netnsMarker    = "TSR-NETNS-OUTCOME "
)

// netnsRequest is what the re-run test binary is asked to do.
type netnsRequest struct {
	Type       string
	With       map[string]any
	Methods    []string          `json:",omitempty"` // narrow net.ping's methods
	DropNetRaw bool              `json:",omitempty"` // run without CAP_NET_RAW
	Env        map[string]string `json:",omitempty"` // set these environment variables first
	RootsPEM   string            `json:",omitempty"` // trust these CA certificates (PEM)
}

type netnsOutcome struct {
	Observed           map[string]any // as the report writes it
	Message, Skip, Fix string
	ErrorKind          ErrorKind
	Error              bool
}

func init() { testChildren[netnsChildName] = netnsChild }

// netnsChild runs one check in the namespace it was started in and prints
// its outcome for runChild.
func netnsChild(raw []byte) error {
	var req netnsRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		return err
	}
	if req.Methods != nil {
		pingMethods = req.Methods
	}
	for k, v := range req.Env {
		os.Setenv(k, v)
	}
	if req.RootsPEM != "" {
		tlsRoots.AppendCertsFromPEM([]byte(req.RootsPEM))
	}
	if req.DropNetRaw {
		// Capabilities belong to a thread; the check runs on this one.
		runtime.LockOSThread() // never unlocked: the thread dies with the process
		if err := dropNetRaw(); err != nil {
			return err
		}
	}
	o, err := runCheck(&Env{}, req.Type, req.With)
	if err != nil {
		return err
	}
	ty, _ := Lookup(req.Type)
	res := netnsOutcome{Observed: map[string]any{}, Message: o.Message, ErrorKind: o.ErrorKind, Skip: o.Skip, Fix: o.Fix, Error: o.Error}
	for name, v := range o.Observed {
		f, _ := ty.Field(name) // declared: runCheck says so
		res.Observed[name] = f.Kind.JSON(v)
	}
	b, _ := json.Marshal(res)
	fmt.Printf("\n%s%s\n", netnsMarker, b)
	return nil
}

func dropNetRaw() error {
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		return err
	}
	data[0].Effective &^= 1 << unix.CAP_NET_RAW
	if err := unix.Capset(&hdr, &data[0]); err != nil {
		return err
	}
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_DGRAM, 0)
	if err == nil {
		unix.Close(fd)
		return errors.New("CAP_NET_RAW is still effective")
	}
	return nil
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
	testutil.NeedTool(t, "nsenter", "util-linux")
	return runChild(t, ns, []string{"nsenter", "--net=/run/netns/" + ns, "--"}, req)
}

// runChild re-runs this test binary under the command prefix, which
// enters ns, to run one check there.
func runChild(t *testing.T, ns string, prefix []string, req netnsRequest) Outcome {
	t.Helper()
	out, err := testutil.ChildCommand(t, prefix, netnsChildName, req).CombinedOutput()
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

// newNetns creates a namespace with its loopback up; the test removes it.
func newNetns(t *testing.T) string {
	t.Helper()
	return testutil.NewNetns(t, testutil.RandomName("tsrtest-"))
}
