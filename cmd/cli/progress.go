package cli

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/report"
)

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
	roundNo  int                   // with --repeat: the round running
	tally    map[checks.Status]int // with --repeat: results by status over the rounds so far
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

// round starts a new round of a repeated run: its lines follow a heading.
func (p *progress) round(n int) {
	if !p.live {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tally == nil {
		p.tally = map[checks.Status]int{}
	}
	p.roundNo, p.finished, p.running = n, 0, nil
	fmt.Fprintf(p.w, "\r\x1b[K%s\n", p.text.Paint("\x1b[1m", fmt.Sprintf("round %d", n)))
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
	if p.tally != nil {
		p.tally[r.Status]++
	}
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
	running = checks.Shorten(running, 50)
	round := ""
	if p.roundNo > 0 {
		round = fmt.Sprintf("round %d (so far %d failed, %d warned, %d passed): ", p.roundNo, p.tally[checks.StatusFail]+p.tally[checks.StatusError], p.tally[checks.StatusWarn], p.tally[checks.StatusPass])
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", p.text.Paint("\x1b[2m", fmt.Sprintf("%s %s%d/%d done; running: %s", spinner[p.frame%len(spinner)], round, p.finished, p.total, running)))
}

func (p *progress) done() {
	if p.live {
		close(p.stop)
		p.mu.Lock()
		fmt.Fprint(p.w, "\r\x1b[K")
		p.mu.Unlock()
	}
}
