package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/tsrhq/tsr/internal/testutil"
	"github.com/tsrhq/tsr/report"
)

// testChildren are the children a test runs in another process (see
// testutil.Main); the files that need one register it.
var testChildren = map[string]testutil.Child{}

func TestMain(m *testing.M) {
	if code, isChild := testutil.RunChild(testChildren); isChild {
		os.Exit(code)
	}
	testscript.Main(removeBuiltTSR{m}, map[string]func(){
		"tsr": func() { os.Exit(Main(os.Args[1:], System())) },
	})
}

// built is the real tsr binary, built once for the tests that run it.
var built struct {
	once     sync.Once
	dir, bin string
	err      error
}

// buildTSR builds the real binary once per test run and returns its path.
func buildTSR(t testing.TB) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "tsr-test-bin"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "tsr")
		out, err := exec.Command("go", "build", "-o", built.bin, "github.com/tsrhq/tsr/cmd/tsr").CombinedOutput()
		if err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}

// removeBuiltTSR runs the tests, then removes the binary they built.
type removeBuiltTSR struct{ m *testing.M }

func (r removeBuiltTSR) Run() int {
	code := r.m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	for _, f := range afterTests {
		f()
	}
	return code
}

// afterTests is what tests that share something across the test binary
// (a Wine prefix) undo once all have run.
var afterTests []func()

// TestScripts runs the end-to-end scripts in testdata/script: the real
// binary's behaviour, as a user types it.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/script"})
}

// tsr runs the CLI in-process with injected streams. A run that exits 0
// may say on standard error only where it wrote or sent reports: anything
// else there fails the test.
func tsr(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, Streams{In: strings.NewReader(stdin), Out: &out, Err: &errb})
	if code == 0 {
		for _, line := range stderrNoise(errb.String()) {
			t.Errorf("tsr %s exited 0 but said on standard error: %q", strings.Join(args, " "), line)
		}
	}
	return code, out.String(), errb.String()
}

// stderrNoise returns the lines of a run's standard error other than
// those saying where reports were written or sent, and the notice of an
// inventory left out (a loaded machine may take longer than tsr waits for
// it): what a run that ended as it should (exit 0, or 1 for findings)
// must not say.
func stderrNoise(stderr string) []string {
	var noise []string
	for _, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		if line != "" && !strings.HasPrefix(line, "Report written to ") && !strings.HasPrefix(line, "Bundle written to ") &&
			!strings.HasPrefix(line, "Redacted copy written to ") && !strings.HasPrefix(line, "Sent ") &&
			!strings.HasPrefix(line, inventoryLeftOut) {
			noise = append(noise, line)
		}
	}
	return noise
}

// inventoryLeftOut begins the notice of a run whose inventory took longer
// than tsr waits for it.
const inventoryLeftOut = "tsr: the hardware inventory took longer than "

const healthy = `
tsr: 1
name: local
vars: { path: /, token: s3cr3t-t0ken }
checks:
  - { id: root, uses: sys.file, with: { path: "${vars.path}" }, fix: "Use token ${vars.token}" }
  - { id: os, uses: sys.os, needs: [root] }
`

const broken = `
tsr: 1
name: broken
checks:
  - { id: missing, uses: sys.file, with: { path: /nonexistent/tsr-test }, fix: Restore the file., tier: 2 }
  - { id: after, uses: sys.os, needs: [missing] }
  - { id: warned, uses: sys.file, with: { path: / }, warn: { type: file } }
`

func TestExitCodes(t *testing.T) {
	ok := testutil.WriteFile(t, "ok.yaml", healthy)
	bad := testutil.WriteFile(t, "bad.yaml", broken)
	invalid := testutil.WriteFile(t, "invalid.yaml", "tsr: 1\nname: x\nchecks:\n  - { id: a, uses: sys.fil }\n")
	cases := []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"diagnose", ok, "-q"}, 0, ""},
		{[]string{"diagnose", bad, "-q"}, 1, ""},
		{[]string{"diagnose", ok, "-q", "--fail-on", "warn"}, 0, ""},
		{[]string{"diagnose", bad, "-q", "--skip", "missing", "--fail-on", "warn"}, 1, ""},
		{[]string{"diagnose", bad, "-q", "--skip", "missing"}, 0, ""},
		{[]string{"diagnose", invalid}, 2, `invalid.yaml:4:20: unknown check type "sys.fil"; did you mean "sys.file"?`},
		{[]string{"diagnose", ok, "--bogus"}, 2, "unknown flag: --bogus"},
		{[]string{"diagnose", ok, "--format", "pdf"}, 2, `--format "pdf"`},
		{[]string{"diagnose", ok, "--fail-on", "pass"}, 2, "--fail-on"},
		{[]string{"diagnose", ok, "--timeout", "0s"}, 2, "--timeout"},
		{[]string{"diagnose", ok, "--concurrency", "0"}, 2, "--concurrency"},
		{[]string{"diagnose", ok, "--redact", "all"}, 2, "--redact"},
		{[]string{"diagnose", ok, "-o", "report.pdf"}, 2, "cannot tell the format"},
		{[]string{"diagnose", ok, "--set", "pth=/"}, 2, `did you mean "path"?`},
		{[]string{"diagnose", ok, "--only", "rot"}, 2, `did you mean "root"?`},
		{[]string{"diagnose", "no-such-playbook"}, 2, "neither a file nor a built-in"},
		{[]string{"diagnose", "defualt"}, 2, `did you mean "default"?`},
		{[]string{"diagnose", invalid, "missing.yaml"}, 2, "missing.yaml: no playbook \"missing.yaml\""},
		{[]string{"diagnose", invalid, "missing.yaml"}, 2, "2 problems in 2 playbooks"},
		{[]string{"diagnose", "-", "-"}, 2, "standard input can be read only once"},
		{[]string{"validate", ok}, 0, ""},
		{[]string{"validate", ok, invalid}, 2, "1 problem"},
		{[]string{"validate"}, 2, "requires at least 1 arg"},
		{[]string{"checks", "net.tpc"}, 2, `did you mean "net.tcp"?`},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"version"}, 0, ""},
	}
	for _, c := range cases {
		code, _, stderr := tsr(t, "", c.args...)
		if code != c.code {
			t.Errorf("tsr %s: exit %d, want %d (stderr %q)", strings.Join(c.args, " "), code, c.code, stderr)
		}
		if c.err == "" && len(stderrNoise(stderr)) != 0 {
			t.Errorf("tsr %s: stderr %q, want nothing: -q and findings say nothing there", strings.Join(c.args, " "), stderr)
		}
		if c.err != "" && !strings.Contains(stderr, c.err) {
			t.Errorf("tsr %s: stderr %q, want it to say %q", strings.Join(c.args, " "), stderr, c.err)
		}
	}
}

func TestDiagnoseWritesReportWithCauses(t *testing.T) {
	bad := testutil.WriteFile(t, "bad.yaml", broken)
	out := filepath.Join(t.TempDir(), "r.json")
	code, stdout, stderr := tsr(t, "", "diagnose", bad, "-o", out, "--set", "", "--no-color")
	if code != 2 {
		t.Fatalf("--set with nothing: exit %d (%s)", code, stderr)
	}
	code, stdout, stderr = tsr(t, "", "diagnose", bad, "-o", out)
	if code != 1 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	if noise := stderrNoise(stderr); len(noise) != 0 || !strings.Contains(stderr, "Report written to "+out) {
		t.Errorf("stderr %q: want only where the report was written", stderr)
	}
	for _, want := range []string{"FAIL   missing", "SKIP   after", "Root cause:", "Fix (tier 2, a technician): Restore the file.", "It kept 1 check from running: after", "Status: FAIL"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("text output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "\x1b[") {
		t.Error("output to a pipe holds escape sequences")
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var r report.Report
	if err := report.Decode(bytes.NewReader(data), &r); err != nil {
		t.Fatal(err)
	}
	if r.Status != "fail" || len(r.Causes) != 1 || r.Causes[0].Check != "missing" || strings.Join(r.Causes[0].Blocked, ",") != "after" {
		t.Errorf("causes = %+v, status %s", r.Causes, r.Status)
	}
	if r.Summary != (report.Summary{Total: 3, Fail: 1, Skip: 1, Warn: 1}) {
		t.Errorf("summary = %+v", r.Summary)
	}
	if r.Playbooks[0].Source != bad || len(r.Playbooks[0].SHA256) != 64 || r.Tool.Name != "tsr" || r.Host.OS == "" {
		t.Errorf("context = %+v %+v %+v", r.Playbooks, r.Tool, r.Host)
	}
}

func TestSecretsNeverReachTheReport(t *testing.T) {
	ok := testutil.WriteFile(t, "ok.yaml", healthy)
	out := filepath.Join(t.TempDir(), "r.json")
	code, stdout, stderr := tsr(t, "", "diagnose", ok, "-o", out, "--set", "token=hunter2-very-secret", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(out)
	for name, s := range map[string]string{"stdout": stdout, "stderr": stderr, "file": string(data)} {
		if strings.Contains(s, "hunter2-very-secret") || strings.Contains(s, "s3cr3t-t0ken") {
			t.Errorf("the secret reached %s:\n%s", name, s)
		}
	}
	var r report.Report
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if r.Run.Redaction != "secrets" || !strings.Contains(strings.Join(r.Run.Args, " "), "token=[secret-") {
		t.Errorf("redaction = %s, args = %v", r.Run.Redaction, r.Run.Args)
	}
}

func TestUnwritableOutputIsRefusedBeforeAnyCheckRuns(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	pb := testutil.WriteFile(t, "pb.yaml", healthy)
	code, stdout, stderr := tsr(t, "", "diagnose", pb, "-o", "/nonexistent-dir/r.json", "-o", marker+".json")
	if code != 2 || !strings.Contains(stderr, "cannot write the report to /nonexistent-dir/r.json") || stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(marker + ".json"); !os.IsNotExist(err) {
		t.Error("a report was written although the run was refused")
	}
}

func TestPlaybookFromStdin(t *testing.T) {
	code, stdout, stderr := tsr(t, healthy, "diagnose", "-", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r report.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if r.Playbooks[0].Source != "stdin" || r.Summary.Pass != 2 {
		t.Errorf("report = %+v", r)
	}
	code, stdout, stderr = tsr(t, "tsr: 1\nname: x\nchecks: []\n", "validate", "-")
	if code != 2 || !strings.Contains(stdout, "-:3:9: checks is empty") || stderr != "tsr: 1 problem\n" {
		t.Errorf("invalid stdin: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestValidateFormats(t *testing.T) {
	invalid := testutil.WriteFile(t, "invalid.yaml", "tsr: 1\nname: x\nchecks:\n  - { id: a, uses: sys.fil }\n  - { id: a, uses: sys.os }\n")
	code, stdout, _ := tsr(t, "", "validate", "--format", "github", invalid)
	if code != 2 {
		t.Errorf("github format: exit %d, want 2 for an invalid playbook", code)
	}
	if !strings.Contains(stdout, "::error file="+strings.ReplaceAll(invalid, ":", "%3A")+",line=4,col=20,title=tsr validate::unknown check type") || strings.Count(stdout, "::error") != 2 {
		t.Errorf("github format:\n%s", stdout)
	}
	code, stdout, _ = tsr(t, "", "validate", "--format", "json", invalid)
	if code != 2 {
		t.Errorf("json format: exit %d, want 2 for an invalid playbook", code)
	}
	var out struct {
		Valid    bool
		Problems []struct {
			File         string
			Line, Column int
			Message      string
		}
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil || out.Valid || len(out.Problems) != 2 || out.Problems[1].Line != 5 {
		t.Errorf("json format: %v %+v", err, out)
	}
}

func TestEveryCheckTypeExampleValidates(t *testing.T) {
	code, list, _ := tsr(t, "", "checks")
	if code != 0 {
		t.Fatalf("tsr checks: exit %d", code)
	}
	for _, line := range strings.Split(strings.TrimSpace(list), "\n") {
		name := strings.Fields(line)[0]
		code, text, _ := tsr(t, "", "checks", name)
		if code != 0 {
			t.Errorf("tsr checks %s: exit %d", name, code)
		}
		i := strings.Index(text, "Example:\n")
		if i < 0 {
			t.Errorf("tsr checks %s prints no example", name)
			continue
		}
		pb := "tsr: 1\nname: example\nchecks:\n" + text[i+len("Example:\n"):]
		if code, _, stderr := tsr(t, pb, "validate", "-"); code != 0 {
			t.Errorf("the example of %s does not validate:\n%s\n%s", name, pb, stderr)
		}
	}
}

// TestTerminalShowsProgress: on a terminal each check's line appears as it
// finishes, with a counter of what still runs; colour unless NO_COLOR.
func TestTerminalShowsProgress(t *testing.T) {
	pb := testutil.WriteFile(t, "pb.yaml", healthy)
	var out bytes.Buffer
	code := Main([]string{"diagnose", pb}, Streams{In: strings.NewReader(""), Out: &out, Err: &out, Terminal: true})
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
	s := out.String()
	for _, want := range []string{"\r\x1b[K", "/2 done; running: ", "\x1b[32mPASS \x1b[0m  root"} {
		if !strings.Contains(s, want) {
			t.Errorf("terminal output lacks %q:\n%q", want, s)
		}
	}
	if strings.Count(s, "root ") != 1 {
		t.Errorf("the line of a check printed live is printed again:\n%s", s)
	}
	t.Setenv("NO_COLOR", "1")
	out.Reset()
	Main([]string{"diagnose", pb}, Streams{In: strings.NewReader(""), Out: &out, Err: &out, Terminal: true})
	if strings.Contains(out.String(), "\x1b[32m") {
		t.Error("NO_COLOR is set but the output has colour")
	}
}

func TestInventoryInReportUnlessAskedNot(t *testing.T) {
	pb := testutil.WriteFile(t, "pb.yaml", healthy)
	for _, args := range [][]string{{"diagnose", pb, "--format", "json"}, {"diagnose", pb, "--format", "json", "--no-inventory"}} {
		code, stdout, stderr := tsr(t, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		var r report.Report
		if err := json.Unmarshal([]byte(stdout), &r); err != nil {
			t.Fatal(err)
		}
		hasCPU := r.Inventory != nil && r.Inventory.CPU != nil
		if want := len(args) == 4; hasCPU != want && !(want && strings.HasPrefix(stderr, inventoryLeftOut)) {
			t.Errorf("%v: inventory present=%v, want %v", args, hasCPU, want)
		}
	}
	code, stdout, _ := tsr(t, "", "inventory", "--format", "json")
	var inv map[string]any
	if err := json.Unmarshal([]byte(stdout), &inv); code != 0 || err != nil {
		t.Fatalf("inventory json: exit %d, %v", code, err)
	}
	for _, k := range []string{"host", "cpu", "memory", "disks", "gpus", "nics"} {
		if _, ok := inv[k]; !ok {
			t.Errorf("inventory lacks %s", k)
		}
	}
	if code, _, stderr := tsr(t, "", "inventory", "--format", "xml"); code != 2 || !strings.Contains(stderr, "table, json or yaml") {
		t.Errorf("bad format: exit %d %s", code, stderr)
	}
}

func TestSecretsNeverReachTheTerminalOrErrors(t *testing.T) {
	pb := testutil.WriteFile(t, "pb.yaml", `
tsr: 1
name: live
vars: { api_token: tok-abc-123, port: 1 }
checks:
  - { id: f, uses: sys.file, with: { path: "/nonexistent/${vars.api_token}" } }
`)
	var out bytes.Buffer
	Main([]string{"diagnose", pb, "--no-inventory"}, Streams{In: strings.NewReader(""), Out: &out, Err: &out, Terminal: true})
	if strings.Contains(out.String(), "tok-abc-123") || !strings.Contains(out.String(), "[secret-1]") {
		t.Errorf("the live terminal output shows the secret:\n%s", out.String())
	}
	for _, set := range []string{"db_password=hunter2", "api_token="} {
		code, _, stderr := tsr(t, "", "diagnose", pb, "--set", set+"x", "--set", "port=x")
		if code != 2 {
			t.Errorf("--set %s --set port=x: exit %d, want 2 (stderr %q)", set, code, stderr)
		}
		if strings.Contains(stderr, "hunter2") {
			t.Errorf("--set %s: the value is echoed: %s", set, stderr)
		}
	}
}

// A folder argument stands for its *.yaml and *.yml files, at any depth.
func TestValidateWalksAFolder(t *testing.T) {
	dir := testutil.WriteTree(t, map[string]string{
		"a.yaml":    "tsr: 1\nname: a\nchecks:\n  - {id: os, uses: sys.os}\n",
		"sub/b.yml": "tsr: 1\nname: b\nchecks:\n  - {id: os, uses: sys.oss}\n",
		"notes.txt": "not a playbook",
	})
	code, stdout, _ := tsr(t, "", "validate", dir)
	if code != 2 || !strings.Contains(stdout, filepath.Join(dir, "a.yaml")+": valid") ||
		!strings.Contains(stdout, filepath.Join(dir, "sub", "b.yml")+":4:") || strings.Contains(stdout, "notes.txt") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
	if code, stdout, _ := tsr(t, "", "validate", t.TempDir()); code != 2 || !strings.Contains(stdout, "it is a folder") {
		t.Errorf("a folder without playbooks: exit %d: %s", code, stdout)
	}
}

// The shell completes built-in names, the named playbooks' check ids and
// vars, and the values of --format and --redact.
func TestShellCompletion(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"diagnose", ""}, []string{"default", "dns", "hardware", "network"}},
		{[]string{"diagnose", "network", "--only", ""}, []string{"link\tnetwork", "route6\tnetwork", "https\tnetwork"}},
		{[]string{"diagnose", "--skip", "cpu,me"}, []string{"cpu,memory\tdefault"}},
		{[]string{"diagnose", "dns", "--set", ""}, []string{"site=", "resolvers="}},
		{[]string{"diagnose", "--format", ""}, []string{"text", "json", "markdown", "html"}},
		{[]string{"diagnose", "--redact", ""}, []string{"secrets", "pii", "none"}},
	} {
		var out, errb bytes.Buffer // cobra says the completion's directive on standard error
		Main(append([]string{"__complete"}, c.args...), Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
		stdout := out.String()
		lines := strings.Split(stdout, "\n")
		for _, w := range c.want {
			if !slices.Contains(lines, w) {
				t.Errorf("tsr %s: no %q in\n%s", strings.Join(c.args, " "), w, stdout)
			}
		}
	}
}

// A run finds the command it was asked for by its entry's name, so each
// entry must build the command of that name.
func TestSubcommandsAreNamedForTheirCommands(t *testing.T) {
	root := NewRoot(Streams{})
	if got, want := len(root.Commands()), len(subcommands); got != want {
		t.Fatalf("the root has %d commands, the table %d", got, want)
	}
	for _, sub := range subcommands {
		if got := sub.build(Streams{}).Name(); got != sub.name {
			t.Errorf("subcommands entry %q builds the command %q", sub.name, got)
		}
	}
}

// Every command refuses a --format it does not write in the same words:
// the value given, then the formats that would do.
func TestEveryBadFormatIsRefusedAlike(t *testing.T) {
	ok := testutil.WriteFile(t, "ok.yaml", healthy)
	for _, args := range [][]string{
		{"diagnose", ok},
		{"validate", ok},
		{"inventory"},
		{"report", "render", "r.json"},
		{"report", "summary", "."},
		{"report", "diff", "a.json", "b.json"},
		{"report", "review", "r.json"},
	} {
		args = append(args, "--format", "bogus")
		code, _, stderr := tsr(t, "", args...)
		if code != 2 || !regexp.MustCompile(`(?m)^tsr: --format "bogus": use ([a-z]+, )*[a-z]+ or [a-z]+$`).MatchString(stderr) {
			t.Errorf("tsr %s: exit %d, stderr %q; want 2 and `--format \"bogus\": use A, B or C`", strings.Join(args, " "), code, stderr)
		}
	}
}
