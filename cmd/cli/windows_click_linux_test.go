package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestWindowsDoubleClick double-clicks tsr.exe under Wine: started by
// (a stand-in for) Explorer, it diagnoses, saves the HTML and JSON reports
// on the Desktop, opens the HTML one with the program Windows opens .html
// files with, says where the files are and waits for Enter. The PC has no
// network at all, so the default playbook probes nothing outside.
func TestWindowsDoubleClick(t *testing.T) {
	pc := windowsPC(t)
	// .html opens with a program that notes what it was asked to open.
	script := `wine reg add 'HKCR\.html' /ve /d htmlfile /f >/dev/null &&
wine reg add 'HKCR\htmlfile\shell\open\command' /ve /d 'C:\windows\system32\cmd.exe /c echo %1> C:\opened.txt' /f >/dev/null &&
exec wine "$0" "$1"`
	argv := pc.argv("", "sh", "-c", script, pc.explorer, `Z:`+strings.ReplaceAll(pc.exe, "/", `\`))
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + pc.dir, "LANG=C"}, pc.wineEnv()...)
	cmd.Stdin = strings.NewReader("\n")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	t.Logf("the window showed:\n%s", out.String())
	if cmd.ProcessState == nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "command line tool") {
		t.Fatalf("cobra's mousetrap answered the double-click")
	}

	// The user's Desktop (the prefix links it to $HOME), not Public's.
	htmls, _ := filepath.Glob(filepath.Join(pc.prefix, "drive_c", "users", "*", "Desktop", "tsr-report-*.html"))
	if len(htmls) != 1 || strings.Contains(htmls[0], "Public") {
		t.Fatalf("reports on the Desktop: %q", htmls)
	}
	desktop, base := filepath.Dir(htmls[0]), strings.TrimSuffix(filepath.Base(htmls[0]), ".html")
	t.Cleanup(func() { os.Remove(htmls[0]); os.Remove(filepath.Join(desktop, base+".json")) })
	if !regexp.MustCompile(`^tsr-report-[A-Za-z0-9_-]+-\d{8}-\d{4}$`).MatchString(base) {
		t.Errorf("report name %s, want tsr-report-HOST-YYYYMMDD-HHMM", base)
	}
	data, err := os.ReadFile(filepath.Join(desktop, base+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct{ Results []any }
	if err := json.Unmarshal(data, &rep); err != nil || len(rep.Results) == 0 {
		t.Errorf("the JSON report: %d results, %v", len(rep.Results), err)
	}
	for _, want := range []string{`The report is saved in C:\users\`, base + ".html", base + ".json", "opens in your browser", "Press Enter"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the window does not say %q", want)
		}
	}
	opened, err := os.ReadFile(filepath.Join(pc.prefix, "drive_c", "opened.txt"))
	if err != nil || !strings.Contains(string(opened), base+".html") {
		t.Errorf("the HTML report was not opened: %q %v", opened, err)
	}
}
