package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsrhq/tsr/report"
)

func newReport(s Streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Work with saved JSON reports: render, diff, summary",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	var format string
	var outputs []string
	render := &cobra.Command{
		Use:   "render FILE",
		Short: "Re-render a saved JSON report in another format",
		Example: `  tsr report render report.json -o report.html
  tsr report render report.json --format markdown`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			r, err := readReport(args[0])
			if err != nil {
				return err
			}
			formats := make([]string, len(outputs))
			for i, path := range outputs {
				if formats[i], err = report.FormatOf(path); err != nil {
					return usageError("%v", err)
				}
			}
			show := format != "" || len(outputs) == 0
			if format == "" {
				format = "text"
			}
			rd, err := report.NewRenderer(format, report.Options{})
			if err != nil {
				return usageError("--format: %v", err)
			}
			failed := false // every output is written even when one fails
			for i, path := range outputs {
				failed = !writeReportFile(s, r, path, formats[i], true) || failed
			}
			if show {
				if err := rd.Render(s.Out, r); err != nil {
					return &exitError{code: ExitProblems, err: fmt.Errorf("writing the report to standard output: %v", err)}
				}
			}
			switch {
			case failed:
				return &exitError{code: ExitProblems}
			case show && format == "nagios":
				return nagiosExit(r)
			}
			return nil
		},
	}
	render.Flags().StringVar(&format, "format", "", "format on standard output: "+strings.Join(report.Formats(), "|")+" (default text, or none with -o)")
	render.Flags().StringArrayVarP(&outputs, "output", "o", nil, "write to FILE, format from the extension (repeatable)")

	var diffFormat string
	diff := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "What changed between two reports (before and after a fix); exit 1 when something got worse",
		Args:  cobra.ExactArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			if diffFormat != "text" && diffFormat != "json" {
				return usageError("--format %q: use text or json", diffFormat)
			}
			old, err := readReport(args[0])
			if err != nil {
				return err
			}
			new, err := readReport(args[1])
			if err != nil {
				return err
			}
			d := report.Compare(old, new)
			if diffFormat == "json" {
				enc := json.NewEncoder(s.Out)
				enc.SetIndent("", "  ")
				err = enc.Encode(d)
			} else {
				err = d.WriteText(s.Out)
			}
			if err != nil {
				return err
			}
			if d.Worse {
				return &exitError{code: ExitProblems}
			}
			return nil
		},
	}
	diff.Flags().StringVar(&diffFormat, "format", "text", "text|json")

	var summaryFormat string
	summary := &cobra.Command{
		Use:   "summary FILE...|DIR...",
		Short: "Many machines' reports as one table: a row per machine, root causes ranked across machines",
		Long: `Reads tsr JSON reports, from files or from folders (walked for *.json, as
ansible's fetch lays them out), and prints a row per machine and the root
causes ranked by how many machines they hit.`,
		Example: `  tsr report summary reports/
  tsr report summary reports/ --format csv > fleet.csv`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if !slices.Contains(report.SummaryFormats, summaryFormat) {
				return usageError("--format %q: use one of %s", summaryFormat, strings.Join(report.SummaryFormats, ", "))
			}
			fleet, err := report.LoadFleet(args, func(path string, err error) {
				fmt.Fprintf(s.Err, "tsr: passed over %v\n", err)
			})
			if err != nil {
				return usageError("%v", err)
			}
			return fleet.Render(s.Out, summaryFormat)
		},
	}
	summary.Flags().StringVar(&summaryFormat, "format", "text", strings.Join(report.SummaryFormats, "|"))
	cmd.AddCommand(render, diff, summary)
	return cmd
}

func readReport(path string) (*report.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageError("cannot read report %s: %v", path, err)
	}
	defer f.Close()
	var r report.Report
	if err := report.Decode(f, &r); err != nil {
		return nil, usageError("%s: %v (tsr reads the reports it wrote as JSON: tsr diagnose -o report.json)", path, err)
	}
	return &r, nil
}

// writeReportFile renders r in a format and writes it to path, or to a
// fallback file it names; it says on stderr what went wrong and returns
// whether the report reached a file (its own or the fallback).
func writeReportFile(s Streams, r *report.Report, path, format string, quiet bool) bool {
	data, err := report.Bytes(r, format, report.Options{})
	if err != nil {
		fmt.Fprintf(s.Err, "tsr: cannot render the report for %s: %v\n", path, err)
		return false
	}
	fallback, err := report.WriteFile(path, data)
	switch {
	case fallback != "":
		fmt.Fprintf(s.Err, "tsr: %v\ntsr: the report was written to %s instead\n", err, fallback)
		return true
	case err != nil:
		fmt.Fprintf(s.Err, "tsr: %v\n", err)
		return false
	case !quiet:
		fmt.Fprintf(s.Err, "Report written to %s\n", path)
	}
	return true
}
