package playbooks

import (
	"context"
	"fmt"
	"os/user"
	"strings"
	"time"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/report"
)

// DiagnoseOptions steer Diagnose: the runner's Options and what the report
// needs besides the results.
type DiagnoseOptions struct {
	Options
	Info          RunInfo          // Duration is filled in
	Redactor      *report.Redactor // the run's one redactor, shared with live output
	Inventory     bool             // gather the hardware inventory while the checks run
	InventoryWait time.Duration    // how long a finished run waits for the inventory
	OnNotice      func(string)     // told what the user should know, such as an inventory left out
	Repeat        *Repeat          // run in rounds (--repeat, --for); nil: once
}

// CheckSelection says whether --only and --skip (opts.Only, opts.Skip)
// name checks of pbs, without running anything.
func CheckSelection(pbs []*Playbook, opts Options) error {
	_, err := plan(pbs, opts)
	return err
}

// Diagnose runs pbs, gathers the hardware inventory meanwhile, and returns
// the run's report, redacted and ready to write, with the runner's outcome.
func Diagnose(ctx context.Context, pbs []*Playbook, opts DiagnoseOptions) (*report.Report, *Outcome, error) {
	inventory := startInventory(ctx, opts.Inventory)
	var out *Outcome
	var err error
	info := opts.Info
	if opts.Repeat != nil {
		out, err = RunRounds(ctx, pbs, opts.Options, *opts.Repeat)
		info.Every = opts.Repeat.Every
	} else {
		out, err = Run(ctx, pbs, opts.Options)
	}
	if err != nil {
		return nil, nil, err
	}
	info.Duration = time.Since(info.Started)
	rep := NewReport(pbs, out, info)
	inventory.into(ctx, rep, opts.InventoryWait, opts.OnNotice)
	if opts.Redactor != nil {
		opts.Redactor.Report(rep)
	}
	if err := rep.Normalize(); err != nil {
		return nil, nil, fmt.Errorf("preparing the report: %w", err)
	}
	return rep, out, nil
}

// pendingInventory is the inventory being gathered; it costs the run
// nothing unless it is the slowest part.
type pendingInventory struct {
	done chan struct{}
	set  func(*report.Report)
}

func startInventory(ctx context.Context, wanted bool) *pendingInventory {
	if !wanted {
		return nil
	}
	p := &pendingInventory{done: make(chan struct{})}
	go func() {
		inv := checks.ReadInventory(ctx)
		p.set = func(r *report.Report) { r.Inventory = inv }
		close(p.done)
	}()
	return p
}

// into puts the inventory into the report once it is there, unless the
// run was interrupted (the report matters more) or it takes longer than
// wait: ghw cannot be interrupted once it reads.
func (p *pendingInventory) into(ctx context.Context, rep *report.Report, wait time.Duration, notice func(string)) {
	if p == nil {
		return
	}
	select {
	case <-p.done:
		p.set(rep)
	case <-ctx.Done():
	case <-time.After(wait):
		if notice != nil {
			notice(fmt.Sprintf("the hardware inventory took longer than %s and is left out of the report", wait))
		}
	}
}

// NewRedactor is the redactor of a run of pbs at level (secrets, pii or
// none): it knows the playbooks' secrets, the user's names and this
// machine's name.
// extra are secrets the caller knows besides the playbooks' (a --send-header token).
func NewRedactor(pbs []*Playbook, level report.Redaction, extra ...string) *report.Redactor {
	return report.NewRedactor(level, report.Known{Secrets: append(Secrets(pbs), extra...), People: people(), Hostname: checks.HostFacts().Hostname})
}

// people lists the names that identify the user, for --redact pii.
func people() []string {
	var out []string
	if u, err := user.Current(); err == nil {
		out = append(out, u.Username)
		// CORP\jdoe (Windows) and jdoe@corp.example stand in paths as jdoe.
		if i := strings.LastIndex(u.Username, `\`); i >= 0 && i+1 < len(u.Username) {
			out = append(out, u.Username[i+1:])
		}
		if i := strings.Index(u.Username, "@"); i > 0 {
			out = append(out, u.Username[:i])
		}
		if u.Name != "" {
			out = append(out, u.Name)
		}
	}
	return out
}
