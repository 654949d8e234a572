package checks

import (
	"context"
	"os"
	"strings"
	"time"

	"github.com/jaypipes/ghw"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "hw.block",
			Title: "Disks",
			Doc:   "Lists the disks the machine has (not partitions or filesystems), for the record. Facts only; it asserts nothing unless the playbook does.",
			Fields: []Field{
				{Name: "disks", Kind: KindList, Doc: `one entry per disk: "name size type model", e.g. "nvme0n1 476.9 GiB ssd Samsung SSD 980 PRO 512GB"`},
				{Name: "count", Kind: KindInt, Doc: "number of disks"},
			},
			ErrorKinds: noOwnKinds,
			Timeout:    5 * time.Second,
			Support:    Support{Linux: Works, Windows: Works, Darwin: Skips, Note: "Windows through WMI: skips where WMI does not describe the disks"},
			Run:        runBlock,
		}
	})
}

// blockDisk is one disk as tsr reports it.
type blockDisk struct {
	Name, Type, Controller, Vendor, Model, Serial string
	Size                                          int64
	Removable                                     bool
}

// blockDisks lists the disks through ghw, leaving out empty ones (an
// unused loop or zram device, a card reader without a card).
func blockDisks() ([]blockDisk, error) {
	info, err := ghw.Block(ghwOptions()...)
	if err = ghwNotHere(err, "disks", "block"); err != nil {
		return nil, err
	}
	var out []blockDisk
	for _, d := range info.Disks {
		if d.SizeBytes == 0 {
			continue
		}
		bd := blockDisk{
			Name: d.Name, Size: int64(d.SizeBytes), Type: strings.ToLower(known(d.DriveType.String())),
			Controller: strings.ToLower(known(d.StorageController.String())), Vendor: known(d.Vendor),
			Model: known(d.Model), Serial: known(d.SerialNumber), Removable: d.IsRemovable,
		}
		if bd.Model == "" { // ghw reads it from udev, absent in containers
			b, _ := os.ReadFile(sysPath("block", d.Name, "device", "model"))
			bd.Model = strings.TrimSpace(string(b))
		}
		out = append(out, bd)
	}
	return out, nil
}

func runBlock(context.Context, *Env, Params) Outcome {
	disks, err := blockDisks()
	if err != nil {
		return CouldNotLook(err, "cannot list the disks")
	}
	list := make([]string, 0, len(disks))
	for _, d := range disks {
		list = append(list, joinKnown(d.Name, FormatBytes(d.Size), d.Type, d.Model))
	}
	msg := "no disks found"
	if len(list) > 0 {
		msg = strings.Join(list, "; ")
	}
	return Outcome{Observed: map[string]any{"disks": list, "count": int64(len(list))}, Message: msg}
}
