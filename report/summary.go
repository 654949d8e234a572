package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/internal/lazyregexp"
)

// Fleet is many machines' reports seen together: a row per machine, and
// the root causes ranked by how many machines they hit, so a help desk
// sees "DNS server 10.1.1.53 refused: 37 machines" before any one host.
type Fleet struct {
	Machines []Machine    `json:"machines"` // worst status first, then by name
	Causes   []FleetCause `json:"causes"`   // most machines first
	Summary  FleetSummary `json:"summary"`
}

// Machine is one report's row.
type Machine struct {
	Name     string        `json:"name"` // the host name, with the file when that alone does not tell reports apart
	Hostname string        `json:"hostname"`
	File     string        `json:"file"`
	Status   checks.Status `json:"status"`
	Started  string        `json:"started"`
	OS       string        `json:"os"`
	Platform string        `json:"platform"`
	Counts   Summary       `json:"counts"`
	Causes   []string      `json:"causes"` // "check: message", in the report's order
	// Interrupted says the run stopped before every check ran.
	Interrupted bool `json:"interrupted,omitempty"`
}

// FleetCause is one root cause and the machines it was found on. Causes
// are the same when the same check failed in the same way (status and
// error_kind) with the same message but for its measurements, so "DNS
// server 10.1.1.53 refused" and "... 10.1.1.54 refused" stay apart while
// "no answer after 2.1s" and "... 2.3s" count as one.
type FleetCause struct {
	Playbook  string        `json:"playbook"`
	Check     string        `json:"check"`
	Title     string        `json:"title,omitempty"`
	Status    checks.Status `json:"status"`
	ErrorKind string        `json:"error_kind,omitempty"`
	Message   string        `json:"message"` // the message most of these machines gave
	Count     int           `json:"machines"`
	Machines  []string      `json:"machine_names"`
}

// FleetSummary counts machines by their overall status.
type FleetSummary struct {
	Machines int `json:"machines"`
	Pass     int `json:"pass"`
	Warn     int `json:"warn"`
	Fail     int `json:"fail"`
	Error    int `json:"error"`
	Skip     int `json:"skip"`
}

// SummaryFormats are the formats of `tsr report summary`.
var SummaryFormats = []string{"text", "json", "csv", "markdown"}

// LoadFleet reads reports from files and folders (walked for *.json, as
// `ansible fetch` lays them out). A named file that is not a tsr report is
// an error; a JSON file met in a folder that is not one is passed over and
// told to skipped, so one stray file does not stop a fleet's summary.
func LoadFleet(paths []string, skipped func(path string, err error)) (*Fleet, error) {
	var files []string
	named := map[string]bool{}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", p, unwrapPath(err))
		}
		if !info.IsDir() {
			files, named[p] = append(files, p), true
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".json") {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("cannot read the folder %s: %w", p, err)
		}
	}
	reports, errs := readReportFiles(files)
	var names []string
	var read []*Report
	for i, r := range reports {
		switch {
		case errs[i] != nil && named[files[i]]:
			return nil, errs[i]
		case errs[i] != nil:
			skipped(files[i], errs[i])
		default:
			names, read = append(names, files[i]), append(read, r)
		}
	}
	if len(read) == 0 {
		return nil, fmt.Errorf("no tsr JSON report in %s (tsr diagnose -o report.json writes one)", strings.Join(paths, ", "))
	}
	return NewFleet(names, read), nil
}

// readReportFiles decodes the files on every core: a fleet is hundreds of
// reports, and decoding JSON is the time a summary takes.
func readReportFiles(files []string) ([]*Report, []error) {
	reports, errs := make([]*Report, len(files)), make([]error, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				reports[i], errs[i] = readReportFile(files[i])
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return reports, errs
}

func readReportFile(path string) (*Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read report %s: %w", path, unwrapPath(err))
	}
	defer f.Close()
	var r Report
	if err := Decode(f, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &r, nil
}

// NewFleet builds the fleet view of reports read from files.
func NewFleet(files []string, reports []*Report) *Fleet {
	fl := &Fleet{Machines: []Machine{}, Causes: []FleetCause{}}
	hosts := map[string]int{}
	for _, r := range reports {
		hosts[r.Host.Hostname]++
	}
	type group struct {
		cause    FleetCause
		messages map[string]int
	}
	groups := map[string]*group{}
	var order []string
	for i, r := range reports {
		m := Machine{Name: r.Host.Hostname, Hostname: r.Host.Hostname, File: files[i], Status: r.Status, Started: r.Run.Started,
			OS: r.Host.OS, Platform: r.Host.Platform, Counts: r.Summary, Causes: []string{}, Interrupted: r.Run.Interrupted || r.Run.TimedOut}
		if m.Name == "" || hosts[m.Name] > 1 { // the same machine twice, or no name: tell the reports apart
			m.Name = strings.TrimSpace(m.Name + " (" + files[i] + ")")
		}
		kinds := map[string]string{}
		for _, res := range r.Results {
			if k, _ := res.Observed[checks.ErrorKindField.Name].(string); k != "" {
				kinds[res.Playbook+"\x00"+res.ID] = k
			}
		}
		for _, c := range r.Causes {
			m.Causes = append(m.Causes, c.Check+": "+c.Message)
			kind := kinds[c.Playbook+"\x00"+c.Check]
			key := strings.Join([]string{c.Playbook, c.Check, string(c.Status), kind, measures.ReplaceAllString(c.Message, "#")}, "\x00")
			g := groups[key]
			if g == nil {
				g = &group{cause: FleetCause{Playbook: c.Playbook, Check: c.Check, Title: c.Title, Status: c.Status, ErrorKind: kind}, messages: map[string]int{}}
				groups[key] = g
				order = append(order, key)
			}
			g.cause.Count++
			g.cause.Machines = append(g.cause.Machines, m.Name)
			g.messages[c.Message]++
		}
		fl.Machines = append(fl.Machines, m)
		fl.Summary.add(r.Status)
	}
	for _, key := range order {
		g := groups[key]
		g.cause.Message = mostCommon(g.messages)
		fl.Causes = append(fl.Causes, g.cause)
	}
	sort.SliceStable(fl.Causes, func(i, j int) bool { return fl.Causes[i].Count > fl.Causes[j].Count })
	sort.SliceStable(fl.Machines, func(i, j int) bool {
		a, b := fl.Machines[i], fl.Machines[j]
		if a.Status.Rank() != b.Status.Rank() {
			return a.Status.Rank() > b.Status.Rank()
		}
		return a.Name < b.Name
	})
	return fl
}

// measures matches the numbers in a message that measure rather than name:
// a number with a unit of time, size, percent or signal.
var measures = lazyregexp.New(`\d+(\.\d+)?\s?(ns|µs|us|ms|s|m|h|d|days?|%|B|KiB|MiB|GiB|TiB|KB|MB|GB|TB|dBm|Mb/s|Gb/s)\b`)

// add counts a machine whose report ended with status; a status tsr does
// not know counts as skip: nothing known checked.
func (s *FleetSummary) add(status checks.Status) {
	s.Machines++
	if !countStatus(s.counters(), status) {
		s.Skip++
	}
}

// counters are the machines of each status, in checks.Statuses order.
func (s *FleetSummary) counters() []*int { return []*int{&s.Pass, &s.Warn, &s.Fail, &s.Error, &s.Skip} }

// mostCommon returns the most frequent message, the first in byte order
// among equals so the output does not depend on map order.
func mostCommon(counts map[string]int) string {
	best, n := "", -1
	for m, c := range counts {
		if c > n || c == n && m < best {
			best, n = m, c
		}
	}
	return best
}

// Render writes the fleet in one of SummaryFormats.
func (fl *Fleet) Render(w io.Writer, format string) error {
	switch format {
	case "text":
		return visibleTo(w, fl.text) // machines' reports may hold anything
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(fl)
	case "csv":
		return fl.csv(w)
	case "markdown":
		return visibleTo(w, fl.markdown)
	}
	return fmt.Errorf("unknown summary format %q: use one of %s", format, strings.Join(SummaryFormats, ", "))
}

func (fl *Fleet) headline() string {
	s := fl.Summary
	return fmt.Sprintf("%d %s: %s", s.Machines, checks.Plural(s.Machines, "machine", "machines"), countsText(countsOf(s.counters())))
}

// causeText is a ranked cause in words: "dns (refused): DNS server ... refused".
func (c FleetCause) causeText() string {
	name := c.Check
	if c.ErrorKind != "" {
		name += " (" + c.ErrorKind + ")"
	}
	return name + ": " + c.Message
}

func (fl *Fleet) text(w io.Writer) error {
	fmt.Fprintln(w, fl.headline())
	if len(fl.Causes) > 0 {
		fmt.Fprintln(w, "\nRoot causes across machines:")
		t := NewTable(w)
		t.Header("machines", "root cause", "playbook")
		for _, c := range fl.Causes {
			if err := t.Append(strconv.Itoa(c.Count), oneLine(c.causeText()), c.Playbook); err != nil {
				return err
			}
		}
		if err := t.Render(); err != nil {
			return err
		}
	}
	fmt.Fprintln(w, "\nMachines:")
	t := NewTable(w)
	t.Header(statusColumns([]string{"machine", "status"}, "root causes", "started")...)
	for _, m := range fl.Machines {
		status := strings.ToUpper(string(m.Status))
		if m.Interrupted {
			status += " (interrupted)"
		}
		row := []any{m.Name, status}
		for _, n := range m.Counts.ByStatus() {
			row = append(row, n)
		}
		if err := t.Append(append(row, oneLine(strings.Join(m.Causes, "; ")), m.Started)...); err != nil {
			return err
		}
	}
	return t.Render()
}

func (fl *Fleet) csv(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(statusColumns([]string{"machine", "hostname", "file", "status", "interrupted"}, "root_causes", "started", "os", "platform"))
	for _, m := range fl.Machines {
		row := []string{csvSafe(m.Name), csvSafe(m.Hostname), csvSafe(m.File), string(m.Status), strconv.FormatBool(m.Interrupted)}
		for _, n := range m.Counts.ByStatus() {
			row = append(row, strconv.Itoa(n))
		}
		cw.Write(append(row, csvSafe(strings.Join(m.Causes, "; ")), csvSafe(m.Started), csvSafe(m.OS), csvSafe(m.Platform)))
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from running a cell as a formula: text from
// a report (a probed message) that starts with = + - @ is quoted with '.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (fl *Fleet) markdown(w io.Writer) error {
	fmt.Fprintf(w, "# Fleet summary\n\n%s\n", md(fl.headline()))
	if len(fl.Causes) > 0 {
		fmt.Fprint(w, "\n## Root causes across machines\n\n| machines | root cause | playbook |\n|---:|---|---|\n")
		for _, c := range fl.Causes {
			fmt.Fprintf(w, "| %d | %s | %s |\n", c.Count, md(c.causeText()), md(c.Playbook))
		}
	}
	fmt.Fprintf(w, "\n## Machines\n\n| %s |\n|---|---|%s---|\n", strings.Join(statusColumns([]string{"machine", "status"}, "root causes"), " | "),
		strings.Repeat("---:|", len(checks.Statuses)))
	for _, m := range fl.Machines {
		row := []string{md(m.Name), md(strings.ToUpper(string(m.Status)))}
		for _, n := range m.Counts.ByStatus() {
			row = append(row, strconv.Itoa(n))
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(append(row, md(strings.Join(m.Causes, "; "))), " | "))
	}
	return nil
}
