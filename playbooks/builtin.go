package playbooks

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/tsrhq/tsr/checks"
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
			return nil, fmt.Errorf("reading the playbook from standard input: %w", err)
		}
		return loadOrProblems("-", "stdin", data) // named as the command line names it (cli.md)
	}
	if data, err := readFile(arg); err == nil {
		return loadOrProblems(arg, arg, data)
	} else if !os.IsNotExist(err) {
		return nil, fmt.Errorf("cannot read playbook %s: %w", arg, err)
	}
	if data, ok := BuiltinSource(arg); ok {
		return loadOrProblems("builtin/"+arg+".yaml", "builtin:"+arg, data)
	}
	return nil, fmt.Errorf("no playbook %q: it is neither a file nor a built-in playbook%s (built-ins: %s)", arg, checks.DidYouMean(arg, BuiltinNames()), strings.Join(BuiltinNames(), ", "))
}

// MaxSize bounds a playbook: the largest built-in is a few KB, and a
// device or an endless stream must not fill the memory.
const MaxSize = 10 << 20

// ErrTooLarge is the error of a playbook over MaxSize.
var ErrTooLarge = fmt.Errorf("it is larger than %d MB, which no playbook is; give the playbook's file", MaxSize>>20)

// readFile reads a playbook from a regular file only: a device such as
// /dev/zero or a FIFO would never end, or block.
func readFile(name string) ([]byte, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		what := "not a regular file"
		switch {
		case info.IsDir():
			what = "a folder"
		case info.Mode()&os.ModeNamedPipe != 0:
			what = "a FIFO"
		case info.Mode()&os.ModeDevice != 0:
			what = "a device"
		}
		return nil, fmt.Errorf("it is %s: give a playbook file, or - for standard input", what)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadLimited(f)
}

// ReadLimited reads a playbook from r, refusing one over MaxSize.
func ReadLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSize {
		return nil, ErrTooLarge
	}
	return data, nil
}

func loadOrProblems(file, source string, data []byte) (*Playbook, error) {
	pb, problems := Load(file, source, data)
	if len(problems) > 0 {
		return nil, problems
	}
	return pb, nil
}
