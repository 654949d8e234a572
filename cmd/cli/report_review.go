package cli

import (
	"encoding/json"
	"os"

	"github.com/spf13/cobra"
	"github.com/tsrhq/tsr/report"
)

func newReportReview(s Streams) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "review FILE",
		Short: "What a report or bundle tells about you and this machine, and where, before it leaves",
		Long: `Lists what a saved report (JSON) or bundle (zip) tells about the person and
the machine: host and user names, e-mail addresses, serial numbers, MACs,
Wi-Fi network names, IP addresses and domains, each with where it stands,
so you can decide what to send. "tsr report redact" hides them.`,
		Example: `  tsr report review report.json
  tsr report review ticket.zip --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return badFormat(format, []string{"text", "json"})
			}
			files, redaction, err := reviewFiles(args[0])
			if err != nil {
				return usageError("%w", err)
			}
			findings := report.Review(files)
			if format == "json" {
				enc := json.NewEncoder(s.Out)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"file": args[0], "redaction": redaction, "findings": findings})
			}
			return report.WriteReview(s.Out, args[0], redaction, findings)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text|json")
	return cmd
}

// reviewFiles reads a bundle's files, or a report as one file, and the
// redaction level its report was written at.
func reviewFiles(path string) ([]report.EvidenceFile, string, error) {
	var files []report.EvidenceFile
	if report.IsBundle(path) {
		var err error
		if files, err = report.OpenBundle(path); err != nil {
			return nil, "", err
		}
	} else {
		r, err := readReport(path)
		if err != nil {
			return nil, "", err
		}
		data, _ := os.ReadFile(path)
		return []report.EvidenceFile{{Path: "report.json", Data: data}}, string(r.Run.Redaction), nil
	}
	redaction := "unknown"
	for _, f := range files {
		if f.Path == "report.json" {
			var r report.Report
			if json.Unmarshal(f.Data, &r) == nil {
				redaction = string(r.Run.Redaction)
			}
		}
	}
	return files, redaction, nil
}
