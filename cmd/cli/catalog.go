package cli

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/playbooks"
)

func newChecks(s Streams) *cobra.Command {
	return &cobra.Command{
		Use:   "checks [TYPE]",
		Short: "List check types; with TYPE: its parameters, fields, defaults and an example",
		Args:  cobra.MaximumNArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return checks.Names(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				for _, t := range checks.All() {
					fmt.Fprintf(s.Out, "%-16s %s\n", t.Name, t.Title)
				}
				return nil
			}
			t, ok := checks.Lookup(args[0])
			if !ok {
				return usageError("unknown check type %q%s; 'tsr checks' lists them", args[0], checks.DidYouMean(args[0], checks.Names()))
			}
			t.WriteText(s.Out)
			return nil
		},
	}
}

func newPlaybooks(s Streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "playbooks [show NAME]",
		Short: "List the built-in playbooks; 'show NAME' prints one to copy and adapt",
		Args:  subcommandsOnly,
		RunE: func(*cobra.Command, []string) error {
			for _, name := range playbooks.BuiltinNames() {
				pb, err := playbooks.Open(name, nil)
				if err != nil {
					return err
				}
				fmt.Fprintf(s.Out, "%-12s %s (%d checks)\n", name, pb.Title, len(pb.Checks))
			}
			return nil
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "show NAME",
		Short: "Print a built-in playbook's YAML",
		Args:  cobra.ExactArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return playbooks.BuiltinNames(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(_ *cobra.Command, args []string) error {
			data, ok := playbooks.BuiltinSource(args[0])
			if !ok {
				return usageError("no built-in playbook %q%s; 'tsr playbooks' lists them", args[0], checks.DidYouMean(args[0], playbooks.BuiltinNames()))
			}
			_, err := s.Out.Write(data)
			return err
		},
	})
	return cmd
}

func newSchema(s Streams) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the playbook format, for editors",
		Long: `Print the JSON Schema of the playbook format. Save it and point your editor at it,
for example with a first line in the playbook:
  # yaml-language-server: $schema=./tsr.schema.json`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := s.Out.Write(playbooks.Schema())
			return err
		},
	}
}
