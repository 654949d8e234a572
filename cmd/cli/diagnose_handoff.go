package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/playbooks"
	"github.com/tsrhq/tsr/report"
)

// handOffFlags are diagnose's flags that take the report to the ticket.
type handOffFlags struct {
	bundle string
	send   sendFlags
}

// check refuses hand-off flags that cannot work, before any check runs.
func (f handOffFlags) check() (*report.Intake, error) {
	if f.bundle != "" {
		if !strings.EqualFold(filepath.Ext(f.bundle), ".zip") {
			return nil, usageError("--bundle %s: a bundle is a zip: name it .zip", f.bundle)
		}
		if err := report.CheckWritable(f.bundle); err != nil {
			return nil, usageError("--bundle: %w", err)
		}
	}
	if f.send.to == "" {
		if len(f.send.headers) > 0 {
			return nil, usageError("--send-header goes with --send URL")
		}
		return nil, nil
	}
	return f.send.intake()
}

// secrets are the values of the send headers (a token): the report must
// not show them, even where a server echoes them or in run.args.
func (f handOffFlags) secrets() []string {
	var out []string
	for _, h := range f.send.headers {
		_, value, _ := strings.Cut(h, ":")
		value = strings.TrimSpace(value)
		out = append(out, value, strings.TrimSpace(h))
		if fields := strings.Fields(value); len(fields) > 1 { // "Bearer TOKEN": the token alone too
			out = append(out, fields[len(fields)-1])
		}
	}
	return out
}

// handOff writes the bundle and sends the report or bundle, as asked. It
// reports whether all of it worked; what failed is said on s.Err, and a
// report that could not be sent waits in the outbox.
func handOff(ctx context.Context, s Streams, f handOffFlags, intake *report.Intake, rep *report.Report, out *playbooks.Outcome, rd *report.Redactor, jsonOutputs []string) bool {
	ok := true
	if f.bundle != "" {
		m, err := report.WriteBundle(f.bundle, rep, bundleEvidence(rep, out), rd)
		if err != nil {
			fmt.Fprintf(s.Err, "tsr: %v\n", err)
			ok = false
		} else {
			cut := ""
			if len(m.Cut) > 0 {
				cut = fmt.Sprintf("; %d evidence files were cut to keep it under %d MB (see manifest.json)", len(m.Cut), report.BundleMaxBytes>>20)
			}
			fmt.Fprintf(s.Err, "Bundle written to %s (%d files%s)\n", f.bundle, len(m.Files)+1, cut)
		}
	}
	if intake == nil {
		return ok
	}
	path := f.bundle
	if path == "" && len(jsonOutputs) > 0 {
		path = jsonOutputs[0]
	}
	if path == "" { // nothing written to send: the JSON report, through a file the outbox can keep
		tmp, err := os.CreateTemp("", "tsr-report-"+rep.Run.ID+"-*.json")
		if err != nil {
			fmt.Fprintf(s.Err, "tsr: cannot prepare the report for sending: %v\n", err)
			return false
		}
		defer os.Remove(tmp.Name())
		data, _ := report.Bytes(rep, "json", report.Options{})
		tmp.Write(data)
		tmp.Close()
		path = tmp.Name()
	}
	return deliver(ctx, s, s.Err, intake, path, false) && ok
}

// bundleEvidence is what a bundle holds besides the reports: what each
// probe saw, the host's network files and interface table, the inventory.
func bundleEvidence(rep *report.Report, out *playbooks.Outcome) []report.EvidenceFile {
	evidence := append([]report.EvidenceFile(nil), out.Evidence...)
	for _, e := range checks.HostEvidence() {
		evidence = append(evidence, report.EvidenceFile{Path: e.Name, Data: e.Data})
	}
	if rep.Inventory != nil { // already redacted with the report
		data, _ := json.MarshalIndent(rep.Inventory, "", "  ")
		evidence = append(evidence, report.EvidenceFile{Path: "inventory.json", Data: data})
	}
	return evidence
}
