package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsrhq/tsr/report"
)

// renderOptions are `tsr report render`'s argument and flags.
type renderOptions struct {
	streams Streams
	file    string
	format  string
	outputs []string
}

func newReportRender(s Streams, runF func(*renderOptions) error) *cobra.Command {
	if runF == nil {
		runF = renderRun
	}
	opts := &renderOptions{streams: s}
	cmd := &cobra.Command{
		Use:   "render FILE",
		Short: "Re-render a saved JSON report in another format",
		Example: `  tsr report render report.json -o report.html
  tsr report render report.json --format markdown`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.file = args[0]
			return runF(opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "", "format on standard output: "+strings.Join(report.Formats(), "|")+" (default text, or none with -o)")
	cmd.Flags().StringArrayVarP(&opts.outputs, "output", "o", nil, "write to FILE, format from the extension (repeatable)")
	return cmd
}

// renderRun writes the report to each -o file, and to standard output in
// --format (text when there is no -o); every output is written even when
// one fails.
func renderRun(opts *renderOptions) error {
	formats, err := outputFormats(opts.outputs)
	if err != nil {
		return err
	}
	format := opts.format
	show := format != "" || len(opts.outputs) == 0
	if format == "" {
		format = "text"
	}
	if !slices.Contains(report.Formats(), format) {
		return badFormat(format, report.Formats())
	}
	rd, err := report.NewRenderer(format, report.Options{})
	if err != nil {
		return err
	}
	r, err := readReport(opts.file)
	if err != nil {
		return err
	}
	failed := writeReports(opts.streams, r, opts.outputs, formats, true)
	if show {
		if err := rd.Render(opts.streams.Out, r); err != nil {
			return &exitError{code: ExitProblems, err: fmt.Errorf("writing the report to standard output: %w", err)}
		}
	}
	switch {
	case failed:
		return &exitError{code: ExitProblems}
	case show && format == "nagios":
		return nagiosExit(r)
	}
	return nil
}
