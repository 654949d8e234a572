package cli

import (
	"os"

	"github.com/spf13/cobra"
	"github.com/tsrhq/tsr/report"
)

// newReport is `tsr report`: its subcommands work with saved JSON reports.
func newReport(s Streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Work with saved JSON reports: render, diff, summary",
		Args:  subcommandsOnly,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newReportRender(s, nil), newReportDiff(s, nil), newReportSummary(s, nil), newReportReview(s), newReportRedact(s))
	return cmd
}

// readReport reads a JSON report tsr wrote.
func readReport(path string) (*report.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageError("cannot read report %s: %w", path, err)
	}
	defer f.Close()
	var r report.Report
	if err := report.Decode(f, &r); err != nil {
		return nil, usageError("%s: %w (tsr reads the reports it wrote as JSON: tsr diagnose -o report.json)", path, err)
	}
	return &r, nil
}
