package checks

import (
	"context"
	"strings"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "hw.gpu",
			Title: "Graphics cards",
			Doc:   "Lists the graphics cards and the driver each one uses, for the record. Facts only; it asserts nothing unless the playbook does.",
			Fields: []Field{
				{Name: "cards", Kind: KindList, Doc: `one entry per card: "vendor product driver", e.g. "Intel Corporation TigerLake-LP GT2 [Iris Xe Graphics] i915"`},
				{Name: "count", Kind: KindInt, Doc: "number of graphics cards"},
			},
			ErrorKinds: noOwnKinds,
			Timeout:    5 * time.Second,
			Support:    Support{Linux: Works, Windows: Works, Darwin: Skips, Note: "Windows through WMI: skips where WMI does not describe the cards"},
			Run:        runGPU,
		}
	})
}

// gpuCard is one graphics card as tsr reports it. Without a PCI ID
// database the vendor and product are the numeric IDs.
type gpuCard struct {
	Address, Vendor, Product, Driver string
}

// orID is a PCI name, or its ID when the database does not know it.
func orID(name, id string) string {
	if n := known(name); n != "" {
		return n
	}
	if id == "" {
		return ""
	}
	return "[" + id + "]"
}

func runGPU(context.Context, *Env, Params) Outcome {
	cards, err := gpuCards()
	if err != nil {
		return CouldNotLook(err, "cannot list the graphics cards")
	}
	list := make([]string, 0, len(cards))
	for _, c := range cards {
		list = append(list, joinKnown(c.Vendor, c.Product, c.Driver))
	}
	msg := "no graphics card found"
	if len(list) > 0 {
		msg = strings.Join(list, "; ")
	}
	return Outcome{Observed: map[string]any{"cards": list, "count": int64(len(list))}, Message: msg}
}
