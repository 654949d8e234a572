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
			for _, path := range outputs {
				f, err := report.FormatOf(path)
				if err != nil {
					return usageError("%v", err)
				}
				data, err := report.Bytes(r, f, report.Options{})
				if err != nil {
					return err
				}
				if fallback, err := report.WriteFile(path, data); fallback != "" {
					fmt.Fprintf(s.Err, "tsr: %v\ntsr: the report was written to %s instead\n", err, fallback)
				} else if err != nil {
					return &exitError{code: ExitProblems, err: err}
				}
			}
			if len(outputs) > 0 && format == "" {
				return nil
			}
			if format == "" {
				format = "text"
			}
			rd, err := report.NewRenderer(format, report.Options{})
			if err != nil {
				return usageError("--format: %v", err)
			}
			if err := rd.Render(s.Out, r); err != nil {
				return err
			}
			if format == "nagios" {
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
