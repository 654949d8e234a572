// Package cli wires tsr's cobra commands: flags and arguments in, calls
// into playbooks and report, exit codes out. Commands read and write only
// the streams they are given, so tests drive them without a terminal.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
)

// Set at build time: -ldflags "-X github.com/tsrhq/tsr/cmd/cli.version=1.2.0 -X ...commit=abc1234".
var (
	version = ""
	commit  = ""
)

// Exit codes of cli.md.
const (
	ExitOK          = 0
	ExitProblems    = 1
	ExitUsage       = 2
	ExitInterrupted = 130
)

// Streams are the command's standard streams.
type Streams struct {
	In       io.Reader
	Out      io.Writer
	Err      io.Writer
	Terminal bool     // Out is a terminal: live progress and colour are welcome
	Args     []string // the command line, for the report's run.args; Main sets it
}

// System returns the process's own streams.
func System() Streams {
	return Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		Terminal: isatty.IsTerminal(os.Stdout.Fd()) || isatty.IsCygwinTerminal(os.Stdout.Fd())}
}

// exitError carries an exit code out of a command, and the error that
// caused it, which errors.Is and errors.As still find.
type exitError struct {
	code  int
	err   error // the cause; nil when there is none to tell
	shown bool  // the command already told the user about err
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageError is exit 2 with a message; %w keeps the cause.
func usageError(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// Main runs tsr with args (without the program name) and returns the exit code.
func Main(args []string, s Streams) int {
	if len(args) == 0 && startedByDoubleClick() {
		return runDoubleClick(s, doubleClickEnv(), nil)
	}
	s.Args = args
	out := &watchedWriter{w: s.Out}
	s.Out = out
	code := run(args, s)
	if out.err != nil && code == ExitOK { // a full disk or a closed pipe must not look like success
		fmt.Fprintf(s.Err, "tsr: could not write to standard output: %v\n", out.err)
		return ExitProblems
	}
	return code
}

// watchedWriter remembers the first error writing to a stream.
type watchedWriter struct {
	w   io.Writer
	err error
}

func (w *watchedWriter) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	if err != nil && w.err == nil {
		w.err = err
	}
	return n, err
}

func run(args []string, s Streams) int {
	root := newRootFor(args, s)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && !ee.shown {
			fmt.Fprintln(s.Err, "tsr: "+ee.err.Error())
		}
		return ee.code
	}
	// cobra's own errors: unknown commands and flags, wrong arguments.
	path := root.Name()
	if cmd != nil {
		path = cmd.CommandPath()
	}
	fmt.Fprintf(s.Err, "%s: %v\nRun '%s --help' for usage.\n", path, err, path)
	return ExitUsage
}

// subcommands are tsr's commands under the root, by name. A run builds
// only the one it was asked for (see newRootFor); help, completion and
// the docs build them all.
var subcommands = []struct {
	name  string
	build func(Streams) *cobra.Command
}{
	{"diagnose", func(s Streams) *cobra.Command { return newDiagnose(s, nil) }},
	{"validate", func(s Streams) *cobra.Command { return newValidate(s, nil) }},
	{"checks", newChecks},
	{"playbooks", newPlaybooks},
	{"schema", newSchema},
	{"report", newReport},
	{"inventory", newInventory},
	{"send", newSend},
	{"version", newVersion},
}

// NewRoot builds the whole command tree.
func NewRoot(s Streams) *cobra.Command {
	root := newBareRoot(s)
	for _, sub := range subcommands {
		root.AddCommand(sub.build(s))
	}
	return root
}

// newRootFor builds the root and, when args name one of its commands,
// only that command: the flags and subcommands of the others (dozens of
// them) would be built for nothing at every start. Anything else (no
// command, a flag first, help, completion, a misspelt command that cobra
// should suggest a fix for) gets the whole tree.
func newRootFor(args []string, s Streams) *cobra.Command {
	if len(args) > 0 {
		for _, sub := range subcommands {
			if sub.name == args[0] {
				root := newBareRoot(s)
				root.AddCommand(sub.build(s))
				// The completion command is built only when asked for,
				// and then args[0] names it, not sub.
				root.CompletionOptions.DisableDefaultCmd = true
				return root
			}
		}
	}
	return NewRoot(s)
}

// newBareRoot is the root command without its commands.
func newBareRoot(s Streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "tsr",
		Short: "Troubleshoot a machine with declarative playbooks and write a report for a support ticket",
		Long: `tsr runs playbooks of hardware, network and DNS checks on this machine and
reports what is wrong, what it blocked, and what to do about it.

  tsr diagnose                  run the built-in quick health check
  tsr diagnose -o report.html   ...and write a report to attach to a ticket
  tsr validate my-playbook.yaml check a playbook without running it`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       versionLine(), // --version, through the template below
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetHelpCommand(newHelp())
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitError{code: ExitUsage, err: fmt.Errorf("%w (see '%s --help')", err, c.CommandPath())}
	})
	return root
}

// Version is tsr's version: the one stamped at build time, else the
// module's, else "dev".
func Version() string {
	if version != "" {
		return version
	}
	if bi, ok := buildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// buildInfo is the binary's build information, parsed once: every start
// asks for the version (--version) and parsing it is not free.
var buildInfo = sync.OnceValues(debug.ReadBuildInfo)

// Commit is the source commit tsr was built from, when known.
func Commit() string {
	if commit != "" {
		return commit
	}
	if bi, ok := buildInfo(); ok {
		for _, kv := range bi.Settings {
			if kv.Key == "vcs.revision" && len(kv.Value) >= 7 {
				return kv.Value[:7]
			}
		}
	}
	return ""
}

func newVersion(s Streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print tsr's version and commit",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintln(s.Out, versionLine())
			return err
		},
	}
}

// versionLine is what `tsr version` and `tsr --version` print.
func versionLine() string {
	c := Commit()
	if c == "" {
		c = "unknown"
	}
	return fmt.Sprintf("tsr %s (commit %s)", Version(), c)
}
