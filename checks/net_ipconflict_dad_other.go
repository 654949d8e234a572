//go:build !linux

package checks

// dadFailedAddrs: this OS's DAD state is not read here.
func dadFailedAddrs(int) ([]string, error) {
	return nil, NotHere("tsr reads duplicate address detection only on Linux")
}
