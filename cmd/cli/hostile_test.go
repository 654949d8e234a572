package cli

import (
	"bufio"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"
)

const hostileStatus = "200 OK\x1b]0;PWNED\a\x1b[2J\x1b[31mFAKE-PASS"

// hostileServer answers every request with a reason phrase that would set
// the terminal's title, clear the screen and paint a fake result.
func hostileServer(t *testing.T) string {
	t.Helper()
	ln := testutil.Listen(t)
	testutil.Serve(t, ln, func(c net.Conn) {
		r := bufio.NewReader(c)
		for {
			line, err := r.ReadString('\n')
			if err != nil || line == "\r\n" {
				break
			}
		}
		body := "body \x1b[2J\x1b]0;BODY\a"
		c.Write([]byte("HTTP/1.1 " + hostileStatus + "\r\nContent-Type: text/plain\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body))
	})
	return "http://" + ln.Addr().String() + "/"
}

// TestHostileValuesReachNoTerminal: a reason phrase, a body referenced in
// a title and a symlink target full of escape sequences reach neither the
// terminal nor the text, Markdown and YAML reports as raw ESC.
func TestHostileValuesReachNoTerminal(t *testing.T) {
	testutil.NeedLoopback(t)
	url := hostileServer(t)
	dir := t.TempDir()
	link := filepath.Join(dir, "link")
	if err := os.Symlink("/tmp/\x1b]0;LINK\a\x1b[2J", link); err != nil {
		t.Fatal(err)
	}
	pb := testutil.WriteFile(t, "pb.yaml", `
tsr: 1
name: hostile
checks:
  - id: web
    uses: net.http
    with: { url: "`+url+`", proxy: none }
  - id: shown
    uses: sys.os
    needs: [web]
    title: "Body was ${checks.web.body}"
  - id: link
    uses: sys.file
    with: { path: "`+link+`" }
    expect: { exists: false }
`)
	_, texts := diagnoseInEveryOutput(t, []string{pb, "--no-inventory"}, "txt", "md", "yaml")
	for name, text := range texts {
		for _, raw := range []string{"\x1b]0;", "\x1b[2J", "\x1b[31mFAKE", "\a"} {
			if strings.Contains(text, raw) {
				t.Errorf("%s holds the raw sequence %q", name, raw)
			}
		}
		if name != "terminal" && strings.Contains(text, "\x1b") {
			t.Errorf("%s holds a raw ESC", name)
		}
	}
	if !strings.Contains(texts["terminal"], `FAKE-PASS`) || !strings.Contains(texts["r.txt"], `\x1b]0;PWNED`) {
		t.Errorf("the hostile values are not shown escaped:\n%s", texts["r.txt"])
	}
}

// TestValidateShowsABadReferenceEscaped: the inside of a bad ${...} is
// shown escaped, in text and in GitHub annotations.
func TestValidateShowsABadReferenceEscaped(t *testing.T) {
	pb := testutil.WriteFile(t, "pb.yaml", "tsr: 1\nname: x\nchecks:\n  - id: a\n    uses: sys.os\n    title: \"bad ${vars.\\e]0;PWNED\\a\\e[2J}\"\n")
	for _, format := range []string{"text", "github"} {
		code, out, errb := tsr(t, "", "validate", "--format", format, pb)
		if code != ExitUsage || strings.Contains(out+errb, "\x1b") || !strings.Contains(out, `${vars.\x1b]0;PWNED\x07\x1b[2J}`) {
			t.Errorf("%s: exit %d\n%q", format, code, out+errb)
		}
	}
}
