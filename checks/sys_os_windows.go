package checks

import (
	"time"

	"golang.org/x/sys/windows"
)

// uptime is the time since boot, sleep included, as Task Manager shows it.
func uptime() (time.Duration, bool) { return windows.DurationSinceBoot(), true }

// virtualization is left unknown on Windows rather than guessed.
func virtualization() string { return "" }
