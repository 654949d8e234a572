package cli

import (
	"encoding/json"

	"github.com/spf13/cobra"
	"github.com/tsrhq/tsr/report"
)

// diffOptions are `tsr report diff`'s arguments and flags.
type diffOptions struct {
	streams  Streams
	old, new string
	format   string
}

func newReportDiff(s Streams, runF func(*diffOptions) error) *cobra.Command {
	if runF == nil {
		runF = diffRun
	}
	opts := &diffOptions{streams: s}
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "What changed between two reports (before and after a fix); exit 1 when something got worse",
		Args:  cobra.ExactArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.old, opts.new = args[0], args[1]
			return runF(opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "text", "text|json")
	return cmd
}

// diffRun prints what changed from the old report to the new one; exit 1
// when something got worse.
func diffRun(opts *diffOptions) error {
	if opts.format != "text" && opts.format != "json" {
		return badFormat(opts.format, []string{"text", "json"})
	}
	old, err := readReport(opts.old)
	if err != nil {
		return err
	}
	new, err := readReport(opts.new)
	if err != nil {
		return err
	}
	d := report.Compare(old, new)
	if opts.format == "json" {
		enc := json.NewEncoder(opts.streams.Out)
		enc.SetIndent("", "  ")
		err = enc.Encode(d)
	} else {
		err = d.WriteText(opts.streams.Out)
	}
	if err != nil {
		return err
	}
	if d.Worse {
		return &exitError{code: ExitProblems}
	}
	return nil
}
