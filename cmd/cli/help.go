package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// newHelp is cobra's help command, except that an unknown topic is a
// usage error (exit 2) with a suggestion, as an unknown command is:
// cobra's own prints the usage and exits 0, which a script reads as
// success.
func newHelp() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "Help prints the help of any command: tsr help diagnose, tsr help report render.",
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			cmd, _, err := c.Root().Find(args)
			if err != nil || cmd == nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for _, sub := range cmd.Commands() {
				if sub.IsAvailableCommand() && strings.HasPrefix(sub.Name(), toComplete) {
					out = append(out, cobra.CompletionWithDesc(sub.Name(), sub.Short))
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err == nil && len(rest) > 0 {
				err = unknownSubcommand(cmd, rest)
			}
			if err != nil {
				return &exitError{code: ExitUsage, err: fmt.Errorf("no help for %q: %w", strings.Join(args, " "), err)}
			}
			cmd.InitDefaultHelpFlag()
			return cmd.Help()
		},
	}
}

// subcommandsOnly refuses arguments to a command that only holds
// subcommands (report, playbooks), suggesting the one that was meant.
func subcommandsOnly(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return unknownSubcommand(cmd, args)
}

func unknownSubcommand(cmd *cobra.Command, args []string) error {
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // as cobra's own suggestions for the root's commands
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += "\n\nDid you mean this?\n\t" + strings.Join(s, "\n\t")
	}
	return errors.New(msg)
}
