package checks

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os/exec"
	"strings"
	"time"
)

const commandOutputLimit = 64 << 10

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "sys.command",
			Title: "Command succeeds",
			Doc:   "Runs a program (no shell unless you name one) and records its exit code and output. Runs only when tsr is given --allow-exec; otherwise it skips and says so.",
			Params: []Param{
				{Name: "run", Kind: KindList, Required: true, Check: commandLineParam, Doc: "the program and its arguments, e.g. [systemctl, is-active, sshd]"},
				{Name: "timeout", Kind: KindDuration, Default: "10s", Doc: "how long the program may run before it is stopped"},
			},
			Fields: []Field{
				{Name: "exit_code", Kind: KindInt, Doc: "the program's exit code; -1 when a signal ended it; absent when it did not finish"},
				{Name: "stdout", Kind: KindString, Doc: "the first 64 KiB of its standard output"},
				{Name: "stderr", Kind: KindString, Doc: "the first 64 KiB of its standard error"},
				{Name: "duration", Kind: KindDuration, Doc: "how long it ran"},
			},
			Expect:     Assertions{"exit_code": 0},
			ErrorKinds: []ErrorKind{ErrorKindNotFound, ErrorKindCanceled},
			Timeout:    10 * time.Second,
			Example:    "run: [uname, -a]",
			Support:    Portable,
			Run:        runCommand,
		}
	})
}

// commandLineParam accepts a run parameter that names a program.
func commandLineParam(v any) error {
	if argv, _ := v.([]string); len(argv) == 0 || argv[0] == "" {
		return errors.New("names no program: give the program and its arguments, e.g. [uname, -a]")
	}
	return nil
}

func runCommand(ctx context.Context, env *Env, p Params) Outcome {
	if env == nil || !env.AllowExec {
		return Skipped("runs a program; rerun with --allow-exec to allow it")
	}
	argv := p.List("run")
	shown := commandLine(argv)
	ctx, cancel := context.WithTimeout(ctx, p.Duration("timeout"))
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	stdout, stderr := &headBuffer{}, &headBuffer{}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	// A child that keeps the output pipes open must not hold the check.
	cmd.WaitDelay = time.Second
	killTree(cmd)
	start := time.Now()
	err := cmd.Run()
	obs := map[string]any{"stdout": stdout.String(), "stderr": stderr.String(), "duration": time.Since(start)}
	var exitErr *exec.ExitError
	switch {
	case ctx.Err() != nil:
		kind := ErrorKindTimeout
		if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			kind = ErrorKindCanceled
		}
		o := Failed(kind, "%s did not finish within %s and was stopped", shown, FormatDuration(p.Duration("timeout")))
		o.Observed = obs
		return o
	case errors.Is(err, exec.ErrNotFound), errors.Is(err, fs.ErrNotExist):
		return Failed(ErrorKindNotFound, "%s: the program %s was not found", shown, argv[0])
	case err != nil && !errors.As(err, &exitErr):
		kind := ErrorKindOf(err)
		return Failed(kind, "%s could not be started: %v", shown, err)
	}
	code := cmd.ProcessState.ExitCode()
	obs["exit_code"] = int64(code)
	evidence := []Evidence{{Name: "output.txt", Data: []byte("$ " + shown + "\n" + stdout.String() + stderr.String())}}
	took := FormatDuration(obs["duration"].(time.Duration))
	if code < 0 {
		return Outcome{Observed: obs, Evidence: evidence, Message: fmt.Sprintf("%s was ended by a signal (%s) after %s", shown, cmd.ProcessState, took)}
	}
	return Outcome{Observed: obs, Evidence: evidence, Message: fmt.Sprintf("%s exited with code %d after %s", shown, code, took)}
}

// headBuffer keeps the first 64 KiB written to it and drops the rest,
// still accepting it so the program never blocks on a full pipe.
type headBuffer struct{ b []byte }

func (h *headBuffer) Write(p []byte) (int, error) {
	if room := commandOutputLimit - len(h.b); room > 0 {
		h.b = append(h.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (h *headBuffer) String() string { return strings.ToValidUTF8(string(h.b), "\uFFFD") }

// commandLine shows argv as a person would type it, cut to a line.
func commandLine(argv []string) string {
	parts := make([]string, len(argv))
	for i, a := range argv {
		if a == "" || strings.ContainsAny(a, " \t\"'\\$;&|<>*?") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		parts[i] = a
	}
	s := strings.Join(parts, " ")
	return "`" + Shorten(s, 80) + "`"
}
