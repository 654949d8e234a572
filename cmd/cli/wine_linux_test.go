package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
)

// A Windows PC for the tests: the windows/amd64 build of tsr in a throwaway
// Wine prefix (Debian's wine64, Wine 8). What Wine 8 cannot do, and so the
// tests cannot ask of it:
//   - Go's runtime needs ProcessPrng from bcryptprimitives.dll, which Wine 8
//     lacks: a stand-in built from testdata/wine goes into system32.
//   - Wine 8 lacks SIO_UDP_CONNRESET, so Go's UDP sockets fail: DNS queries
//     and NTP are not exercised. TCP, HTTP, TLS, ICMP (IcmpSendEcho),
//     adapters, routes, WMI, files and processes are.
//   - wineserver creates the sockets and winedevice.exe answers ICMP and
//     adapter queries: the whole Wine session must live in the namespace
//     whose network tsr is to see, so it is restarted when that changes.
//   - Wine's crypt32 takes its trusted roots from the host's CA bundle: the
//     runs see the lab's CA there, through a mount namespace.

// winePC is one Wine prefix holding tsr.exe.
type winePC struct {
	dir      string // the prefix, tsr.exe, the stand-ins
	prefix   string
	exe      string
	explorer string // a stand-in for Explorer (testdata/wine/explorer.c)
	ns       string // the network namespace its Wine session runs in now; "" none
}

// needWine skips a test that cannot run the Windows build under Wine here.
func needWine(t *testing.T) {
	t.Helper()
	testutil.NeedNetns(t)
	testutil.NeedTool(t, "unshare", "util-linux")
	testutil.NeedTool(t, "wine", "wine64")
	testutil.NeedTool(t, "wineboot", "wine64")
	testutil.NeedTool(t, "wineserver", "wine64")
	testutil.NeedTool(t, "x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64-win32")
}

// wine is the test binary's one Windows PC: wineboot takes a while.
var wine struct {
	once sync.Once
	pc   *winePC
	err  error
}

// windowsPC returns the Windows PC, making it on first use; it is removed
// when all tests have run.
func windowsPC(t *testing.T) *winePC {
	t.Helper()
	needWine(t)
	wine.once.Do(func() {
		dir, err := os.MkdirTemp("", "tsr-wine")
		if err != nil {
			wine.err = err
			return
		}
		pc := &winePC{dir: dir, prefix: filepath.Join(dir, "prefix"), exe: filepath.Join(dir, "tsr.exe"), explorer: filepath.Join(dir, "explorer.exe")}
		afterTests = append(afterTests, func() { pc.stop(); os.RemoveAll(dir) })
		wine.pc, wine.err = pc, pc.setUp()
	})
	if wine.err != nil {
		t.Fatal(wine.err)
	}
	return wine.pc
}

// setUp builds tsr.exe and the stand-in DLL and makes the Wine prefix.
func (pc *winePC) setUp() error {
	build := exec.Command("go", "build", "-o", pc.exe, "github.com/tsrhq/tsr/cmd/tsr")
	build.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building the Windows binary: %v\n%s", err, out)
	}
	dll := filepath.Join(pc.dir, "bcryptprimitives.dll")
	if out, err := exec.Command("x86_64-w64-mingw32-gcc", "-shared", "-O2", "-o", dll,
		"testdata/wine/bcryptprimitives.c", "testdata/wine/bcryptprimitives.def", "-lbcrypt").CombinedOutput(); err != nil {
		return fmt.Errorf("building the stand-in bcryptprimitives.dll: %v\n%s", err, out)
	}
	if out, err := exec.Command("x86_64-w64-mingw32-gcc", "-O2", "-o", pc.explorer, "testdata/wine/explorer.c").CombinedOutput(); err != nil {
		return fmt.Errorf("building the stand-in explorer.exe: %v\n%s", err, out)
	}
	// wineboot in a namespace with no network: making a prefix asks
	// nothing of it. Windows 10, as Go needs and help desks see.
	argv := pc.argv("", "sh", "-c", `wineboot -i && winecfg /v win10`)
	boot := exec.Command(argv[0], argv[1:]...)
	boot.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + pc.dir}, pc.wineEnv()...)
	if out, err := boot.CombinedOutput(); err != nil {
		return fmt.Errorf("wineboot: %v\n%s", err, out)
	}
	data, err := os.ReadFile(dll)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(pc.prefix, "drive_c", "windows", "system32", "bcryptprimitives.dll"), data, 0o644)
}

// wineEnv is the environment every Wine run gets besides the caller's.
func (pc *winePC) wineEnv() []string {
	return []string{"WINEPREFIX=" + pc.prefix, "WINEDEBUG=-all", "WINEDLLOVERRIDES=mscoree,mshtml=", "WINEARCH=win64"}
}

// argv is argv to run inside network namespace ns ("": a fresh one with
// nothing in it, not even a loopback that is up). Before a run in another
// namespace, the Wine session is stopped, and started again there.
func (pc *winePC) argv(ns string, argv ...string) []string {
	if pc.ns != ns || ns == "" {
		pc.stop()
	}
	if ns == "" {
		// The session ends with the run's last Windows process (what it
		// started too), so that none outlives its namespace.
		script := `wineserver -p0 2>/dev/null; "$@"; rc=$?; wineserver -w; exit $rc`
		return append([]string{"unshare", "-n", "sh", "-c", script, "sh"}, argv...)
	}
	if pc.ns != ns {
		// wineserver -p goes to the background and stays: its output
		// goes nowhere, so that no pipe waits for it.
		start := exec.Command("ip", "netns", "exec", ns, "wineserver", "-p")
		start.Env = append(os.Environ(), pc.wineEnv()...)
		if err := start.Run(); err != nil {
			// The run that follows fails and says why.
			fmt.Fprintf(os.Stderr, "starting wineserver in %s: %v\n", ns, err)
		}
		pc.ns = ns
	}
	return append([]string{"ip", "netns", "exec", ns}, argv...)
}

// stop ends the prefix's Wine session, wherever it runs.
func (pc *winePC) stop() {
	if pc.ns == "" {
		return
	}
	kill := exec.Command("sh", "-c", "wineserver -k 2>/dev/null; wineserver -w")
	kill.Env = append(os.Environ(), pc.wineEnv()...)
	if out, err := kill.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "stopping wineserver: %v: %s\n", err, out)
	}
	pc.ns = ""
}

// withRoots runs argv with caFile as the host's only CA bundle, which is
// where Wine's crypt32 takes the trusted roots from.
func withRoots(t *testing.T, caFile string, argv ...string) []string {
	t.Helper()
	if _, err := os.Stat("/etc/ssl/certs"); err != nil {
		t.Skipf("Wine reads trusted roots from /etc/ssl/certs, which is not here: %v", err)
	}
	certs := filepath.Join(filepath.Dir(caFile), "wine-certs")
	if err := os.MkdirAll(certs, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(certs, "ca-certificates.crt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	script := `mount --bind "$0" /etc/ssl/certs && exec "$@"`
	return append([]string{"unshare", "-m", "sh", "-c", script, certs}, argv...)
}

// diagnoseWindows runs `tsr.exe diagnose ARGS... -o report.json` under
// Wine as the lab's client.
func (l *lab) diagnoseWindows(t *testing.T, pc *winePC, args ...string) labRun {
	t.Helper()
	prefix := pc.argv(l.client, withRoots(t, l.caFile, "wine", pc.exe)...)
	env := append(l.runEnv(), pc.wineEnv()...)
	return runTSRReport(t, env, prefix, args...)
}

// wantNoError asserts that no check ended in error and none crashed,
// pending Windows probes aside.
func (r labRun) wantNoError(t *testing.T) {
	t.Helper()
	for _, res := range r.rep.Results {
		if res.Status != "error" && !strings.Contains(res.Message, "crashed") {
			continue
		}
		if why, ok := windowsPending[res.ID]; ok {
			t.Logf("PENDING %s: %s (%s)", res.ID, res.Message, why)
			continue
		}
		t.Errorf("%s: %s: %s", res.ID, res.Status, res.Message)
	}
}
