//go:build !linux

package checks

import "time"

// Uptime and virtualization come from /proc and /sys on Linux; elsewhere
// they are left out rather than guessed.
func uptime() (time.Duration, bool) { return 0, false }

func virtualization() string { return "" }
