package checks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"
	"unicode/utf8"
)

const fileContentLimit = 64 << 10

func init() {
	Register(func() *Type {
		return &Type{
			Name:  "sys.file",
			Title: "File is present",
			Doc:   "Looks at a path: whether it exists, its type (a symlink says so, and is then described by its target), size, mode and age, and the start of a text file.",
			Params: []Param{
				{Name: "path", Kind: KindString, Required: true, Doc: "the file or directory to look at"},
			},
			Fields: []Field{
				{Name: "exists", Kind: KindBool, Doc: "the path exists"},
				{Name: "type", Kind: KindString, Doc: "file, dir, symlink or other"},
				{Name: "size", Kind: KindBytes, Doc: "size in bytes"},
				{Name: "mode", Kind: KindString, Doc: "permissions in octal, e.g. 0644"},
				{Name: "age", Kind: KindDuration, Doc: "time since the last modification"},
				{Name: "content", Kind: KindString, Doc: "the first 64 KiB of a text file; empty for other files"},
			},
			Expect:     Assertions{"exists": true},
			ErrorKinds: readKinds,
			Timeout:    2 * time.Second,
			Example:    "path: /etc/hosts",
			Support:    Portable,
			Run:        runFile,
		}
	})
}

func runFile(_ context.Context, _ *Env, p Params) Outcome {
	path := p.String("path")
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		o := Outcome{Observed: map[string]any{"exists": false}, Message: path + " does not exist"}
		return o
	}
	if err != nil {
		return Errored(ErrorKindOf(err), "cannot look at %s: %v", path, err)
	}
	typ := fileType(info.Mode())
	what := typ
	if typ == "symlink" {
		// The type says it is a link; the rest is about what it points to
		// (/etc/resolv.conf -> ../run/systemd/resolve/stub-resolv.conf).
		dest, _ := os.Readlink(path)
		target, err := os.Stat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return Outcome{
				Observed: map[string]any{"exists": true, "type": typ, "content": ""},
				Message:  path + " is a symlink to " + dest + ", but its target is missing (a dangling link)",
			}
		}
		if err != nil {
			return Errored(ErrorKindOf(err), "cannot follow the symlink %s to %s: %v", path, dest, err)
		}
		info, what = target, "symlink to "+dest+": "+fileType(target.Mode())
	}
	obs := map[string]any{
		"exists":  true,
		"type":    typ,
		"size":    info.Size(),
		"mode":    fmt.Sprintf("%04o", info.Mode().Perm()),
		"age":     time.Since(info.ModTime()).Round(time.Second),
		"content": "",
	}
	if info.Mode().IsRegular() {
		obs["content"] = readText(path)
	}
	return Outcome{Observed: obs, Message: path + " exists (" + what + ", " + FormatBytes(info.Size()) + ")"}
}

func fileType(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "file"
	case m.IsDir():
		return "dir"
	case m&fs.ModeSymlink != 0:
		return "symlink"
	}
	return "other"
}

// readText returns the start of a file when it is text, "" otherwise.
func readText(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	if bytes.IndexByte(head[:n], 0) >= 0 {
		return "" // a binary (an executable, an image): the rest need not be read
	}
	rest, _ := io.ReadAll(io.LimitReader(f, fileContentLimit-int64(n)))
	buf := append(head[:n], rest...)
	for len(buf) > 0 && !utf8.Valid(buf) { // a cut in the middle of a rune
		buf = buf[:len(buf)-1]
		if len(buf) < fileContentLimit-4 {
			return ""
		}
	}
	for _, c := range buf {
		if c == 0 {
			return ""
		}
	}
	return string(buf)
}
