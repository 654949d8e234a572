package checks

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// WriteVocabulary writes, for docs/checks.md, the words every report and
// playbook shares, from their one definition: the statuses, the
// severities and the error kinds with the types that can end with each.
func WriteVocabulary(w io.Writer) {
	fmt.Fprintln(w, "## Statuses\n\nFrom best to worst; skip counts as neither.\n\n| status | meaning |\n|---|---|")
	for _, s := range Statuses {
		fmt.Fprintf(w, "| `%s` | %s |\n", s, mdCell(s.Meaning()))
	}
	fmt.Fprintf(w, "\n## Severities\n\nFrom worst: %s. A check that names none is `%s`.\n", codeList(Strings(Severities)), SeverityDefault)
	fmt.Fprintln(w, "\n## Error kinds\n\nWhat `error_kind` holds when a probe failed, and the keys of a `fix` map besides `fail`, `warn` and `default`. Every type can end `"+
		strings.Join(Strings(anyCheckKinds), "`, `")+"`.\n\n| error kind | meaning | types |\n|---|---|---|")
	for _, kind := range AllErrorKinds() {
		var types []string
		for _, t := range All() {
			if slices.Contains(t.ErrorKinds, kind) {
				types = append(types, t.Name)
			}
		}
		who := strings.Join(types, ", ")
		switch {
		case slices.Contains(anyCheckKinds, kind):
			who = "all"
		case slices.Contains(runnerKinds, kind):
			who = "all (set by the runner)"
		}
		fmt.Fprintf(w, "| `%s` | %s | %s |\n", kind, mdCell(kind.Meaning()), who)
	}
	fmt.Fprintln(w)
}
