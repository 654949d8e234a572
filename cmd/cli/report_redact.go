package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsrhq/tsr/report"
)

// redactAgainLevels are the levels a saved file can be redacted at again:
// every one that hides something.
func redactAgainLevels() []report.Redaction { return report.Redactions[1:] }

func newReportRedact(s Streams) *cobra.Command {
	var levelName, out string
	var hide []string
	cmd := &cobra.Command{
		Use:   "redact FILE --redact pii [--hide VALUE]... -o OUT",
		Short: "Redact a saved report or bundle again, further: personal data, or any value you name",
		Example: `  tsr report redact report.json --redact pii -o report-pii.json
  tsr report redact ticket.zip --redact pii --hide ACME-Project -o ticket-pii.zip`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			level, err := report.ParseRedaction(levelName, redactAgainLevels())
			if err != nil {
				return usageError("%w (a file is never un-redacted)", err)
			}
			if out == "" {
				return usageError("-o: name the file to write the redacted copy to")
			}
			for _, v := range hide {
				if len(strings.TrimSpace(v)) < 4 {
					return usageError("--hide %q: name a value of 4 characters or more (shorter ones would cut words apart)", v)
				}
			}
			if err := report.RedactFile(args[0], out, level, hide); err != nil {
				return usageError("%w", err)
			}
			fmt.Fprintf(s.Err, "Redacted copy written to %s\n", out)
			return nil
		},
	}
	cmd.Flags().StringVar(&levelName, "redact", string(report.RedactPII), report.RedactionChoices(redactAgainLevels()))
	cmd.Flags().StringArrayVar(&hide, "hide", nil, "a value to hide wherever it stands (repeatable)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the redacted copy to OUT (format from the extension; a bundle to .zip)")
	return cmd
}
