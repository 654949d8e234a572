package checks

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsrhq/tsr/internal/testutil"

	"golang.org/x/sys/unix"
)

func TestMountOf(t *testing.T) {
	useHostRoot(t, recorded("laptop"))
	for path, want := range map[string]mount{
		"/":                  {"/", "ext4", false},
		"/etc/hosts":         {"/", "ext4", false},
		"/homework":          {"/", "ext4", false}, // a prefix of the name, not of the path
		"/home":              {"/home", "ext4", true},
		"/home/ann/x":        {"/home", "ext4", true}, // ro in the mount options
		"/boot/efi/EFI":      {"/boot/efi", "vfat", false},
		"/mnt/my disk/a.txt": {"/mnt/my disk", "fuseblk", false},
		"/srv/www":           {"/srv", "xfs", true}, // stacked: the last mount wins; ro in the super options
	} {
		if got := mountOf(path); got != want {
			t.Errorf("mountOf(%q) = %+v, want %+v", path, got, want)
		}
	}
}

func TestMountOfFallsBackToProcMounts(t *testing.T) {
	useHostRoot(t, testutil.WriteTree(t, map[string]string{"proc/mounts": "/dev/root / ext4 rw 0 0\n/dev/sdb1 /data xfs ro,noatime 0 0\n"}))
	if got, want := mountOf("/data/x"), (mount{"/data", "xfs", true}); got != want {
		t.Errorf("mountOf = %+v, want %+v", got, want)
	}
}

// fakeStatfs makes statfs answer st for every path (or fail with err).
func fakeStatfs(t *testing.T, st unix.Statfs_t, err error) {
	t.Helper()
	old := statfs
	statfs = func(_ string, out *unix.Statfs_t) error {
		*out = st
		return err
	}
	t.Cleanup(func() { statfs = old })
}

func TestDiskLevelsWithFakeStatfs(t *testing.T) {
	useHostRoot(t, recorded("laptop"))
	const block = 4096
	healthy := unix.Statfs_t{Frsize: block, Bsize: block, Blocks: 1_000_000, Bfree: 600_000, Bavail: 550_000, Files: 1000, Ffree: 900}
	for _, tc := range []struct {
		name, path string
		mutate     func(*unix.Statfs_t)
		wantStatus Status
		want       map[string]any
		message    string
	}{
		{"healthy", "/", func(*unix.Statfs_t) {}, "pass", map[string]any{
			"mountpoint": "/", "fstype": "ext4", "total": int64(1_000_000 * block), "free": int64(550_000 * block),
			"used_percent": 42.1, "inodes_used_percent": 10.0, "read_only": false,
		}, "/ is 43% full (2.1 GiB free)"},
		// used/(used+avail) as df: the root reserve (Bfree-Bavail) counts as neither.
		{"nearly full", "/", func(s *unix.Statfs_t) { s.Bfree, s.Bavail = 80_000, 30_000 }, "fail",
			map[string]any{"used_percent": 96.8, "free": int64(30_000 * block)}, "/ is 97% full (117.2 MiB free)"},
		{"filling up", "/", func(s *unix.Statfs_t) { s.Bfree, s.Bavail = 100_000, 100_000 }, "warn",
			map[string]any{"used_percent": 90.0}, "/ is 90% full (390.6 MiB free)"},
		{"out of inodes", "/", func(s *unix.Statfs_t) { s.Ffree = 10 }, "fail",
			map[string]any{"inodes_used_percent": 99.0}, "/ is 43% full (2.1 GiB free), 99% of its inodes used"},
		{"read-only mount", "/home/ann", func(*unix.Statfs_t) {}, "fail",
			map[string]any{"mountpoint": "/home", "read_only": true}, "/home is 43% full (2.1 GiB free), mounted read-only"},
		{"read-only flag", "/", func(s *unix.Statfs_t) { s.Flags = unix.ST_RDONLY }, "fail",
			map[string]any{"read_only": true}, "/ is 43% full (2.1 GiB free), mounted read-only"},
		{"no inode count", "/boot/efi", func(s *unix.Statfs_t) { s.Files, s.Ffree = 0, 0 }, "pass",
			map[string]any{"fstype": "vfat", "inodes_used_percent": 0.0}, "/boot/efi is 43% full (2.1 GiB free)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := healthy
			tc.mutate(&st)
			fakeStatfs(t, st, nil)
			o := run(t, "hw.disk", map[string]any{"path": tc.path})
			got := status(t, "hw.disk", o)
			wantObserved(t, o, tc.want)
			if got != tc.wantStatus {
				t.Errorf("status %s, want %s (%v)", got, tc.wantStatus, o.Observed)
			}
			if o.Message != tc.message {
				t.Errorf("message %q, want %q", o.Message, tc.message)
			}
		})
	}
}

func TestDiskMissingPathIsError(t *testing.T) {
	fakeStatfs(t, unix.Statfs_t{}, unix.ENOENT)
	o := run(t, "hw.disk", map[string]any{"path": "/no/such/dir"})
	got := status(t, "hw.disk", o)
	if got != "error" || o.ErrorKind != "not_found" {
		t.Errorf("status %s, error_kind %q, want error/not_found", got, o.ErrorKind)
	}
}

// TestDiskRealTmpfs mounts a 1 MiB tmpfs with 64 inodes, fills it, then
// makes it read-only, and reads it as the check does on a real machine.
func TestDiskRealTmpfs(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	mnt, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Mount("tsr-test", mnt, "tmpfs", 0, "size=1m,nr_inodes=64"); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	t.Cleanup(func() { unix.Unmount(mnt, unix.MNT_DETACH) })

	check := func(step string, wantStatus Status, want map[string]any) Outcome {
		t.Helper()
		o := run(t, "hw.disk", map[string]any{"path": mnt})
		got := status(t, "hw.disk", o)
		wantObserved(t, o, want)
		if got != wantStatus {
			t.Errorf("%s: status %s, want %s: %s %v", step, got, wantStatus, o.Message, o.Observed)
		}
		return o
	}
	o := check("empty", "pass", map[string]any{"mountpoint": mnt, "fstype": "tmpfs", "total": int64(1 << 20), "read_only": false})
	if !strings.HasPrefix(o.Message, mnt+" is 0% full (1.0 MiB free)") {
		t.Errorf("message %q", o.Message)
	}

	big := filepath.Join(mnt, "big")
	if err := os.WriteFile(big, make([]byte, 1000<<10), 0o644); err != nil {
		t.Fatal(err)
	}
	o = check("full", "fail", map[string]any{"mountpoint": mnt})
	if used := o.Observed["used_percent"].(float64); used < 95 {
		t.Errorf("used_percent %.1f after writing 1000 KiB of 1 MiB", used)
	}
	os.Remove(big)

	for i := range 62 {
		if err := os.WriteFile(filepath.Join(mnt, fmt.Sprint(i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	o = check("out of inodes", "fail", nil)
	if inodes := o.Observed["inodes_used_percent"].(float64); inodes < 95 {
		t.Errorf("inodes_used_percent %.1f with 63 of 64 inodes used", inodes)
	}

	sub := filepath.Join(mnt, "0")
	if err := unix.Mount("", mnt, "", unix.MS_REMOUNT|unix.MS_RDONLY, ""); err != nil {
		t.Fatalf("remount read-only: %v", err)
	}
	o = check("read-only", "fail", map[string]any{"read_only": true, "mountpoint": mnt})
	if !strings.HasSuffix(o.Message, "mounted read-only") {
		t.Errorf("message %q", o.Message)
	}
	if o2 := run(t, "hw.disk", map[string]any{"path": sub}); o2.Observed["mountpoint"] != mnt {
		t.Errorf("a file in the tmpfs maps to %v, want %s", o2.Observed["mountpoint"], mnt)
	}
	if err := os.WriteFile(filepath.Join(mnt, "x"), nil, 0o644); err == nil {
		t.Error("the remount did not make the tmpfs read-only")
	}
}

func TestDiskThisMachine(t *testing.T) {
	o := run(t, "hw.disk", nil)
	got := status(t, "hw.disk", o)
	if got == "error" || o.Observed["mountpoint"] != "/" || o.Observed["total"].(int64) <= 0 {
		t.Errorf("status %s, %s %v", got, o.Message, o.Observed)
	}
}
