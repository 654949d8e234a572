package testutil

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// A test sometimes needs code of its own package running in another
// process: inside a network namespace, or as a server there. The test
// binary re-runs itself with childEnv naming one Child, which TestMain
// dispatches to through Main instead of running the tests; a child is
// therefore never listed, run or counted as a test.
const (
	childEnv    = "TSR_TEST_CHILD"
	childArgEnv = "TSR_TEST_CHILD_ARG"
)

// Child is work a test binary does in a child process: arg is the JSON
// the parent passed to ChildCommand. Its output goes to the parent.
type Child func(arg []byte) error

// Main is TestMain's run step: it runs the package's tests, or, in a
// process ChildCommand started, the child it names. It returns the exit
// code for os.Exit.
func Main(m *testing.M, children map[string]Child) int {
	if code, isChild := RunChild(children); isChild {
		return code
	}
	return m.Run()
}

// RunChild runs the child this process was started as, if it was started
// by ChildCommand, and returns its exit code: for a TestMain that runs its
// tests some other way than m.Run.
func RunChild(children map[string]Child) (code int, isChild bool) {
	name, ok := os.LookupEnv(childEnv)
	if !ok {
		return 0, false
	}
	child, ok := children[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "test child %q: this test binary has no such child\n", name)
		return 2, true
	}
	if err := child([]byte(os.Getenv(childArgEnv))); err != nil {
		fmt.Fprintf(os.Stderr, "test child %s: %v\n", name, err)
		return 1, true
	}
	return 0, true
}

// ChildCommand is the command that runs child name of this test binary
// with arg (marshalled as JSON), after prefix (such as "ip netns exec NS").
func ChildCommand(t testing.TB, prefix []string, name string, arg any) *exec.Cmd {
	t.Helper()
	raw, err := json.Marshal(arg)
	if err != nil {
		t.Fatal(err)
	}
	argv := append(append([]string{}, prefix...), os.Args[0])
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), childEnv+"="+name, childArgEnv+"="+string(raw))
	if os.Getenv("GORACE") == "" {
		// A race-enabled child otherwise sleeps a second before exiting.
		cmd.Env = append(cmd.Env, "GORACE=atexit_sleep_ms=0")
	}
	return cmd
}
