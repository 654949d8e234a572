//go:build !windows

package checks

import "net/url"

// systemProxy is the OS's own proxy setting: outside Windows, programs
// take theirs from the environment, which proxyInEffect has read.
func systemProxy(*url.URL) (proxySetting, error) { return proxySetting{}, nil }
