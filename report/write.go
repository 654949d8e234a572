package report

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// CheckWritable makes sure a report can be written to path before any
// check runs: the folder exists and accepts the file. A file that did not
// exist is removed again, so the check leaves nothing behind.
func CheckWritable(path string) error {
	info, statErr := os.Stat(path)
	existed := statErr == nil
	if existed && !info.Mode().IsRegular() { // a FIFO would block, a directory cannot be one
		return fmt.Errorf("cannot write the report to %s: it is not a regular file; choose another path with -o", path)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("cannot write the report to %s: %w; choose another path with -o", path, unwrapPath(err))
	}
	f.Close()
	if !existed {
		os.Remove(path)
	}
	return nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// WriteFile writes the rendered report to path. When that fails, late in
// a run, the report goes to a temporary file instead, whose path is
// returned with the error, so nothing is lost. A file that could not be
// written whole is removed: no empty or cut report is left behind.
func WriteFile(path string, data []byte) (fallback string, err error) {
	if err = writeAtomic(path, data); err == nil {
		return "", nil
	}
	f, terr := os.CreateTemp("", "tsr-report-*"+filepath.Ext(path))
	if terr != nil {
		return "", fmt.Errorf("cannot write the report to %s (%w), nor to a temporary file (%w)", path, unwrapPath(err), unwrapPath(terr))
	}
	_, terr = f.Write(data)
	if cerr := f.Close(); terr == nil {
		terr = cerr
	}
	if terr != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("cannot write the report to %s (%w), nor to %s (%w)", path, unwrapPath(err), f.Name(), unwrapPath(terr))
	}
	return f.Name(), fmt.Errorf("cannot write the report to %s: %w", path, unwrapPath(err))
}

// writeAtomic writes through a temporary file in the same folder, so a
// reader never sees half a report.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tsr-*")
	if err != nil {
		return writeInPlace(path, data) // a folder we may not create in
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		mode := os.FileMode(0o644)
		if info, err := os.Stat(path); err == nil {
			mode = info.Mode().Perm() // replacing a report keeps its permissions
		}
		werr = os.Chmod(tmp.Name(), mode)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
	}
	return werr
}

// writeInPlace writes path directly; a file it created and could not
// fill is removed again.
func writeInPlace(path string, data []byte) error {
	_, statErr := os.Stat(path)
	err := os.WriteFile(path, data, 0o644)
	if err != nil && os.IsNotExist(statErr) {
		os.Remove(path)
	}
	return err
}

// Bytes renders a report in a format.
func Bytes(r *Report, format string, opts Options) ([]byte, error) {
	rd, err := NewRenderer(format, opts)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = rd.Render(&buf, r)
	return buf.Bytes(), err
}
