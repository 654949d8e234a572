package checks

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "sys.process",
			Title: "Process is running",
			Doc:   "Looks for running processes with a given program name (the executable's file name, or the short name the kernel keeps).",
			Params: []Param{
				{Name: "name", Kind: KindString, Required: true, Doc: "program name, e.g. sshd (on Windows with or without .exe)"},
			},
			Fields: []Field{
				{Name: "running", Kind: KindBool, Doc: "at least one such process runs"},
				{Name: "count", Kind: KindInt, Doc: "how many run"},
				{Name: "pids", Kind: KindList, Doc: "their process IDs, lowest first"},
			},
			Expect:     Assertions{"running": true},
			ErrorKinds: readKinds,
			Timeout:    3 * time.Second,
			Example:    "name: sshd",
			Support:    Portable,
			Run:        runProcess,
		}
	})
}

func runProcess(ctx context.Context, _ *Env, p Params) Outcome {
	name := p.String("name")
	pids, err := findProcesses(ctx, name)
	if err != nil {
		return CouldNotLook(err, "cannot list the processes")
	}
	sort.Ints(pids)
	list := make([]string, len(pids))
	for i, pid := range pids {
		list[i] = strconv.Itoa(pid)
	}
	obs := map[string]any{"running": len(pids) > 0, "count": int64(len(pids)), "pids": list}
	if len(pids) == 0 {
		return Outcome{Observed: obs, Message: name + " is not running"}
	}
	shown := list
	if len(shown) > 5 {
		shown = append(shown[:5:5], "...")
	}
	return Outcome{Observed: obs, Message: fmt.Sprintf("%s is running (pid %s)", name, strings.Join(shown, ", "))}
}

// commMatches says whether a kernel's short process name is name: Linux
// keeps 15 bytes of it, macOS 16.
func commMatches(comm, name string, limit int) bool {
	return comm == name || (len(name) > limit && comm == name[:limit])
}
