package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsrhq/tsr/report"
)

// summaryOptions are `tsr report summary`'s arguments and flags.
type summaryOptions struct {
	streams Streams
	paths   []string // report files or folders
	format  string
}

func newReportSummary(s Streams, runF func(*summaryOptions) error) *cobra.Command {
	if runF == nil {
		runF = summaryRun
	}
	opts := &summaryOptions{streams: s}
	cmd := &cobra.Command{
		Use:   "summary FILE...|DIR...",
		Short: "Many machines' reports as one table: a row per machine, root causes ranked across machines",
		Long: `Reads tsr JSON reports, from files or from folders (walked for *.json, as
ansible's fetch lays them out), and prints a row per machine and the root
causes ranked by how many machines they hit.`,
		Example: `  tsr report summary reports/
  tsr report summary reports/ --format csv > fleet.csv`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.paths = args
			return runF(opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "text", strings.Join(report.SummaryFormats, "|"))
	return cmd
}

// summaryRun prints the fleet's table in --format; reports it cannot read
// are passed over and named.
func summaryRun(opts *summaryOptions) error {
	if !slices.Contains(report.SummaryFormats, opts.format) {
		return badFormat(opts.format, report.SummaryFormats)
	}
	fleet, err := report.LoadFleet(opts.paths, func(path string, err error) {
		fmt.Fprintf(opts.streams.Err, "tsr: passed over %v\n", err)
	})
	if err != nil {
		return usageError("%w", err)
	}
	return fleet.Render(opts.streams.Out, opts.format)
}
