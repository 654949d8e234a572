package playbooks

import (
	"embed"
	"fmt"
	"github.com/tsrhq/tsr/checks"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// BuiltinNames lists the built-in playbooks, sorted.
func BuiltinNames() []string {
	entries, _ := fs.ReadDir(builtinFS, "builtin")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}

// BuiltinSource returns the YAML of a built-in playbook.
func BuiltinSource(name string) ([]byte, bool) {
	b, err := builtinFS.ReadFile(path.Join("builtin", name+".yaml"))
	return b, err == nil
}

// Open loads a playbook named on the command line: "-" for standard input,
// an existing file path, or a built-in name. A file wins over a built-in
// of the same name, so a team's ./default is what it says.
func Open(arg string, stdin func() ([]byte, error)) (*Playbook, error) {
	if arg == "-" {
		data, err := stdin()
		if err != nil {
			return nil, fmt.Errorf("reading the playbook from standard input: %v", err)
		}
		return loadOrProblems("<stdin>", "stdin", data)
	}
	if data, err := os.ReadFile(arg); err == nil {
		return loadOrProblems(arg, arg, data)
	} else if !os.IsNotExist(err) {
		return nil, fmt.Errorf("cannot read playbook %s: %v", arg, err)
	}
	if data, ok := BuiltinSource(arg); ok {
		return loadOrProblems("builtin/"+arg+".yaml", "builtin:"+arg, data)
	}
	return nil, fmt.Errorf("no playbook %q: it is neither a file nor a built-in playbook%s (built-ins: %s)", arg, checks.DidYouMean(arg, BuiltinNames()), strings.Join(BuiltinNames(), ", "))
}

func loadOrProblems(file, source string, data []byte) (*Playbook, error) {
	pb, problems := Load(file, source, data)
	if len(problems) > 0 {
		return nil, problems
	}
	return pb, nil
}
