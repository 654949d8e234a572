package checks

// ghwNotHere: ghw reads nothing of this kind on macOS (its block, GPU and
// PCI readers are Linux and Windows only), so any failure is NotHere.
func ghwNotHere(err error, what, _ string) error {
	if err == nil {
		return nil
	}
	return NotHere("tsr cannot list the %s on macOS", what)
}
