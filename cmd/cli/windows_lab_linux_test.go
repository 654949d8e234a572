package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/internal/testutil"
	"github.com/tsrhq/tsr/playbooks"
)

// windowsPending lists the checks whose Windows probe is still to come,
// with whose work it is: their errors are logged, not failed, and they are
// no root cause of these tests. When a probe lands, its line goes.
var windowsPending = map[string]string{}

// windowsPendingFaults lists the faults the Windows build cannot yet tell
// as the Linux build does, with whose work it is: they skip with that
// reason when the root causes differ.
var windowsPendingFaults = map[string]string{}

// udpChecks are the built-ins' checks that only speak UDP (Wine 8 cannot:
// see wine_linux_test.go); the Windows runs leave them out with --skip.
var udpChecks = []string{"resolvers", "dns-hijack", "clock"}

// TestWindowsLab runs the Windows build of tsr under Wine as the client of
// the fault lab, on the built-in playbooks with their DNS asked over TCP
// and their UDP-only checks left out: no check errs or crashes when all is
// well, and each single fault has the root causes the Linux build finds.
func TestWindowsLab(t *testing.T) {
	needLab(t)
	needWine(t)
	pc := windowsPC(t)
	l := newLab(t, buildTSR(t))
	defaultPB, networkPB := builtinOverTCP(t, "default"), builtinOverTCP(t, "network")
	skipUDP := "--skip=" + strings.Join(udpChecks, ",")
	// The Linux lab's arguments, on the built-in over TCP, UDP-only checks left out.
	labDefault := func(site string) []string {
		args := defaultArgs(site, labNTP, "--skip", strings.Join(udpChecks, ","))
		args[0] = defaultPB
		return args
	}

	t.Run("healthy-default", func(t *testing.T) {
		r := l.diagnoseWindows(t, pc, defaultPB, "--set", "site="+labSite, "--set", "ntp_server="+labNTP, "--set", "portal_url="+labProbeURL, skipUDP)
		r.wantNoError(t)
		for _, id := range append([]string{"os"}, networkIDs...) {
			switch {
			case id == "ip-conflict": // its Windows probe may need what the PC does not give
				r.wantWindows(t, id, "pass", "skip")
			case !slices.Contains(udpChecks, id):
				r.wantWindows(t, id, "pass")
			}
		}
		for _, id := range hardwareChecks {
			r.wantWindows(t, id, "pass", "warn", "skip")
		}
		r.wantWindowsCauses(t)
		if res := r.result(t, "https"); res.Observed["status"] != 200.0 {
			t.Errorf("https observed %v, want status 200", res.Observed)
		}
	})

	t.Run("healthy-network", func(t *testing.T) {
		r := l.diagnoseWindows(t, pc, networkPB, "--set", "site="+labSite, "--set", "ping_host="+labWebIP, "--set", "portal_url="+labProbeURL)
		r.wantNoError(t)
		for _, id := range []string{"link", "address", "route", "gateway", "internet", "dns", "tcp", "https", "mtu"} {
			r.wantWindows(t, id, "pass", "warn")
		}
		r.wantWindowsCauses(t)
	})

	t.Run("healthy-hardware", func(t *testing.T) {
		r := l.diagnoseWindows(t, pc, "hardware", "--skip", "clock")
		r.wantNoError(t)
		r.wantWindowsCauses(t)
	})

	// A PC with no battery and no readable sensor (Wine shows neither):
	// both pass or skip, and the run is a pass.
	t.Run("no-battery-no-sensors", func(t *testing.T) {
		r := l.diagnoseWindows(t, pc, "hardware", "--only", "os,battery,thermal")
		r.wantWindows(t, "battery", "pass", "skip")
		r.wantWindows(t, "thermal", "pass", "skip")
		if _, pending := windowsPending["battery"]; !pending && (r.rep.Status != "pass" || r.code != 0) {
			t.Errorf("status %s, exit %d; want pass, 0\n%s", r.rep.Status, r.code, r.stdout)
		}
	})

	// The System event log, which Wine keeps empty (its ReadEventLogW
	// answers ERROR_HANDLE_EOF): kernel-errors reads it and passes, or
	// says why it could not; never an error, never the "not read on
	// Windows" of a build without the reader.
	t.Run("system-event-log", func(t *testing.T) {
		r := l.diagnoseWindows(t, pc, "hardware", "--only", "kernel-errors")
		r.wantNoError(t)
		res := r.result(t, "kernel-errors")
		switch {
		case res.Status == "pass" && res.Observed["source"] == "eventlog" && strings.HasPrefix(res.Message, "no errors in the System event log"):
		case res.Status == "skip" && strings.Contains(res.Message, "System event log") && !strings.Contains(res.Message, "does not read"):
			t.Logf("kernel-errors skips: %s", res.Message)
		default:
			t.Errorf("kernel-errors: %s (%s), observed %v; want a pass from the System event log, or a skip saying why it could not be read", res.Status, res.Message, res.Observed)
		}
	})

	// The disks' activity: Wine opens \\.\PhysicalDrive0 but answers
	// IOCTL_DISK_PERFORMANCE with ERROR_NOT_SUPPORTED. io reads the
	// counters and passes, or says why it could not; never an error,
	// never the "not on Windows" of a build without the reader.
	t.Run("disk-activity", func(t *testing.T) {
		r := l.diagnoseWindows(t, pc, "slow", "--only", "io")
		r.wantNoError(t)
		res := r.result(t, "io")
		switch {
		case res.Status == "pass" && res.Observed["disks"] != nil:
		case res.Status == "skip" && strings.Contains(res.Message, "IOCTL_DISK_PERFORMANCE"):
			t.Logf("io skips: %s", res.Message)
		default:
			t.Errorf("io: %s (%s), observed %v; want a pass with the disks, or a skip saying why their counters could not be read", res.Status, res.Message, res.Observed)
		}
	})

	// Each fault, injected once, is diagnosed by both builds.
	sameCauses := func(t *testing.T, args []string) {
		t.Helper()
		linux := l.diagnose(t, args...)
		windows := l.diagnoseWindows(t, pc, args...)
		windows.wantNoError(t)
		got, want := causesOf(windows.rep.Causes), causesOf(linux.rep.Causes)
		if why, ok := windowsPendingFaults[path.Base(t.Name())]; ok && !slices.Equal(got, want) {
			t.Skipf("PENDING: root causes %q, want %q: %s", got, want, why)
		}
		if !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("root causes:\n  windows %q\n  linux   %q\n%s", got, want, windows.stdout)
		}
	}

	t.Run("link-down", func(t *testing.T) {
		l.unplugClient(t)
		sameCauses(t, labDefault(labSite))
	})

	t.Run("no-default-route", func(t *testing.T) {
		testutil.IP(t, "-n", l.client, "route", "del", "default")
		t.Cleanup(func() { testutil.IP(t, "-n", l.client, "route", "replace", "default", "via", labGateway) })
		sameCauses(t, labDefault(labSite))
	})

	t.Run("gateway-down", func(t *testing.T) {
		undo := testutil.Nft(t, l.router, gatewayDown)
		t.Cleanup(undo)
		sameCauses(t, labDefault(labSite))
	})

	t.Run("http-503", func(t *testing.T) {
		sameCauses(t, labDefault(labDown))
	})

	// The inventory lists what Windows shows and says why for what it
	// does not: never "none found" for what could not be seen.
	t.Run("inventory", func(t *testing.T) {
		argv := pc.argv(l.client, "wine", pc.exe, "inventory", "--format", "json")
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env = append(l.runEnv(), pc.wineEnv()...)
		out, err := cmd.Output()
		var inv map[string]any
		if err != nil || json.Unmarshal(out, &inv) != nil {
			t.Fatalf("tsr.exe inventory: %v\n%s", err, out)
		}
		unavailable, _ := inv["unavailable"].(map[string]any)
		for _, part := range []string{"disks", "gpus", "nics"} {
			_, listed := inv[part].([]any)
			why, _ := unavailable[part].(string)
			if listed == (why != "") {
				t.Errorf("%s: listed %v, unavailable %q; want one of them", part, inv[part], why)
			}
			t.Logf("%s: %v %s", part, inv[part], why)
		}
		nics, _ := json.Marshal(inv["nics"])
		if !strings.Contains(string(nics), `"mac":"`+labClientMAC+`"`) {
			t.Errorf("nics %s: the client's eth0 (%s) is missing", nics, labClientMAC)
		}
	})

	// Offline: a namespace with nothing in it, the run a user would make.
	t.Run("offline", func(t *testing.T) {
		r := runTSRReport(t, append(l.runEnv(), pc.wineEnv()...), pc.argv("", "wine", pc.exe))
		r.wantNoError(t)
		var causes []string
		for _, c := range r.rep.Causes {
			if slices.Contains(hardwareChecks, c.Check) {
				t.Logf("this machine's own hardware is a cause too: %s: %s", c.Check, c.Message)
				continue
			}
			causes = append(causes, c.Check)
		}
		if !slices.Equal(causes, []string{"link"}) {
			t.Errorf("root causes %q, want only the link\n%s", causes, r.stdout)
		}
	})
}

// builtinOverTCP writes the built-in playbook name with its dns.resolve
// checks asking over TCP: the one change Wine 8 needs (no UDP).
func builtinOverTCP(t *testing.T, name string) string {
	t.Helper()
	src, ok := playbooks.BuiltinSource(name)
	if !ok {
		t.Fatalf("no built-in %s", name)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	checks := mapValue(doc.Content[0], "checks")
	for _, c := range checks.Content {
		if uses := mapValue(c, "uses"); uses == nil || uses.Value != "dns.resolve" {
			continue
		}
		with := mapValue(c, "with")
		if with == nil {
			with = &yaml.Node{Kind: yaml.MappingNode}
			c.Content = append(c.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "with"}, with)
		}
		with.Content = append(with.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "tcp"}, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name+".yaml")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// mapValue is the value of key in a YAML mapping node, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// wantWindows asserts that check id ended in one of statuses, unless its
// Windows probe is pending.
func (r labRun) wantWindows(t *testing.T, id string, statuses ...checks.Status) {
	t.Helper()
	res := r.result(t, id)
	if slices.Contains(statuses, res.Status) {
		return
	}
	if why, ok := windowsPending[id]; ok {
		t.Logf("PENDING %s: %s (%s)", id, res.Message, why)
		return
	}
	t.Errorf("%s: %s (%s); want %s", id, res.Status, res.Message, strings.Join(checks.Strings(statuses), " or "))
}

// wantWindowsCauses asserts that the run has no root cause, pending probes aside.
func (r labRun) wantWindowsCauses(t *testing.T) {
	t.Helper()
	for _, c := range r.rep.Causes {
		if why, ok := windowsPending[c.Check]; ok {
			t.Logf("PENDING %s: %s (%s)", c.Check, c.Message, why)
			continue
		}
		t.Errorf("root cause %s: %s\n%s", c.Check, c.Message, r.stdout)
	}
}
