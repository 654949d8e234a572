package checks

import (
	"net"
	"strings"
	"testing"
)

func TestListenRecorded(t *testing.T) {
	cases := []struct {
		with    map[string]any
		address string // "" = not listening
	}{
		{map[string]any{"port": 8080}, "127.0.0.1:8080"},
		{map[string]any{"port": 8080, "address": "192.0.2.10"}, ""},      // bound to loopback only
		{map[string]any{"port": 22, "address": "192.0.2.10"}, "[::]:22"}, // the IPv6 wildcard takes IPv4 too
		{map[string]any{"port": 3306, "address": "192.0.2.10"}, "192.0.2.10:3306"},
		{map[string]any{"port": 3306, "address": "127.0.0.1"}, ""},
		{map[string]any{"port": 443}, ""}, // only an established connection
		{map[string]any{"port": 631, "address": "::1"}, "[::1]:631"},
		{map[string]any{"port": 631, "address": "127.0.0.1"}, ""},
		{map[string]any{"port": 53, "proto": "udp"}, "127.0.0.53:53"},
		{map[string]any{"port": 5000, "proto": "udp"}, ""}, // a connected client socket
		{map[string]any{"port": 5353, "proto": "udp", "address": "192.0.2.10"}, "[::]:5353"},
		{map[string]any{"port": 22, "proto": "udp"}, ""},
	}
	useNetTree(t, "listen", nil)
	for _, c := range cases {
		o := run(t, "net.listen", c.with)
		want := StatusFail // by the default expectation, not an error kind
		if c.address != "" {
			want = StatusPass
		}
		if st := status(t, "net.listen", o); st != want || o.ErrorKind != "" {
			t.Errorf("%v: status %s, error_kind %q; want %s judged by the default expectation", c.with, st, o.ErrorKind, want)
		}
		got, _ := o.Observed["address"].(string)
		if o.Observed["listening"] != (c.address != "") || got != c.address {
			t.Errorf("%v: observed %v, want address %q", c.with, o.Observed, c.address)
		}
	}
	o := run(t, "net.listen", map[string]any{"port": 8081})
	if o.Message != "nothing listens on TCP port 8081: the service is not running or uses another port" {
		t.Errorf("message %q", o.Message)
	}
}

// TestListenLive opens real sockets on loopback and reads the real /proc.
func TestListenLive(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	o := run(t, "net.listen", map[string]any{"port": port, "address": "127.0.0.1"})
	if o.Observed["listening"] != true || o.Observed["address"] != ln.Addr().String() {
		t.Errorf("with a listener: %+v", o)
	}
	if !strings.HasPrefix(o.Message, "something listens on TCP port") {
		t.Errorf("message %q", o.Message)
	}
	ln.Close()
	if o := run(t, "net.listen", map[string]any{"port": port}); o.Observed["listening"] != false {
		t.Errorf("after closing: %+v", o)
	}

	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	o = run(t, "net.listen", map[string]any{"port": pc.LocalAddr().(*net.UDPAddr).Port, "proto": "udp"})
	if o.Observed["listening"] != true {
		t.Errorf("with a UDP socket: %+v", o)
	}
}
