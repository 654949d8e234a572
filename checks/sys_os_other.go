//go:build !linux && !windows

package checks

import "time"

// Uptime and virtualization come from /proc and /sys on Linux; elsewhere
// they are left out rather than guessed.
func uptime() (time.Duration, bool) { return 0, false }

func virtualization() string { return "" }

// osVersion: the platform's version is the part after its name.
func osVersion() string { return "" }
