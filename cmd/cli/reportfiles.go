package cli

import (
	"fmt"

	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/report"
)

// badFormat is every command's one refusal of a --format value: what was
// given and what would do.
func badFormat(format string, choices []string) error {
	return usageError("--format %q: use %s", format, checks.OneOf(choices))
}

// writeReports writes rep to each path in the format beside it (diagnose
// -o, report render -o). A file that cannot be written where asked goes to
// a fallback place and says so; one that cannot be written at all is
// reported and makes lost true, and the others are still written.
func writeReports(s Streams, rep *report.Report, paths, formats []string, quiet bool) (lost bool) {
	for i, path := range paths {
		data, err := report.Bytes(rep, formats[i], report.Options{})
		if err != nil {
			fmt.Fprintf(s.Err, "tsr: cannot render the report for %s: %v\n", path, err)
			lost = true
			continue
		}
		fallback, err := report.WriteFile(path, data)
		switch {
		case fallback != "":
			fmt.Fprintf(s.Err, "tsr: %v\ntsr: the report was written to %s instead\n", err, fallback)
		case err != nil:
			fmt.Fprintf(s.Err, "tsr: %v\n", err)
			lost = true
		case !quiet:
			fmt.Fprintf(s.Err, "Report written to %s\n", path)
		}
	}
	return lost
}

// outputFormats are the formats the extensions of paths name.
func outputFormats(paths []string) ([]string, error) {
	formats := make([]string, len(paths))
	for i, path := range paths {
		format, err := report.FormatOf(path)
		if err != nil {
			return nil, usageError("%w", err)
		}
		formats[i] = format
	}
	return formats, nil
}

// nagiosExit ends a run whose output a monitoring system reads by the
// plugin contract: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
func nagiosExit(rep *report.Report) error {
	if state := report.NagiosState(rep); state != report.NagiosOK {
		return &exitError{code: state}
	}
	return nil
}
