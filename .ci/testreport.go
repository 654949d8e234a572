//go:build ignore

// testreport reads `go test -json` on standard input, prints what a
// person needs (each package's result, the output of failed tests, every
// skipped test with its reason) and exits 1 when a test failed or a test
// skipped that the allow-list (the file named by the first argument) does
// not name. CI would otherwise go green with whole suites skipped: without
// -v, go test prints no SKIP line.
//
//	go test -json ./... | go run .ci/testreport.go .ci/allowed-skips
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// event is one line of test2json's output.
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go test -json ./... | go run .ci/testreport.go ALLOWED-SKIPS-FILE")
		os.Exit(2)
	}
	allowed, err := readAllowed(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	output := map[string][]string{} // package + test -> its output lines
	var failed, skipped []string
	running := map[string]bool{} // started and not yet ended: a test a timeout killed stays here
	reasons := map[string]string{}
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			fmt.Println(sc.Text()) // go test's own messages (build failures) are not JSON
			continue
		}
		key := e.Package + " " + e.Test
		switch {
		case e.Action == "run":
			running[key] = true
		case e.Action == "pass" || e.Action == "fail" || e.Action == "skip":
			delete(running, key)
		}
		switch {
		case e.Action == "output" && e.Test == "":
			fmt.Print(e.Output) // ok/FAIL lines, panics outside tests
		case e.Action == "output":
			output[key] = append(output[key], e.Output)
		case e.Action == "fail" && e.Test != "":
			failed = append(failed, key)
		case e.Action == "skip" && e.Test != "":
			skipped = append(skipped, key)
			reasons[key] = skipReason(output[key])
		}
	}
	for _, key := range failed {
		fmt.Printf("\n--- FAIL: %s\n%s", key, strings.Join(output[key], ""))
	}
	var unfinished []string
	for key := range running {
		unfinished = append(unfinished, key)
	}
	sort.Strings(unfinished)
	for _, key := range unfinished { // the package's -timeout or a crash ended them
		lines := output[key]
		if len(lines) > 40 {
			lines = lines[len(lines)-40:]
		}
		fmt.Printf("\n--- DID NOT FINISH: %s\n%s", key, strings.Join(lines, ""))
	}
	var unexpected []string
	sort.Strings(skipped)
	if len(skipped) > 0 {
		fmt.Printf("\n%d skipped tests:\n", len(skipped))
	}
	for _, key := range skipped {
		mark := "allowed"
		if !allowed[key] {
			mark = "NOT ON THE ALLOW-LIST"
			unexpected = append(unexpected, key)
		}
		fmt.Printf("  %s (%s): %s\n", key, mark, reasons[key])
	}
	if len(failed) > 0 || len(unexpected) > 0 || len(unfinished) > 0 {
		fmt.Printf("\n%d failed, %d did not finish, %d skipped without being allowed (%s lists the skips CI accepts)\n",
			len(failed), len(unfinished), len(unexpected), os.Args[1])
		os.Exit(1)
	}
}

// skipReason is the message t.Skip printed, without its file:line.
func skipReason(lines []string) string {
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l == "" || strings.HasPrefix(l, "--- SKIP") || strings.HasPrefix(l, "=== ") {
			continue
		}
		if _, msg, ok := strings.Cut(l, ": "); ok && strings.Contains(l, "_test.go:") {
			return msg
		}
		return l
	}
	return "(no reason given)"
}

// readAllowed reads the allow-list: one "PACKAGE TEST" per line, then the
// reason the skip is accepted; # starts a comment.
func readAllowed(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	allowed := map[string]bool{}
	for n, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "#")
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) < 3 {
			return nil, fmt.Errorf("%s:%d: want PACKAGE TEST REASON...", path, n+1)
		}
		allowed[f[0]+" "+f[1]] = true
	}
	return allowed, nil
}
