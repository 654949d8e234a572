package playbooks

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestFormatDocExamplesValidate: every example of docs/playbook-format.md
// is a whole playbook that validates, so the page stays true.
func TestFormatDocExamplesValidate(t *testing.T) {
	doc, err := os.ReadFile("../docs/playbook-format.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(string(doc), -1)
	if len(blocks) < 12 {
		t.Fatalf("docs/playbook-format.md has %d yaml examples; the extraction is broken", len(blocks))
	}
	for i, b := range blocks {
		name := "playbook-format.md example " + strings.TrimSpace(strings.SplitN(b[1], "\n", 3)[1])
		if _, problems := Load(name, "doc", []byte(b[1])); len(problems) > 0 {
			t.Errorf("example %d does not validate:\n%v", i+1, problems)
		}
	}
}
