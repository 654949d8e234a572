package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/playbooks"
	"github.com/tsrhq/tsr/report"
	"gopkg.in/yaml.v3"
)

func newInventory(s Streams) *cobra.Command {
	var format, redact string
	cmd := &cobra.Command{
		Use:   "inventory",
		Short: "Print hardware and OS facts only (no checks)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" && format != "yaml" {
				return usageError("--format %q: use table, json or yaml", format)
			}
			if redact != report.RedactSecrets && redact != report.RedactPII && redact != report.RedactNone {
				return usageError("--redact %q: use secrets, pii or none", redact)
			}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			inv := checks.Inventory(ctx)
			h := checks.HostFacts()
			inv["host"] = map[string]any{"hostname": h.Hostname, "os": h.OS, "platform": h.Platform, "kernel": h.Kernel, "arch": h.Arch}
			// Hidden like a report's inventory: at pii the host name, MACs,
			// serial numbers, public addresses and user names.
			inv, _ = playbooks.NewRedactor(nil, redact).Value(inv).(map[string]any)
			switch format {
			case "json":
				enc := json.NewEncoder(s.Out)
				enc.SetIndent("", "  ")
				return enc.Encode(inv)
			case "yaml":
				return yaml.NewEncoder(s.Out).Encode(inv)
			}
			return inventoryTable(s, inv)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "table|json|yaml")
	cmd.Flags().StringVar(&redact, "redact", report.RedactSecrets, "what to hide: secrets|pii|none (pii: host name, MACs, serial numbers, user names)")
	return cmd
}

// inventoryTable prints one row per fact; a list of devices gets a row per
// device.
func inventoryTable(s Streams, inv map[string]any) error {
	table := report.NewTable(s.Out)
	table.Header("fact", "value")
	unavailable, _ := inv["unavailable"].(map[string]any)
	for _, section := range []string{"host", "cpu", "memory", "root_filesystem", "disks", "gpus", "nics"} {
		if why, ok := unavailable[section]; ok {
			if err := table.Append(section, fmt.Sprintf("not available here: %v", why)); err != nil {
				return err
			}
			continue
		}
		switch v := inv[section].(type) {
		case map[string]any:
			for _, k := range sortedKeys(v) {
				if err := table.Append(section+"."+k, report.VisibleLine(factText(k, v[k]))); err != nil {
					return err
				}
			}
		case []any:
			if len(v) == 0 {
				if err := table.Append(section, "none found"); err != nil {
					return err
				}
			}
			for i, item := range v {
				if err := table.Append(fmt.Sprintf("%s[%d]", section, i), report.VisibleLine(factText("", item))); err != nil {
					return err
				}
			}
		}
	}
	return table.Render()
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// factText prints a fact for a person: sizes in binary units, a device as
// its key=value pairs.
func factText(key string, v any) string {
	switch x := v.(type) {
	case map[string]any:
		var parts []string
		for _, k := range sortedKeys(x) {
			if _, nested := x[k].([]any); nested {
				continue
			}
			parts = append(parts, k+"="+factText(k, x[k]))
		}
		return strings.Join(parts, " ")
	case int64:
		if key == "total" || key == "used" || key == "available" || key == "size" || key == "physical" || strings.HasSuffix(key, "_total") || strings.HasSuffix(key, "bytes") {
			return checks.FormatBytes(x)
		}
	case []any:
		var parts []string
		for _, e := range x {
			parts = append(parts, factText("", e))
		}
		return strings.Join(parts, "; ")
	}
	return fmt.Sprint(v)
}
