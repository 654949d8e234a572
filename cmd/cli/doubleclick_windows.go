package cli

import (
	"os"

	"github.com/inconshreveable/mousetrap"
	"golang.org/x/sys/windows"
)

// startedByDoubleClick says that Explorer started tsr: a double-click,
// with a console window of its own that closes when tsr ends.
func startedByDoubleClick() bool { return mousetrap.StartedByExplorer() }

// reportFolders are the user's Desktop, then Documents (where Windows puts
// them: redirected to OneDrive or a network share too), then the profile.
func reportFolders() []func() (string, error) {
	known := func(id *windows.KNOWNFOLDERID) func() (string, error) {
		return func() (string, error) { return windows.KnownFolderPath(id, windows.KF_FLAG_DEFAULT) }
	}
	return []func() (string, error){known(windows.FOLDERID_Desktop), known(windows.FOLDERID_Documents), os.UserHomeDir}
}

// openFile opens path in its default program, as a double-click would.
func openFile(path string) error {
	verb, err := windows.UTF16PtrFromString("open")
	if err != nil {
		return err
	}
	file, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	return windows.ShellExecute(0, verb, file, nil, nil, windows.SW_SHOWNORMAL)
}
