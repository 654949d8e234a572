// Package playbooks reads, validates and runs tsr/1 playbooks: the format,
// the loader and its problems, references, the runner, and the built-in
// playbooks embedded in the binary.
package playbooks

import (
	"time"

	"github.com/tsrhq/tsr/checks"
	"gopkg.in/yaml.v3"
)

// FormatVersion is the `tsr:` value this code reads.
const FormatVersion = 1

// Playbook is a loaded playbook: a troubleshooting tree of checks.
type Playbook struct {
	File        string // where problems point: a path, "-" (standard input), "builtin/NAME.yaml"
	Source      string // for the report: a path, "stdin" or "builtin:NAME"
	SHA256      string // of the file's bytes
	Name        string
	Title       string
	Description string
	Vars        []*Var
	Checks      []*Check
	byID        map[string]*Check          // Check's index, rebuilt when Checks grows
	indexed     int                        // how many checks byID covers
	dependents  map[string]map[*Check]bool // memoised: the checks that need an id, directly or not
	needers     map[string][]*Check        // id -> the checks whose needs name it
}

// Var is a playbook variable with its default (or --set) value.
type Var struct {
	Name  string
	Value any  // string, int64, float64, bool or []string
	Set   bool // the value came from --set
}

// Check is one check of a playbook, as written.
type Check struct {
	ID         string
	Uses       string
	Type       *checks.Type         // nil when Uses is unknown
	Title      *Template            // nil: the type's title
	Fix        map[string]*Template // by FixKeys: an error kind, a status of fixStatuses or FixDefault (a plain fix)
	With       map[string]any       // parameter values as written, their strings parsed into templates
	Expect     []checks.Assertion   // nil: the type's defaults
	Warn       []checks.Assertion   // nil: the type's defaults
	expectOK   bool                 // an expect key was written (even empty)
	warnOK     bool
	Needs      []string
	OS         []string // when.os; empty: everywhere
	Privileged bool     // when.privileged: only as root or Administrator
	Severity   checks.Severity
	Tier       checks.Tier
	Timeout    time.Duration // 0: the type's default
	Retries    int           // runs again up to this many times when it ends fail or error
	RetryDelay time.Duration // the pause before each retry
	node       *yaml.Node
	idNode     *yaml.Node
	textAt     map[string]*yaml.Node // where title and each fix are written ("title", "fix.KEY")
	withAt     map[string]*yaml.Node // where each parameter is written
	needsAt    map[string]*yaml.Node
}

// DefaultRetryDelay is the pause before a retry when retry_delay is not written.
const DefaultRetryDelay = 200 * time.Millisecond

// MaxRetries is the most retries a check may ask for.
const MaxRetries = 10

// Var returns the named var.
func (p *Playbook) Var(name string) *Var {
	for _, v := range p.Vars {
		if v.Name == name {
			return v
		}
	}
	return nil
}

// Check returns the check with the id (the first, when ids repeat). It
// is a map look-up: validation asks it for every need and reference.
func (p *Playbook) Check(id string) *Check {
	if p.byID == nil || p.indexed != len(p.Checks) {
		p.byID, p.indexed, p.dependents, p.needers = make(map[string]*Check, len(p.Checks)), len(p.Checks), nil, nil
		for _, c := range p.Checks {
			if _, dup := p.byID[c.ID]; !dup {
				p.byID[c.ID] = c
			}
		}
	}
	return p.byID[id]
}

// Expectations returns the assertions that fail the check: the playbook's
// when it wrote expect, else the type's defaults.
func (c *Check) Expectations() []checks.Assertion {
	if c.expectOK || c.Type == nil {
		return c.Expect
	}
	return c.Type.DefaultExpect()
}

// Warnings returns the assertions that warn, likewise.
func (c *Check) Warnings() []checks.Assertion {
	if c.warnOK || c.Type == nil {
		return c.Warn
	}
	return c.Type.DefaultWarn()
}

// FixDefault is the key a plain `fix: text` is kept under.
const FixDefault = "default"

// fixStatuses are the statuses a fix map may key advice by.
var fixStatuses = []checks.Status{checks.StatusFail, checks.StatusWarn}

// FixKeys lists the keys a fix map of a check of type t may hold: its
// type's error kinds (every known one when the type is unknown), then the
// statuses of fixStatuses, then FixDefault.
func FixKeys(t *checks.Type) []string {
	kinds := checks.AllErrorKinds()
	if t != nil {
		kinds = t.PossibleErrorKinds()
	}
	return append(append(checks.Strings(kinds), checks.Strings(fixStatuses)...), FixDefault)
}

// FixFor picks the advice for what happened: the result's error kind, else
// its status (fail, warn), else the default; "" when none applies.
func (c *Check) FixFor(errorKind checks.ErrorKind, status checks.Status) *Template {
	for _, key := range []string{string(errorKind), string(status), FixDefault} {
		if text, ok := c.Fix[key]; ok && key != "" {
			return text
		}
	}
	return nil
}
