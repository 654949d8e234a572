package testutil

import (
	"net"
	"sync"
	"testing"
)

var loopback = sync.OnceValue(func() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		return err
	}
	return c.Close()
})

// NeedLoopback skips a test that serves on 127.0.0.1 when loopback does
// not work here, as in a bare `unshare -n` where lo is down.
func NeedLoopback(t testing.TB) {
	t.Helper()
	if err := loopback(); err != nil {
		t.Skipf("loopback is down here, and this test serves on 127.0.0.1 (bring it up: ip link set lo up): %v", err)
	}
}
