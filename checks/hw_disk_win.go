package checks

import "strings"

// windowsDiskPath reads a playbook's path as Windows users mean it: "/"
// (the default, written for every OS) is the system drive, C:\ on most
// PCs, not the root of whatever drive tsr was started from.
func windowsDiskPath(path, systemDrive string) string {
	if path != "/" && path != `\` {
		return path
	}
	if systemDrive == "" {
		systemDrive = "C:"
	}
	return strings.TrimRight(systemDrive, `\`) + `\`
}
