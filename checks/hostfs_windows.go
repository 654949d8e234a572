package checks

import (
	"os"
	"path/filepath"
)

// liveEtcDir is the folder of this PC's hosts file.
func liveEtcDir() string { return filepath.Join(systemRoot(), `System32\drivers\etc`) }

func systemRoot() string {
	if root := os.Getenv("SystemRoot"); root != "" {
		return root
	}
	return `C:\Windows`
}
