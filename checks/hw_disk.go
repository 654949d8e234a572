package checks

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "hw.disk",
			Title: "Disk has free space",
			Doc:   "Finds the filesystem that holds a path and reads its size, free space and inodes the way df does, and whether it is mounted read-only.",
			Params: []Param{
				{Name: "path", Kind: KindString, Default: "/", Check: NotEmpty, Doc: "a file or directory on the filesystem to look at; on Windows / is the system drive (C:\\)"},
				{Name: "unless_same_as", Kind: KindString, Doc: "skip when path is on the same filesystem as this path (a second disk check that matters only when, say, the home folder has a disk of its own)"},
			},
			Fields: []Field{
				{Name: "mountpoint", Kind: KindString, Doc: "where the filesystem holding path is mounted"},
				{Name: "fstype", Kind: KindString, Doc: "filesystem type, e.g. ext4, apfs, NTFS"},
				{Name: "total", Kind: KindBytes, Doc: "size of the filesystem"},
				{Name: "free", Kind: KindBytes, Doc: "space an ordinary user can still write (without the root reserve)"},
				{Name: "used_percent", Kind: KindPercent, Doc: "used / (used + free), as df's Use% computes it"},
				{Name: "inodes_used_percent", Kind: KindPercent, Doc: "share of inodes (file slots) in use; 0 where the filesystem has no fixed number"},
				{Name: "read_only", Kind: KindBool, Doc: "the filesystem is mounted read-only"},
			},
			Expect:     Assertions{"used_percent": "< 95%", "inodes_used_percent": "< 95%", "read_only": false},
			Warn:       Assertions{"used_percent": "< 85%"},
			ErrorKinds: readKinds,
			Timeout:    3 * time.Second,
			Support:    Portable,
			Run:        runDisk,
		}
	})
}

// diskUsage is what the OS says about one filesystem. Sizes are in
// bytes; Used counts the root reserve, Avail does not (as in df).
type diskUsage struct {
	Mountpoint, FSType string
	Total, Used, Avail int64
	Inodes, InodesFree int64
	ReadOnly           bool
}

func runDisk(_ context.Context, _ *Env, p Params) Outcome {
	path := p.String("path")
	u, err := diskUsageOf(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Errored(ErrorKindNotFound, "%s does not exist", path)
	}
	if err != nil {
		return Errored(ErrorKindOf(err), "cannot look at the filesystem of %s: %v", path, err)
	}
	if other := p.String("unless_same_as"); other != "" {
		if o, err := diskUsageOf(other); err == nil && o.Mountpoint == u.Mountpoint {
			return Skipped("%s is on the same filesystem as %s (%s), checked already", path, other, u.Mountpoint)
		}
	}
	used := percentOf(u.Used, u.Used+u.Avail)
	obs := map[string]any{
		"mountpoint":          u.Mountpoint,
		"fstype":              u.FSType,
		"total":               u.Total,
		"free":                u.Avail,
		"used_percent":        used,
		"inodes_used_percent": percentOf(u.Inodes-u.InodesFree, u.Inodes),
		"read_only":           u.ReadOnly,
	}
	// df rounds Use% up, so a disk it shows as 100% full is never "99%" here.
	msg := fmt.Sprintf("%s is %.0f%% full (%s free)", u.Mountpoint, math.Ceil(used), FormatBytes(u.Avail))
	if inodes := obs["inodes_used_percent"].(float64); inodes >= 85 {
		msg += fmt.Sprintf(", %.0f%% of its inodes used", math.Ceil(inodes))
	}
	if u.ReadOnly {
		msg += ", mounted read-only"
	}
	return Outcome{Observed: obs, Message: msg}
}
