package report

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"strings"
)

// RedactFile redacts a saved report or bundle again, at level, also hiding
// each value of hide wherever it stands, and writes the result to out: a
// report in the format out's extension names, a bundle as a bundle (its
// reports rendered anew, its evidence redacted, its manifest rewritten).
func RedactFile(in, out string, level Redaction, hide []string) error {
	if in == out {
		return fmt.Errorf("-o %s is the file being redacted: write the redacted copy to another file", out)
	}
	if IsBundle(in) {
		return redactBundle(in, out, level, hide)
	}
	data, err := os.ReadFile(in)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", in, unwrapPath(err))
	}
	var r Report
	if err := Decode(bytes.NewReader(data), &r); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	format, err := FormatOf(out)
	if err != nil {
		return err
	}
	redactReport(&r, level, hide)
	rendered, err := Bytes(&r, format, Options{})
	if err != nil {
		return err
	}
	return writeAtomic(out, rendered)
}

// redactReport redacts r at level plus the hidden values and records the
// stronger of the two levels; it returns the Redactor for the evidence.
func redactReport(r *Report, level Redaction, hide []string) *Redactor {
	known := Known{Secrets: hide, Hostname: r.Host.Hostname}
	if level == RedactPII {
		known.People = reportPeople(r)
	}
	was := r.Run.Redaction
	rd := NewRedactor(level, known)
	rd.Report(r) // records level
	if was.hidesMoreThan(level) {
		r.Run.Redaction = was
	}
	return rd
}

// reportPeople are the user names a report shows in its paths and text,
// which the machine that re-redacts it (the help desk's, perhaps) does
// not know as its own.
func reportPeople(r *Report) []string {
	seen := map[string]bool{}
	var people []string
	r.walkStrings(func(s string) string {
		for _, m := range reviewUser.FindAllStringSubmatch(s, -1) {
			if !seen[m[1]] && !isPlaceholder(m[1]) {
				seen[m[1]] = true
				people = append(people, m[1])
			}
		}
		return s
	})
	return people
}

func redactBundle(in, out string, level Redaction, hide []string) error {
	if !strings.EqualFold(path.Ext(out), ".zip") {
		return fmt.Errorf("-o %s: a bundle is redacted into a bundle: name the output .zip", out)
	}
	files, err := OpenBundle(in)
	if err != nil {
		return err
	}
	var r *Report
	var evidence []EvidenceFile
	for _, f := range files {
		switch {
		case f.Path == "report.json":
			r = &Report{}
			if err := Decode(bytes.NewReader(f.Data), r); err != nil {
				return fmt.Errorf("%s: report.json: %w", in, err)
			}
		case strings.HasPrefix(f.Path, bundleEvidenceFolder):
			evidence = append(evidence, EvidenceFile{Path: strings.TrimPrefix(f.Path, bundleEvidenceFolder), Data: f.Data})
		}
	}
	if r == nil {
		return fmt.Errorf("%s has no report.json: not a tsr bundle", in)
	}
	rd := redactReport(r, level, hide)
	_, err = WriteBundle(out, r, evidence, rd)
	return err
}
