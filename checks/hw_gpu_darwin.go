package checks

// gpuCards: ghw lists no graphics cards on macOS, and tsr runs no
// system_profiler without --allow-exec.
func gpuCards() ([]gpuCard, error) {
	return nil, NotHere("tsr cannot list the graphics cards on macOS")
}
