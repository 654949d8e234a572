//go:build !windows

package cli

import (
	"errors"
	"os"
	"path/filepath"
)

// startedByDoubleClick: only Windows starts tsr without a command line of
// its own when a user double-clicks it.
func startedByDoubleClick() bool { return false }

// reportFolders are ~/Desktop, then ~/Documents, then the home folder.
func reportFolders() []func() (string, error) {
	in := func(name string) func() (string, error) {
		return func() (string, error) {
			home, err := os.UserHomeDir()
			return filepath.Join(home, name), err
		}
	}
	return []func() (string, error){in("Desktop"), in("Documents"), os.UserHomeDir}
}

// openFile is not used where there is no double-click run.
func openFile(string) error { return errors.New("not on this OS") }
