package checks

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// hostFS is the machine the checks and the inventory describe: where its
// /proc, /sys, /dev and /etc are read from, and whether it is the machine
// tsr runs on. Only then do the kernel's own answers (netlink, the net
// package's interface list, runtime.NumCPU, ghw's fallbacks) describe it
// too; a recorded tree is described by its files alone. Every data source
// reads through host, so one value moves them all (as node_exporter's
// procfs/sysfs flags do); tests set it with useHostRoot.
type hostFS struct {
	root string // the host's /: ghw's chroot, /run, /.dockerenv
	proc string
	sys  string
	dev  string
	etc  string // resolv.conf, hosts, nsswitch.conf, os-release
	live bool
}

// host is the machine tsr describes: the one it runs on.
var host = liveHost()

// liveHost is the machine tsr runs on.
func liveHost() hostFS {
	h := recordedHost("/") // ghw and pcidb take "/" on every OS
	h.etc, h.live = liveEtcDir(), true
	return h
}

// recordedHost is a machine recorded as a tree of files under root
// (root/proc, root/sys, root/dev, root/etc).
func recordedHost(root string) hostFS {
	return hostFS{
		root: root,
		proc: filepath.Join(root, "proc"), sys: filepath.Join(root, "sys"),
		dev: filepath.Join(root, "dev"), etc: filepath.Join(root, "etc"),
	}
}

// procPath is a path under the host's /proc.
func procPath(elem ...string) string { return under(host.proc, elem) }

// sysPath is a path under the host's /sys.
func sysPath(elem ...string) string { return under(host.sys, elem) }

// devPath is a path under the host's /dev (the kernel log, /dev/kmsg).
func devPath(elem ...string) string { return under(host.dev, elem) }

// etcPath is a path under the host's /etc (on Windows the folder of its
// hosts file, System32\drivers\etc).
func etcPath(elem ...string) string { return under(host.etc, elem) }

// rootPath is any other path of the host's file system (/run/systemd).
func rootPath(elem ...string) string { return under(host.root, elem) }

func under(dir string, elem []string) string {
	return filepath.Join(append([]string{dir}, elem...)...)
}

// readTrimmed reads a small sysfs or procfs file without its newline.
func readTrimmed(path string) (string, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", false
	}
	return strings.TrimSpace(string(b)), true
}

// readInt reads a sysfs file holding one decimal integer.
func readInt(path string) (int64, bool) {
	s, ok := readTrimmed(path)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// readHex reads a sysfs file holding one hexadecimal number ("0x1003").
func readHex(path string) (int64, bool) {
	s, ok := readTrimmed(path)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimPrefix(s, "0x"), 16, 64)
	return n, err == nil
}
