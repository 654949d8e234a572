package checks

import "context"

// processUsage: not yet on macOS.
func processUsage(context.Context) (map[int]procUsage, bool) { return nil, false }
