package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/internal/testutil"
)

// fleetReport is a report of host with the given root causes.
func fleetReport(host string, causes ...Cause) *Report {
	r := fixture()
	r.Host.Hostname = host
	r.Causes = causes
	for i := range r.Causes {
		if r.Causes[i].Blocked == nil {
			r.Causes[i].Blocked = []string{}
		}
	}
	return r
}

func refused(server string) Cause {
	return Cause{Check: "dns", Playbook: "default", Status: checks.StatusFail, Message: "DNS server " + server + " refused"}
}

func TestFleetRanksCausesAcrossMachines(t *testing.T) {
	var files []string
	var reports []*Report
	for i := 0; i < 5; i++ {
		reports = append(reports, fleetReport(fmt.Sprintf("ws-%02d", i), refused("10.1.1.53")))
	}
	reports = append(reports, fleetReport("ws-10", Cause{Check: "route", Playbook: "default", Status: checks.StatusFail, Message: "no default route"}))
	reports = append(reports, fleetReport("ws-11"))
	reports[6].Results = reports[6].Results[:1] // a healthy machine
	reports[6].Tally()
	for i := range reports {
		files = append(files, fmt.Sprintf("r%d.json", i))
	}
	fl := NewFleet(files, reports)
	if len(fl.Causes) != 2 || fl.Causes[0].Check != "dns" || fl.Causes[0].Count != 5 || fl.Causes[1].Count != 1 {
		t.Fatalf("causes = %+v", fl.Causes)
	}
	if fl.Machines[len(fl.Machines)-1].Name != "ws-11" || fl.Machines[len(fl.Machines)-1].Status != checks.StatusPass {
		t.Errorf("the healthy machine should come last: %+v", fl.Machines[len(fl.Machines)-1])
	}
	var text bytes.Buffer
	if err := fl.Render(&text, "text"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "| 5        | dns: DNS server 10.1.1.53 refused") {
		t.Errorf("text summary:\n%s", text.String())
	}
	var md bytes.Buffer
	fl.Render(&md, "markdown")
	if !strings.Contains(md.String(), "| 5 | dns: DNS server 10.1.1.53 refused | default |") {
		t.Errorf("markdown summary:\n%s", md.String())
	}
	var js bytes.Buffer
	fl.Render(&js, "json")
	var back Fleet
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || back.Summary.Machines != 7 || back.Causes[0].Count != 5 {
		t.Errorf("json summary does not read back: %v %+v", err, back.Summary)
	}
}

func TestFleetTellsReportsOfOneHostApart(t *testing.T) {
	fl := NewFleet([]string{"before.json", "after.json"}, []*Report{fixture(), fixture()})
	if fl.Machines[0].Name == fl.Machines[1].Name || !strings.Contains(fl.Machines[0].Name+fl.Machines[1].Name, "before.json") {
		t.Errorf("machines: %q and %q", fl.Machines[0].Name, fl.Machines[1].Name)
	}
}

// Messages come from probed machines; a spreadsheet must not run them.
func TestFleetCSVIsOneRowPerMachineAndSafe(t *testing.T) {
	r := fleetReport("=cmd|' /C calc'!A0", Cause{Check: "web", Playbook: "default", Status: checks.StatusFail, Message: "-2+3"})
	var buf bytes.Buffer
	if err := NewFleet([]string{"a.json"}, []*Report{r}).Render(&buf, "csv"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows %v, %v", rows, err)
	}
	for _, cell := range rows[1] {
		if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
			t.Errorf("cell %q would run as a formula", cell)
		}
	}
}

func TestLoadFleetWalksFolders(t *testing.T) {
	files := map[string]string{"other.json": `{"not":"a report"}`}
	for i, host := range []string{"a", "b"} {
		var buf bytes.Buffer
		(jsonRenderer{}).Render(&buf, fleetReport(host, refused(fmt.Sprint("10.0.0.", i))))
		files[host+"/tmp/tsr.json"] = buf.String() // as `ansible fetch` lays files out
	}
	dir := testutil.WriteTree(t, files)
	var skipped []string
	fl, err := LoadFleet([]string{dir}, func(p string, err error) { skipped = append(skipped, p) })
	if err != nil {
		t.Fatal(err)
	}
	if fl.Summary.Machines != 2 || len(skipped) != 1 || !strings.HasSuffix(skipped[0], "other.json") {
		t.Errorf("machines %d, skipped %v", fl.Summary.Machines, skipped)
	}
	if len(fl.Causes) != 2 {
		t.Errorf("two servers refused: two causes, got %+v", fl.Causes)
	}
	if _, err := LoadFleet([]string{filepath.Join(dir, "other.json")}, nil); err == nil {
		t.Error("a named file that is no report must be an error")
	}
	if _, err := LoadFleet([]string{t.TempDir()}, nil); err == nil || !strings.Contains(err.Error(), "no tsr JSON report") {
		t.Errorf("an empty folder: %v", err)
	}
}

// BenchmarkFleetSummary500 reads and summarises 500 reports from disk, as
// `tsr report summary DIR --format json` does.
func BenchmarkFleetSummary500(b *testing.B) {
	files := map[string]string{}
	for i := 0; i < 500; i++ {
		var buf bytes.Buffer
		(jsonRenderer{}).Render(&buf, fleetReport(fmt.Sprintf("ws-%03d", i), refused(fmt.Sprint("10.1.1.", i%7))))
		files[fmt.Sprintf("ws-%03d.json", i)] = buf.String()
	}
	dir := testutil.WriteTree(b, files)
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		fl, err := LoadFleet([]string{dir}, func(string, error) {})
		if err != nil {
			b.Fatal(err)
		}
		var out bytes.Buffer
		if err := fl.Render(&out, "json"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestFleetGroupsMessagesButForMeasurements(t *testing.T) {
	slow := func(d string) Cause {
		return Cause{Check: "web", Playbook: "default", Status: checks.StatusFail, Message: "10.0.0.5 answered after " + d}
	}
	fl := NewFleet([]string{"a", "b", "c"}, []*Report{fleetReport("a", slow("2.1s")), fleetReport("b", slow("2.3s")), fleetReport("c", slow("950ms"))})
	if len(fl.Causes) != 1 || fl.Causes[0].Count != 3 {
		t.Errorf("one cause on three machines, got %+v", fl.Causes)
	}
}
