//go:build !linux && !darwin && !windows

package checks

func defaultRoutes(string) ([]defaultRoute, error) { return nil, errRoutesUnsupported }
