package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
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

// diagnoseOptions are diagnose's arguments and flags.
type diagnoseOptions struct {
	streams     Streams
	playbooks   []string // arguments: files, - or built-in names
	sets        []string
	outputs     []string
	formats     []string // of outputs, from their extensions
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
	handOff     handOffFlags   // --bundle, --send, --send-header
	intake      *report.Intake // where --send delivers, once checked
	repeat      int
	every       time.Duration
	forTime     time.Duration
	everySet    bool // --every was given
}

// newDiagnose wires diagnose's flags; runF does the work (diagnoseRun
// unless a test gives another).
func newDiagnose(s Streams, runF func(context.Context, *diagnoseOptions) error) *cobra.Command {
	if runF == nil {
		runF = diagnoseRun
	}
	opts := &diagnoseOptions{streams: s}
	cmd := &cobra.Command{
		Use:   "diagnose [PLAYBOOK...]",
		Short: "Run playbooks (default: the built-in \"default\") and report what is wrong",
		Long: `Run playbooks and report what is wrong, what it blocked and what to do.

PLAYBOOK is a file, - for standard input, or a built-in name (see 'tsr playbooks').
The report goes to standard output as text (or --format), and to every -o FILE
in the format its extension names (.json .yaml .md .html .xml .txt).

Exit codes: 0 nothing at or above --fail-on; 1 something failed (or warned,
with --fail-on warn); 2 invalid usage or playbook, nothing ran; 130 interrupted,
partial report written.

--redact decides what the report, every -o file and the live lines hide; a
hidden value becomes a placeholder such as [host-1], the same one everywhere:
  none     hides nothing.
  secrets  (the default) hides passwords, tokens, keys and credentials: the
           values of secret-named vars and --set (token, secret, password,
           api key, auth, credential, private key), header values, passwords
           in URLs, key=value and Authorization values in any text, and
           secret-looking environment values. Everything else stays.
  pii      hides the secrets, and what identifies the person or the place:
           this machine's hostname, the user's login and full name (as whole
           words anywhere, so in paths like /home/CORP/jdoe too), MAC
           addresses, IPv6 addresses built from a MAC (EUI-64, such as
           fe80::b847:baff:fe9b:2b5f), public IP addresses, serial numbers and
           Wi-Fi network names (ssid). It keeps private, CGNAT and link-local
           addresses that are not EUI-64 (they are needed to diagnose), the
           MAC of a device that takes this machine's address (a technician
           needs it to find that device), models, the OS and every result.`,
		Example: `  tsr diagnose
  tsr diagnose -o report.html
  tsr diagnose network --set site=intranet.example.com -o report.json
  tsr diagnose my-playbook.yaml --only dns --format json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.playbooks = args
			opts.everySet = cmd.Flags().Changed("every")
			return runF(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.sets, "set", nil, "set a playbook var: NAME=VALUE (repeatable; a comma list for list vars)")
	fl.StringArrayVarP(&opts.outputs, "output", "o", nil, "write the report to FILE, format from the extension (repeatable)")
	fl.StringVar(&opts.format, "format", "text", "format on standard output: "+strings.Join(report.Formats(), "|"))
	fl.StringSliceVar(&opts.only, "only", nil, "run only these check ids, with what they need")
	fl.StringSliceVar(&opts.skip, "skip", nil, "skip these check ids (what needs them is skipped too)")
	fl.DurationVar(&opts.timeout, "timeout", 60*time.Second, "time limit for the whole run")
	fl.IntVar(&opts.concurrency, "concurrency", playbooks.DefaultConcurrency, "checks probing at once")
	fl.StringVar(&opts.redact, "redact", string(report.RedactSecrets), "what to hide in the report: "+report.RedactionChoices(report.Redactions))
	fl.StringVar(&opts.failOn, "fail-on", string(checks.StatusFail), "exit 1 when a check ends at or above: "+strings.Join(checks.Strings(failOnStatuses), "|"))
	fl.BoolVar(&opts.allowExec, "allow-exec", false, "let sys.command checks run programs")
	fl.BoolVar(&opts.noInventory, "no-inventory", false, "leave the hardware inventory out of the report")
	fl.BoolVarP(&opts.quiet, "quiet", "q", false, "print nothing on standard output; the exit code and -o files tell")
	fl.BoolVar(&opts.noColor, "no-color", false, "no colour on the terminal (also when NO_COLOR is set)")
	fl.StringVar(&opts.handOff.bundle, "bundle", "", "write FILE.zip for the ticket: the report (JSON, HTML, Markdown), the evidence the checks saw, a manifest; redacted")
	fl.StringVar(&opts.handOff.send.to, "send", "", "send the report (or the --bundle) to the help desk's intake URL (https); kept in the outbox if that fails")
	fl.StringArrayVar(&opts.handOff.send.headers, "send-header", nil, "an HTTP header for --send, 'Name: value' (repeatable); never printed or written")
	fl.IntVar(&opts.repeat, "repeat", 0, "run the playbooks N times, in rounds, to catch a fault that comes and goes")
	fl.DurationVar(&opts.every, "every", 10*time.Second, "with --repeat or --for: from one round's start to the next")
	fl.DurationVar(&opts.forTime, "for", 0, "keep running rounds for this long (with --repeat: whichever ends first)")
	completeDiagnose(cmd)
	return cmd
}

// rounds is how the run repeats (--repeat, --every, --for); nil for one run.
func (opts *diagnoseOptions) rounds(onRound func(int)) (*playbooks.Repeat, error) {
	switch {
	case opts.repeat < 0 || opts.repeat > 10000:
		return nil, usageError("--repeat %d: use a number of rounds from 1 to 10000", opts.repeat)
	case opts.forTime < 0:
		return nil, usageError("--for %s: use a positive duration such as 10m", opts.forTime)
	case opts.every < 0:
		return nil, usageError("--every %s: use a duration such as 30s (0 runs the rounds back to back)", opts.every)
	case opts.everySet && opts.repeat == 0 && opts.forTime == 0:
		return nil, usageError("--every %s: say how many rounds with --repeat N, or how long with --for DURATION", opts.every)
	case opts.repeat == 0 && opts.forTime == 0:
		return nil, nil
	}
	return &playbooks.Repeat{Rounds: opts.repeat, Every: opts.every, For: opts.forTime, OnRound: onRound}, nil
}

// diagnoseRun opens the playbooks, plans the run, runs it, builds the
// report and writes it, then says with its exit code how the run went.
func diagnoseRun(ctx context.Context, opts *diagnoseOptions) error {
	started := time.Now()
	if err := opts.check(); err != nil {
		return err
	}
	pbs, err := opts.open()
	if err != nil {
		return err
	}
	runOpts, err := opts.plan(pbs)
	if err != nil {
		return err
	}
	ctx, stop := interruptible(ctx)
	defer stop()
	view := opts.newView(pbs)
	runOpts.OnStart, runOpts.OnResult = view.progress.start, view.progress.result
	repeat, _ := opts.rounds(view.progress.round) // checked in check
	rep, out, err := playbooks.Diagnose(ctx, pbs, playbooks.DiagnoseOptions{
		Options: runOpts, Redactor: view.redactor, Inventory: !opts.noInventory, InventoryWait: inventoryWait,
		OnNotice: func(msg string) { fmt.Fprintf(opts.streams.Err, "tsr: %s\n", msg) }, Repeat: repeat,
		Info: playbooks.RunInfo{
			Tool:    report.Tool{Name: "tsr", Version: Version(), Commit: Commit()},
			Started: started, Args: slices.Clone(opts.streams.Args), Redaction: report.Redaction(opts.redact),
		},
	})
	view.progress.done()
	if err != nil {
		return err
	}
	lost := writeReports(opts.streams, rep, opts.outputs, opts.formats, opts.quiet) // a failing output never stops the others
	var jsonOutputs []string
	for i, path := range opts.outputs {
		if opts.formats[i] == "json" {
			jsonOutputs = append(jsonOutputs, path)
		}
	}
	if !handOff(ctx, opts.streams, opts.handOff, opts.intake, rep, out, view.redactor, jsonOutputs) {
		lost = true
	}
	if !opts.quiet && view.show(opts.streams, rep, opts.format) {
		lost = true
	}
	if opts.format == "nagios" {
		return nagiosExit(rep)
	}
	return diagnoseExit(out, rep, lost, opts.failOn)
}

// check refuses bad flag values before anything is opened.
func (opts *diagnoseOptions) check() error {
	if !slices.Contains(report.Formats(), opts.format) {
		return badFormat(opts.format, report.Formats())
	}
	if _, err := report.ParseRedaction(opts.redact, report.Redactions); err != nil {
		return usageError("%w", err)
	}
	if !slices.Contains(checks.Strings(failOnStatuses), opts.failOn) {
		return usageError("--fail-on %q: use %s", opts.failOn, checks.OneOf(checks.Strings(failOnStatuses)))
	}
	if opts.concurrency < 1 {
		return usageError("--concurrency %d: use 1 or more", opts.concurrency)
	}
	if opts.timeout <= 0 {
		return usageError("--timeout %s: use a positive duration such as 60s", opts.timeout)
	}
	if _, err := opts.rounds(nil); err != nil {
		return err
	}
	var err error
	opts.formats, err = outputFormats(opts.outputs)
	return err
}

// open loads the playbooks (the built-in default when none is named),
// applies --set and validates them: a bad playbook never half-runs.
func (opts *diagnoseOptions) open() ([]*playbooks.Playbook, error) {
	names := opts.playbooks
	if len(names) == 0 {
		names = []string{"default"}
	}
	pbs, err := loadPlaybooksWithin(opts.streams, names, opts.timeout)
	if err != nil {
		return nil, err
	}
	if err := playbooks.SetVars(pbs, opts.sets); err != nil {
		return nil, usageError("%w", err)
	}
	var problems playbooks.Problems
	for _, pb := range pbs {
		problems = append(problems, pb.Validate()...)
	}
	if len(problems) > 0 {
		return nil, problemsError(opts.streams, problems)
	}
	return pbs, nil
}

// plan checks what the run would select and where it would write, before
// anything runs, and returns the runner's options.
func (opts *diagnoseOptions) plan(pbs []*playbooks.Playbook) (playbooks.Options, error) {
	runOpts := playbooks.Options{
		Concurrency: opts.concurrency, Timeout: opts.timeout, Only: opts.only, Skip: opts.skip,
		Env: checks.Env{AllowExec: opts.allowExec},
	}
	if err := playbooks.CheckSelection(pbs, runOpts); err != nil {
		return runOpts, usageError("%w", err)
	}
	for _, path := range opts.outputs {
		if err := report.CheckWritable(path); err != nil {
			return runOpts, usageError("%w", err)
		}
	}
	var err error
	opts.intake, err = opts.handOff.check()
	return runOpts, err
}

// interruptible is ctx cancelled by Ctrl-C, SIGTERM or SIGHUP, with
// playbooks.ErrInterrupted as its cause.
func interruptible(ctx context.Context) (context.Context, func()) {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithCancelCause(ctx)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, stopSignals...)
	go func() {
		select {
		case <-sig:
			cancel(playbooks.ErrInterrupted)
		case <-ctx.Done():
		}
	}()
	return ctx, func() { signal.Stop(sig); cancel(nil) }
}

// diagnoseView is how a run shows on standard output: the text renderer,
// live progress on a terminal, and the redactor both share with the report.
type diagnoseView struct {
	text     report.Text
	redactor *report.Redactor
	progress *progress
}

func (opts *diagnoseOptions) newView(pbs []*playbooks.Playbook) diagnoseView {
	s := opts.streams
	color := s.Terminal && !opts.noColor && os.Getenv("NO_COLOR") == ""
	live := s.Terminal && opts.format == "text" && !opts.quiet
	v := diagnoseView{text: report.Text{Color: color, LinesShown: live, Qualified: len(pbs) > 1}}
	v.redactor = playbooks.NewRedactor(pbs, report.Redaction(opts.redact), opts.handOff.secrets()...)
	var ids []string // live lines come before the report: size the id column from the playbooks
	for _, pb := range pbs {
		for _, c := range pb.Checks {
			ids = append(ids, map[bool]string{true: pb.Name + "/" + c.ID, false: c.ID}[v.text.Qualified])
		}
	}
	v.text.IDWidth = report.IDWidth(ids)
	if live {
		var names []string
		for _, pb := range pbs {
			names = append(names, pb.Name)
		}
		host := report.Host{Hostname: checks.HostFacts().Hostname, OS: runtime.GOOS, Arch: runtime.GOARCH}
		header := v.redactor.Text(report.Header(Version(), names, host)) // redacted like the report
		fmt.Fprintf(s.Out, "%s\n\n", v.text.Paint("\x1b[1m", header))
	}
	v.progress = newProgress(s.Out, v.text, live, v.redactor)
	return v
}

// show renders the report on standard output in format, and says
// whether it failed.
func (v diagnoseView) show(s Streams, rep *report.Report, format string) (failed bool) {
	var rd report.Renderer = v.text
	if format != "text" {
		rd, _ = report.NewRenderer(format, report.Options{})
	}
	if err := rd.Render(s.Out, rep); err != nil {
		fmt.Fprintf(s.Err, "tsr: writing the report to standard output: %v\n", err)
		return true
	}
	return false
}

// failOnStatuses are the statuses --fail-on accepts.
var failOnStatuses = []checks.Status{checks.StatusFail, checks.StatusWarn}

// diagnoseExit is the exit code of cli.md: 130 interrupted; 1 when a
// report was lost, the run timed out, or a check ended at or above failOn.
func diagnoseExit(out *playbooks.Outcome, rep *report.Report, lost bool, failOn string) error {
	switch {
	case out.Interrupted:
		return &exitError{code: ExitInterrupted}
	case lost, out.TimedOut, rep.Status.Rank() >= checks.Status(failOn).Rank():
		return &exitError{code: ExitProblems}
	}
	return nil
}

func loadPlaybooks(s Streams, args []string) ([]*playbooks.Playbook, error) {
	pbs, err := playbooks.OpenAll(args, func() ([]byte, error) { return playbooks.ReadLimited(s.In) })
	var problems playbooks.Problems
	if errors.As(err, &problems) {
		return nil, problemsError(s, problems)
	}
	if err != nil {
		return nil, usageError("%w", err)
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
	fmt.Fprintf(s.Err, "tsr: %d %s in %d %s; nothing was run\n", len(problems), checks.Plural(len(problems), "problem", "problems"), len(files), checks.Plural(len(files), "playbook", "playbooks"))
	return &exitError{code: ExitUsage, err: problems, shown: true}
}
