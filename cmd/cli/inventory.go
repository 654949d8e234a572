package cli

import (
	"context"
	"encoding/json"

	"github.com/spf13/cobra"
	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/playbooks"
	"github.com/tsrhq/tsr/report"
)

func newInventory(s Streams) *cobra.Command {
	var format, redact string
	cmd := &cobra.Command{
		Use:   "inventory",
		Short: "Print hardware and OS facts only (no checks)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" && format != "yaml" {
				return badFormat(format, []string{"table", "json", "yaml"})
			}
			level, err := report.ParseRedaction(redact, report.Redactions)
			if err != nil {
				return usageError("%w", err)
			}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			inv := checks.ReadInventory(ctx)
			h := checks.HostFacts()
			inv.Host = &checks.InventoryHost{Hostname: h.Hostname, OS: h.OS, Platform: h.Platform, Kernel: h.Kernel, Arch: h.Arch}
			// Hidden like a report's inventory: at pii the host name, MACs,
			// serial numbers, public addresses and user names.
			inv = playbooks.NewRedactor(nil, level).Inventory(inv)
			switch format {
			case "json":
				enc := json.NewEncoder(s.Out)
				enc.SetIndent("", "  ")
				return enc.Encode(inv)
			case "yaml":
				return report.WriteYAML(s.Out, inv)
			}
			return inventoryTable(s, inv)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "table|json|yaml")
	cmd.Flags().StringVar(&redact, "redact", string(report.RedactSecrets), "what to hide: "+report.RedactionChoices(report.Redactions)+" (pii: host name, MACs, serial numbers, user names)")
	return cmd
}

// inventoryTable prints one row per fact; a list of devices gets a row per
// device (the rows every report shows too).
func inventoryTable(s Streams, inv *checks.Inventory) error {
	table := report.NewTable(s.Out)
	table.Header("fact", "value")
	for _, row := range report.InventoryRows(inv) {
		if err := table.Append(row[0], report.VisibleLine(row[1])); err != nil {
			return err
		}
	}
	return table.Render()
}
