package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"os/user"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/playbooks"
	"github.com/tsrhq/tsr/report"
)

// inventoryWait bounds how long a finished run waits for the inventory,
// which cannot be interrupted once ghw is reading.
const inventoryWait = 3 * time.Second

type diagnoseFlags struct {
	sets        []string
	outputs     []string
	format      string
	only, skip  []string
	timeout     time.Duration
	concurrency int
	redact      string
	failOn      string
	allowExec   bool
	noInventory bool
	quiet       bool
	noColor     bool
}

func newDiagnose(s Streams) *cobra.Command {
	f := &diagnoseFlags{}
	cmd := &cobra.Command{
		Use:   "diagnose [PLAYBOOK...]",
		Short: "Run playbooks (default: the built-in \"default\") and report what is wrong",
		Long: `Run playbooks and report what is wrong, what it blocked and what to do.

PLAYBOOK is a file, - for standard input, or a built-in name (see 'tsr playbooks').
The report goes to standard output as text (or --format), and to every -o FILE
in the format its extension names (.json .yaml .md .html .xml .txt).

Exit codes: 0 nothing at or above --fail-on; 1 something failed (or warned,
with --fail-on warn); 2 invalid usage or playbook, nothing ran; 130 interrupted,
partial report written.`,
		Example: `  tsr diagnose
  tsr diagnose -o report.html
  tsr diagnose network --set site=intranet.example.com -o report.json
  tsr diagnose my-playbook.yaml --only dns --format json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDiagnose(cmd.Context(), s, f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.sets, "set", nil, "set a playbook var: NAME=VALUE (repeatable; a comma list for list vars)")
	fl.StringArrayVarP(&f.outputs, "output", "o", nil, "write the report to FILE, format from the extension (repeatable)")
	fl.StringVar(&f.format, "format", "text", "format on standard output: "+strings.Join(report.Formats(), "|"))
	fl.StringSliceVar(&f.only, "only", nil, "run only these check ids, with what they need")
	fl.StringSliceVar(&f.skip, "skip", nil, "skip these check ids (what needs them is skipped too)")
	fl.DurationVar(&f.timeout, "timeout", 60*time.Second, "time limit for the whole run")
	fl.IntVar(&f.concurrency, "concurrency", 16, "checks probing at once")
	fl.StringVar(&f.redact, "redact", report.RedactSecrets, "what to hide in the report: secrets|pii|none")
	fl.StringVar(&f.failOn, "fail-on", "fail", "exit 1 when a check ends at or above: fail|warn")
	fl.BoolVar(&f.allowExec, "allow-exec", false, "let sys.command checks run programs")
	fl.BoolVar(&f.noInventory, "no-inventory", false, "leave the hardware inventory out of the report")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print nothing on standard output; the exit code and -o files tell")
	fl.BoolVar(&f.noColor, "no-color", false, "no colour on the terminal (also when NO_COLOR is set)")
	return cmd
}

func (f *diagnoseFlags) check() error {
	if !slices.Contains(report.Formats(), f.format) {
		return usageError("--format %q: use one of %s", f.format, strings.Join(report.Formats(), ", "))
	}
	if !slices.Contains([]string{report.RedactSecrets, report.RedactPII, report.RedactNone}, f.redact) {
		return usageError("--redact %q: use secrets, pii or none", f.redact)
	}
	if f.failOn != "fail" && f.failOn != "warn" {
		return usageError("--fail-on %q: use fail or warn", f.failOn)
	}
	if f.concurrency < 1 {
		return usageError("--concurrency %d: use 1 or more", f.concurrency)
	}
	if f.timeout <= 0 {
		return usageError("--timeout %s: use a positive duration such as 60s", f.timeout)
	}
	return nil
}

func runDiagnose(ctx context.Context, s Streams, f *diagnoseFlags, args []string) error {
	started := time.Now()
	if err := f.check(); err != nil {
		return err
	}
	outFormats := make([]string, len(f.outputs))
	for i, path := range f.outputs {
		format, err := report.FormatOf(path)
		if err != nil {
			return usageError("%v", err)
		}
		outFormats[i] = format
	}
	if len(args) == 0 {
		args = []string{"default"}
	}
	pbs, err := loadPlaybooksWithin(s, args, f.timeout)
	if err != nil {
		return err
	}
	if err := playbooks.SetVars(pbs, f.sets); err != nil {
		return usageError("%v", err)
	}
	var problems playbooks.Problems
	for _, pb := range pbs {
		problems = append(problems, pb.Validate()...)
	}
	if len(problems) > 0 {
		return problemsError(s, problems)
	}
	for _, path := range f.outputs {
		if err := report.CheckWritable(path); err != nil {
			return usageError("%v", err)
		}
	}

	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, stopSignals...)
	defer signal.Stop(sig)
	go func() {
		select {
		case <-sig:
			cancel(playbooks.ErrInterrupted)
		case <-ctx.Done():
		}
	}()

	color := s.Terminal && !f.noColor && os.Getenv("NO_COLOR") == ""
	live := s.Terminal && f.format == "text" && !f.quiet
	text := report.Text{Color: color, LinesShown: live, Qualified: len(pbs) > 1}
	h := checks.HostFacts()
	redactor := report.NewRedactor(f.redact, report.Known{Secrets: playbooks.Secrets(pbs), People: people(), Hostname: h.Hostname})
	if live {
		var names []string
		for _, pb := range pbs {
			names = append(names, pb.Name)
		}
		header := report.Header(Version(), names, report.Host{Hostname: h.Hostname, OS: runtime.GOOS, Arch: runtime.GOARCH})
		fmt.Fprintf(s.Out, "%s\n\n", text.Paint("\x1b[1m", redactor.Text(header))) // redacted like the report
	}
	progress := newProgress(s.Out, text, live, redactor)
	// The inventory is gathered while the checks run; it costs the run
	// nothing unless it is the slowest part.
	inventory := make(chan map[string]any, 1)
	if !f.noInventory {
		go func() { inventory <- checks.Inventory(ctx) }()
	}
	out, err := playbooks.Run(ctx, pbs, playbooks.Options{
		Concurrency: f.concurrency, Timeout: f.timeout, Only: f.only, Skip: f.skip,
		Env: checks.Env{AllowExec: f.allowExec}, OnStart: progress.start, OnResult: progress.result,
	})
	if err != nil {
		return usageError("%v", err)
	}
	progress.done()

	rep := playbooks.NewReport(pbs, out, playbooks.RunInfo{
		Tool:    report.Tool{Name: "tsr", Version: Version(), Commit: Commit()},
		Started: started, Duration: time.Since(started), Args: append([]string(nil), s.Args...), Redaction: f.redact,
	})
	if !f.noInventory {
		select {
		case rep.Inventory = <-inventory:
		case <-ctx.Done(): // interrupted: the report matters more than the inventory
		case <-time.After(inventoryWait):
			fmt.Fprintf(s.Err, "tsr: the hardware inventory took longer than %s and is left out of the report\n", inventoryWait)
		}
	}
	redactor.Report(rep)
	if err := rep.Normalize(); err != nil {
		return fmt.Errorf("preparing the report: %v", err)
	}

	lost := false // a failing output never stops the others
	for i, path := range f.outputs {
		lost = !writeReportFile(s, rep, path, outFormats[i], f.quiet) || lost
	}
	if !f.quiet {
		var rd report.Renderer = text
		if f.format != "text" {
			rd, _ = report.NewRenderer(f.format, report.Options{})
		}
		if err := rd.Render(s.Out, rep); err != nil {
			fmt.Fprintf(s.Err, "tsr: writing the report to standard output: %v\n", err)
			lost = true
		}
	}
	if f.format == "nagios" {
		return nagiosExit(rep)
	}
	switch {
	case out.Interrupted:
		return &exitError{code: ExitInterrupted}
	case lost, out.TimedOut:
		return &exitError{code: ExitProblems}
	case report.Rank(rep.Status) >= report.Rank(map[string]string{"fail": report.Fail, "warn": report.Warn}[f.failOn]):
		return &exitError{code: ExitProblems}
	}
	return nil
}

// nagiosExit ends a run whose output a monitoring system reads by the
// plugin contract: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
func nagiosExit(rep *report.Report) error {
	if state := report.NagiosState(rep); state != report.NagiosOK {
		return &exitError{code: state}
	}
	return nil
}

// people lists the names that identify the user, for --redact pii.
func people() []string {
	var out []string
	if u, err := user.Current(); err == nil {
		out = append(out, u.Username)
		if u.Name != "" {
			out = append(out, u.Name)
		}
	}
	return out
}

func loadPlaybooks(s Streams, args []string) ([]*playbooks.Playbook, error) {
	pbs, err := playbooks.OpenAll(args, func() ([]byte, error) { return playbooks.ReadLimited(s.In) })
	var problems playbooks.Problems
	if errors.As(err, &problems) {
		return nil, problemsError(s, problems)
	}
	if err != nil {
		return nil, usageError("%v", err)
	}
	return pbs, nil
}

// loadPlaybooksWithin loads the playbooks within the run's --timeout, and
// gives up on Ctrl-C: standard input may be a terminal or a pipe that
// never ends.
func loadPlaybooksWithin(s Streams, args []string, timeout time.Duration) ([]*playbooks.Playbook, error) {
	type loaded struct {
		pbs []*playbooks.Playbook
		err error
	}
	done := make(chan loaded, 1)
	go func() {
		pbs, err := loadPlaybooks(s, args)
		done <- loaded{pbs, err}
	}()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, stopSignals...)
	defer signal.Stop(sig)
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case l := <-done:
		return l.pbs, l.err
	case <-sig:
		fmt.Fprintln(s.Err, "tsr: interrupted while reading the playbooks; nothing was run")
		return nil, &exitError{code: ExitInterrupted}
	case <-timer.C:
		return nil, usageError("reading the playbooks took longer than --timeout %s; nothing was run (is standard input, -, connected to anything?)", timeout)
	}
}

// stopSignals end a run early with its report written: Ctrl-C, a
// termination request, and a hang-up (an SSH session dropping).
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

func problemsError(s Streams, problems playbooks.Problems) error {
	for _, p := range problems {
		fmt.Fprintln(s.Err, p.String())
	}
	files := map[string]bool{}
	for _, p := range problems {
		files[p.File] = true
	}
	fmt.Fprintf(s.Err, "tsr: %d %s in %d %s; nothing was run\n", len(problems), pluralize(len(problems), "problem", "problems"), len(files), pluralize(len(files), "playbook", "playbooks"))
	return &exitError{code: ExitUsage}
}

func pluralize(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// progress prints each check's line as it finishes and, below it, a
// spinner with what is still running, when the report goes to a terminal.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	text     report.Text
	redactor *report.Redactor // live lines are redacted like the report
	live     bool
	total    int
	finished int
	running  []string
	frame    int
	stop     chan struct{}
}

var spinner = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

func newProgress(w io.Writer, text report.Text, live bool, redactor *report.Redactor) *progress {
	p := &progress{w: w, text: text, live: live, redactor: redactor, stop: make(chan struct{})}
	if live {
		go func() {
			tick := time.NewTicker(120 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-tick.C:
					p.mu.Lock()
					p.frame++
					p.status()
					p.mu.Unlock()
				case <-p.stop:
					return
				}
			}
		}()
	}
	return p
}

func (p *progress) start(id string, total int) {
	if !p.live {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total = total
	p.running = append(p.running, id)
	p.status()
}

func (p *progress) result(r report.Result) {
	if !p.live {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finished++
	for i, id := range p.running {
		if id == r.ID {
			p.running = append(p.running[:i], p.running[i+1:]...)
			break
		}
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s\n", p.text.Line(p.redactor.Result(r)))
	p.status()
}

// status redraws the line under the results: a spinner, a counter and
// the checks still probing.
func (p *progress) status() {
	if p.total == 0 {
		return
	}
	running := strings.Join(p.running, ", ")
	if running == "" {
		running = "-"
	}
	if len(running) > 50 {
		running = running[:47] + "..."
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", p.text.Paint("\x1b[2m", fmt.Sprintf("%s %d/%d done; running: %s", spinner[p.frame%len(spinner)], p.finished, p.total, running)))
}

func (p *progress) done() {
	if p.live {
		close(p.stop)
		p.mu.Lock()
		fmt.Fprint(p.w, "\r\x1b[K")
		p.mu.Unlock()
	}
}
