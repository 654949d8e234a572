package checks

import "testing"

func TestWindowsDiskPath(t *testing.T) {
	for _, c := range []struct{ path, drive, want string }{
		{"/", "C:", `C:\`}, {`\`, `D:\`, `D:\`}, {"/", "", `C:\`},
		{`C:\Users\ann`, "C:", `C:\Users\ann`}, {"/data", "C:", "/data"},
	} {
		if got := windowsDiskPath(c.path, c.drive); got != c.want {
			t.Errorf("windowsDiskPath(%q, %q) = %q, want %q", c.path, c.drive, got, c.want)
		}
	}
}
