package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// diagnoseInEveryOutput runs `tsr diagnose ARGS` in-process on a terminal
// and with one -o report per extension (r.json, r.md, ...), and returns
// its exit code and each output's text by name: "terminal", "r.json", ...
func diagnoseInEveryOutput(t *testing.T, args []string, exts ...string) (code int, texts map[string]string) {
	t.Helper()
	dir := t.TempDir()
	argv := append([]string{"diagnose"}, args...)
	for _, ext := range exts {
		argv = append(argv, "-o", filepath.Join(dir, "r."+ext))
	}
	var term strings.Builder
	code = Main(argv, Streams{In: strings.NewReader(""), Out: &term, Err: &term, Terminal: true})
	texts = map[string]string{"terminal": term.String()}
	for _, ext := range exts {
		data, err := os.ReadFile(filepath.Join(dir, "r."+ext))
		if err != nil {
			t.Fatalf("tsr %s: exit %d, no r.%s: %v\n%s", strings.Join(argv, " "), code, ext, err, term.String())
		}
		texts["r."+ext] = string(data)
	}
	return code, texts
}

// wantNoSecret fails the test for each output that holds one of secrets.
func wantNoSecret(t *testing.T, texts map[string]string, secrets []string) {
	t.Helper()
	for name, text := range texts {
		for _, secret := range secrets {
			if strings.Contains(text, secret) {
				t.Errorf("%s holds the secret %q", name, secret)
			}
		}
	}
}
