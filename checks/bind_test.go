package checks

import (
	"errors"
	"testing"
)

// Bind refuses a name the type does not declare and a required parameter
// left out with the same words the loader and validation use: the rules
// live once, in NoSuchParam and Param.Missing.
func TestBindRefusesUnknownAndMissingParameters(t *testing.T) {
	tcp, ok := Lookup("net.tcp")
	if !ok {
		t.Fatal("net.tcp is not registered")
	}
	_, err := tcp.Bind(map[string]any{"host": "127.0.0.1", "port": 80, "prot": 1})
	if err == nil || err.Error() != `net.tcp has no parameter "prot"; did you mean "port"?` {
		t.Errorf("unknown parameter: %v", err)
	}
	_, err = tcp.Bind(map[string]any{"host": "127.0.0.1"})
	var bad *ParamError
	if !errors.As(err, &bad) || bad.Param != "port" {
		t.Fatalf("missing port: %v, want a ParamError about port", err)
	}
	port, _ := tcp.Param("port")
	if want := port.Missing().Error(); bad.Err.Error() != want {
		t.Errorf("missing port: %q, want %q", bad.Err, want)
	}
	if err := tcp.NoSuchParam("port"); err != nil {
		t.Errorf("port is a parameter of net.tcp: %v", err)
	}
}

// TestBindNamesTheFirstUnknownParameter: with several unknown names, Bind
// names the first in sorted order, so the message is the same every run.
func TestBindNamesTheFirstUnknownParameter(t *testing.T) {
	tcp, _ := Lookup("net.tcp")
	with := map[string]any{"host": "127.0.0.1", "port": 80, "zz": 1, "yy": 2, "bb": 3, "xx": 4, "cc": 5}
	for range 20 { // a map's order changes from one walk to the next
		_, err := tcp.Bind(with)
		if err == nil || err.Error() != `net.tcp has no parameter "bb"` {
			t.Fatalf("several unknown parameters: %v, want the first, bb", err)
		}
	}
}
