package cli

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/tsrhq/tsr/checks"
)

// A user told "download tsr, run it, send us the report" double-clicks
// tsr.exe. Cobra's answer to that ("This is a command line tool", then the
// window closes) helps nobody: tsr diagnoses instead, puts the report
// where the user finds it, shows it, and keeps the window open.
func init() { cobra.MousetrapHelpText = "" }

// clickEnv is what a double-click run needs from the machine.
type clickEnv struct {
	host    string
	now     time.Time
	folders []func() (string, error) // where the reports may go, best first: Desktop, Documents, ...
	open    func(path string) error  // shows a file in its default program (the browser, for HTML)
}

// reportFolder is the first of folders that exists.
func reportFolder(folders []func() (string, error)) (string, error) {
	var tried []string
	for _, folder := range folders {
		dir, err := folder()
		if err != nil {
			tried = append(tried, err.Error())
			continue
		}
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			return dir, nil
		}
		tried = append(tried, dir+" does not exist")
	}
	return "", fmt.Errorf("no folder to put the report in (%s)", strings.Join(tried, "; "))
}

// reportBaseName is tsr-report-HOST-YYYYMMDD-HHMM, HOST kept to what is
// safe in a file name on every OS.
func reportBaseName(host string, now time.Time) string {
	safe := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, host)
	if safe == "" {
		safe = "unknown"
	}
	return "tsr-report-" + safe + "-" + now.Format("20060102-1504")
}

// runDoubleClick runs diagnose (args: the playbooks, default when none)
// with its reports in the user's report folder, opens the HTML one, says
// where both are and waits for Enter. It returns diagnose's exit code.
func runDoubleClick(s Streams, e clickEnv, args []string) int {
	dir, err := reportFolder(e.folders)
	if err != nil {
		fmt.Fprintf(s.Err, "tsr: %v\n", err)
		dir = "."
	}
	base := filepath.Join(dir, reportBaseName(e.host, e.now))
	html, json := base+".html", base+".json"
	fmt.Fprintf(s.Out, "tsr is checking this computer. This takes about a minute.\n\n")
	code := Main(append([]string{"diagnose", "-o", html, "-o", json}, args...), s)

	var written []string
	for _, path := range []string{html, json} {
		if _, err := os.Stat(path); err == nil {
			written = append(written, path)
		}
	}
	switch {
	case len(written) == 0:
		fmt.Fprintf(s.Out, "\nThe report could not be saved in %s (see the messages above).\n", dir)
	default:
		fmt.Fprintf(s.Out, "\nThe report is saved in %s:\n", dir)
		for _, path := range written {
			fmt.Fprintf(s.Out, "  %s\n", filepath.Base(path))
		}
		fmt.Fprintf(s.Out, "Send these files to your help desk.\n")
		if written[0] == html && e.open != nil {
			if err := e.open(html); err != nil {
				fmt.Fprintf(s.Out, "It could not be opened in your browser (%v): open %s yourself to read it.\n", err, filepath.Base(html))
			} else {
				fmt.Fprintf(s.Out, "It opens in your browser now.\n")
			}
		}
	}
	fmt.Fprintf(s.Out, "\nPress Enter to close this window.\n")
	bufio.NewReader(s.In).ReadString('\n') // EOF closes too
	return code
}

// doubleClickEnv is the machine's clickEnv; the folders and the opener are per OS.
func doubleClickEnv() clickEnv {
	return clickEnv{host: checks.HostFacts().Hostname, now: time.Now(), folders: reportFolders(), open: openFile}
}
