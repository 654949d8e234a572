package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsrhq/tsr/checks"
	"github.com/tsrhq/tsr/playbooks"
	"github.com/tsrhq/tsr/report"
)

// validateOptions are `tsr validate`'s arguments and flags.
type validateOptions struct {
	streams   Streams
	playbooks []string
	format    string
}

func newValidate(s Streams, runF func(*validateOptions) error) *cobra.Command {
	if runF == nil {
		runF = validateRun
	}
	opts := &validateOptions{streams: s}
	cmd := &cobra.Command{
		Use:   "validate PLAYBOOK|FOLDER...",
		Short: "Check playbooks without running them (for CI and editors)",
		Long: `Check playbooks without running them: every problem in every file is listed
as file:line:col: message. A folder stands for every *.yaml and *.yml file in it
and its subfolders. Exit 0 when all are valid, 2 otherwise.`,
		Example: `  tsr validate playbooks/*.yaml
  tsr validate playbooks/                          # every *.yaml and *.yml in it
  tsr validate --format github playbooks/*.yaml   # annotations in GitHub Actions`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.playbooks = args
			return runF(opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "text", "how to list problems: text|json|github")
	return cmd
}

// validateRun loads the playbooks as diagnose does, without running them,
// and lists every problem of every one.
func validateRun(opts *validateOptions) error {
	s, format := opts.streams, opts.format
	if format != "text" && format != "json" && format != "github" {
		return badFormat(format, []string{"text", "json", "github"})
	}
	files, err := playbookFiles(opts.playbooks)
	if err != nil {
		return usageError("%w", err)
	}
	pbs, err := playbooks.OpenAll(files, func() ([]byte, error) { return playbooks.ReadLimited(s.In) })
	var problems playbooks.Problems
	if err != nil && !errors.As(err, &problems) {
		return err // OpenAll reports every failure as a problem
	}
	var valid []string
	for _, pb := range pbs {
		if ps := pb.Validate(); len(ps) > 0 { // empty vars, which only --set can fill
			problems = append(problems, ps...)
			continue
		}
		valid = append(valid, pb.File)
	}
	switch format {
	case "json":
		out := struct {
			Valid    bool               `json:"valid"`
			Problems playbooks.Problems `json:"problems"`
		}{len(problems) == 0, problems}
		if out.Problems == nil {
			out.Problems = playbooks.Problems{}
		}
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
	case "github":
		for _, p := range problems {
			place := "file=" + githubProperty(report.Visible(p.File))
			if p.Line > 0 {
				place += fmt.Sprintf(",line=%d,col=%d", p.Line, p.Column)
			}
			fmt.Fprintf(s.Out, "::error %s,title=tsr validate::%s\n", place, githubEscape(report.Visible(p.Message)))
		}
	default:
		for _, p := range problems {
			fmt.Fprintln(s.Out, p.String())
		}
		for _, f := range valid {
			fmt.Fprintf(s.Out, "%s: valid\n", f)
		}
	}
	if len(problems) > 0 {
		if format == "text" {
			fmt.Fprintf(s.Err, "tsr: %d %s\n", len(problems), checks.Plural(len(problems), "problem", "problems"))
		}
		return &exitError{code: ExitUsage}
	}
	return nil
}

// githubProperty escapes a property value (the file name) of a workflow command.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// githubEscape escapes an annotation message as GitHub's workflow commands require.
func githubEscape(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// playbookFiles expands folders among args into the *.yaml and *.yml files
// they hold, at any depth, in name order; other args stay as they are.
func playbookFiles(args []string) ([]string, error) {
	var files []string
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil || !info.IsDir() {
			files = append(files, arg) // a file, a built-in name or -: Open says what is wrong
			continue
		}
		before := len(files)
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil && path != arg {
				return nil // a subfolder that vanished or cannot be read: the others still count
			}
			if err != nil {
				return err
			}
			if ext := strings.ToLower(filepath.Ext(path)); !d.IsDir() && (ext == ".yaml" || ext == ".yml") {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading folder %s: %w", arg, err)
		}
		if len(files) == before {
			files = append(files, arg) // no playbook in it: Open says it is a folder
		}
	}
	return files, nil
}
