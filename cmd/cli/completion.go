package cli

import (
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/playbooks"
	"github.com/tsrhq/tsr/report"
)

// completeDiagnose teaches the shell what diagnose takes: built-in playbook
// names (and files), the check ids of the playbooks named so far for
// --only and --skip, their var names for --set, and the values of
// --format, --redact and --fail-on.
func completeDiagnose(cmd *cobra.Command) {
	cmd.ValidArgsFunction = func(_ *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		return playbooks.BuiltinNames(), cobra.ShellCompDirectiveDefault // and files
	}
	ids := func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		// --only a,b: complete the last id of the list, keeping what is before it.
		done := toComplete[:strings.LastIndex(toComplete, ",")+1]
		var out []string
		seen := map[string]bool{}
		for _, pb := range completionPlaybooks(args) {
			for _, c := range pb.Checks {
				if !seen[c.ID] {
					seen[c.ID] = true
					out = append(out, done+c.ID+"\t"+pb.Name)
				}
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
	_ = cmd.RegisterFlagCompletionFunc("only", ids)
	_ = cmd.RegisterFlagCompletionFunc("skip", ids)
	_ = cmd.RegisterFlagCompletionFunc("set", func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		var out []string
		seen := map[string]bool{}
		for _, pb := range completionPlaybooks(args) {
			for _, v := range pb.Vars {
				if !seen[v.Name] {
					seen[v.Name] = true
					out = append(out, v.Name+"=")
				}
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	})
	fixed := func(values ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return values, cobra.ShellCompDirectiveNoFileComp
		}
	}
	_ = cmd.RegisterFlagCompletionFunc("format", fixed(report.Formats()...))
	_ = cmd.RegisterFlagCompletionFunc("redact", fixed(checks.Strings(report.Redactions)...))
	_ = cmd.RegisterFlagCompletionFunc("fail-on", fixed(checks.Strings(failOnStatuses)...))
}

// completionPlaybooks loads the playbooks named on the command line so far
// (the default one when none is), skipping any that do not load: a shell
// asking for completions gets what can be known, never an error.
func completionPlaybooks(args []string) []*playbooks.Playbook {
	if len(args) == 0 {
		args = []string{"default"}
	}
	var out []*playbooks.Playbook
	for _, arg := range args {
		if arg == "-" {
			continue // standard input is the user's, not the shell's
		}
		if pb, err := playbooks.Open(arg, func() ([]byte, error) { return nil, io.EOF }); err == nil {
			out = append(out, pb)
		}
	}
	return out
}
