package checks

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// DefaultText prints a param default as a playbook would write it.
func (p Param) DefaultText() string {
	if p.Default == nil {
		return ""
	}
	v, err := p.Kind.Convert(p.Default)
	if err != nil {
		return fmt.Sprint(p.Default)
	}
	return p.Kind.Format(v)
}

// AssertionText prints assertions as `field matcher` pairs, sorted.
func AssertionText(a []Assertion) string {
	var parts []string
	for _, as := range a {
		parts = append(parts, as.Field+" "+matcherPhrase(as.Matcher))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

func matcherPhrase(m Matcher) string {
	if w, ok := m.(written); ok {
		m = w.Matcher
	}
	if _, ok := m.(equal); ok {
		return "== " + m.Text()
	}
	return m.Text()
}

// ExampleYAML is a check of this type as a playbook would hold it; it
// validates (the tests load every type's example).
func (t *Type) ExampleYAML() string {
	var b strings.Builder
	id := t.Name[strings.IndexByte(t.Name, '.')+1:]
	fmt.Fprintf(&b, "- id: %s\n  uses: %s\n", id, t.Name)
	if t.Example != "" {
		b.WriteString("  with:\n")
		for _, line := range strings.Split(strings.TrimRight(t.Example, "\n"), "\n") {
			b.WriteString("    " + line + "\n")
		}
	}
	return b.String()
}

// WriteText describes a type for `tsr checks TYPE`.
func (t *Type) WriteText(w io.Writer) {
	fmt.Fprintf(w, "%s: %s\n\n%s\n\n", t.Name, t.Title, t.Doc)
	fmt.Fprintln(w, "Parameters (with):")
	if len(t.Params) == 0 {
		fmt.Fprintln(w, "  none")
	}
	for _, p := range t.Params {
		fmt.Fprintf(w, "  %-20s %-9s %s%s\n", p.Name, p.Kind, p.Doc, paramNotes(p))
	}
	fmt.Fprintln(w, "\nObserved fields (for expect, warn and ${checks.ID.FIELD}):")
	for _, f := range t.AllFields() {
		fmt.Fprintf(w, "  %-20s %-9s %s\n", f.Name, f.Kind, f.Description())
	}
	fmt.Fprintf(w, "\nDefault expect: %s\nDefault warn:   %s\nDefault timeout: %s\n", orNone(AssertionText(t.DefaultExpect())), orNone(AssertionText(t.DefaultWarn())), FormatDuration(t.Timeout))
	fmt.Fprintf(w, "\nError kinds (keys of fix) besides those every check can end with: %s\n", orNone(strings.Join(Strings(t.ErrorKinds), ", ")))
	fmt.Fprintf(w, "\nOn each OS: %s\n", t.Support.text())
	fmt.Fprintf(w, "\nExample:\n%s", indent(t.ExampleYAML(), "  "))
}

// WriteMarkdown describes a type for docs/checks.md.
func (t *Type) WriteMarkdown(w io.Writer) {
	fmt.Fprintf(w, "## %s\n\n%s. %s\n\n", t.Name, t.Title, t.Doc)
	if len(t.Params) > 0 {
		fmt.Fprintln(w, "| parameter | type | default | description |\n|---|---|---|---|")
		for _, p := range t.Params {
			def := p.DefaultText()
			if p.Required {
				def = "required"
			}
			doc := p.Doc
			if len(p.Enum) > 0 {
				doc += " (" + strings.Join(p.Enum, ", ") + ")"
			}
			fmt.Fprintf(w, "| `%s` | %s | %s | %s |\n", p.Name, p.Kind, mdCell(def), mdCell(doc))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "| field | type | description |\n|---|---|---|")
	for _, f := range t.AllFields() {
		fmt.Fprintf(w, "| `%s` | %s | %s |\n", f.Name, f.Kind, mdCell(f.Description()))
	}
	fmt.Fprintf(w, "\nOn each OS: %s.\n", t.Support.text())
	fmt.Fprintf(w, "\nError kinds (keys of `fix`) besides those every check can end with: %s.\n", orNone(codeList(Strings(t.ErrorKinds))))
	fmt.Fprintf(w, "\nDefault expect: %s. Default warn: %s. Default timeout: %s.\n\n", orNone(AssertionText(t.DefaultExpect())), orNone(AssertionText(t.DefaultWarn())), FormatDuration(t.Timeout))
	fmt.Fprintf(w, "```yaml\n%s```\n\n", t.ExampleYAML())
}

func paramNotes(p Param) string {
	var notes []string
	if p.Required {
		notes = append(notes, "required")
	}
	if d := p.DefaultText(); d != "" {
		notes = append(notes, "default "+d)
	}
	if len(p.Enum) > 0 {
		notes = append(notes, "one of "+strings.Join(p.Enum, ", "))
	}
	if len(notes) == 0 {
		return ""
	}
	return " (" + strings.Join(notes, "; ") + ")"
}

// codeList writes words as code, comma-separated: "`a`, `b`".
func codeList(words []string) string {
	if len(words) == 0 {
		return ""
	}
	return "`" + strings.Join(words, "`, `") + "`"
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n") + "\n"
}
