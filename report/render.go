package report

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
)

// Renderer writes a report in one format.
type Renderer interface {
	Render(w io.Writer, r *Report) error
}

// Format is a registered output format.
type Format struct {
	Name       string
	Extensions []string // for -o FILE
	New        func(opts Options) Renderer
}

// Options tune renderers that care (colour is for terminals only).
type Options struct {
	Color bool
}

var formats = map[string]Format{}

// registerFormat adds a format; each renderer's file calls it in init().
func registerFormat(f Format) { formats[f.Name] = f }

// Formats lists the registered format names, sorted.
func Formats() []string {
	var names []string
	for n := range formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// NewRenderer returns the renderer of a format name.
func NewRenderer(name string, opts Options) (Renderer, error) {
	f, ok := formats[name]
	if !ok {
		return nil, fmt.Errorf("unknown format %q: use one of %s", name, strings.Join(Formats(), ", "))
	}
	return f.New(opts), nil
}

// FormatOf picks the format of an output file from its extension.
func FormatOf(path string) (string, error) {
	ext := strings.ToLower(filepath.Ext(path))
	var known []string
	for _, name := range Formats() {
		for _, e := range formats[name].Extensions {
			if e == ext {
				return name, nil
			}
			known = append(known, e)
		}
	}
	return "", fmt.Errorf("-o %s: cannot tell the format from the extension %q; use one of %s", path, ext, strings.Join(known, " "))
}
