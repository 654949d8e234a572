//go:build !linux && !darwin && !windows

package checks

import "context"

func findProcesses(context.Context, string) ([]int, error) {
	return nil, NotHere("tsr cannot list processes on this OS")
}
