//go:build !linux && !darwin && !windows

package checks

func defaultRoutes(string) ([]defaultRoute, error) {
	return nil, NotHere("tsr cannot read the routing table on this OS")
}
