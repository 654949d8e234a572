package report

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"
)

// BundleSchema names the manifest's format.
const BundleSchema = "tsr/bundle/1"

// Bundle limits: what a help-desk ticket accepts as an attachment, and
// one evidence file's share of it (a huge command output must not push the
// interface table out).
const (
	BundleMaxBytes       = 20 << 20
	BundleMaxFileBytes   = 2 << 20
	bundleManifestPath   = "manifest.json"
	bundleEvidenceFolder = "evidence/"
)

// EvidenceFile is raw material a check or the host gave, for tier 2 to read
// beside the verdict: a resolver configuration, a route table, the headers
// a server answered. Path is relative to the bundle's evidence/ folder.
type EvidenceFile struct {
	Path string
	Data []byte
}

// Manifest is manifest.json: what the bundle holds and what was left out.
type Manifest struct {
	Schema    string         `json:"schema"`
	Tool      Tool           `json:"tool"`
	RunID     string         `json:"run_id"`
	Created   string         `json:"created"` // RFC 3339, UTC
	Redaction Redaction      `json:"redaction"`
	Files     []ManifestFile `json:"files"`
	Cut       []ManifestCut  `json:"cut"`
}

// ManifestFile is one file of the bundle, with its checksum.
type ManifestFile struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// ManifestCut is evidence left out or shortened to keep the bundle small.
type ManifestCut struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"` // its size before the cut
	Reason string `json:"reason"`
}

// BundleReports are the report files of a bundle and their formats.
var BundleReports = []struct{ Path, Format string }{
	{"report.json", "json"}, {"report.html", "html"}, {"report.md", "markdown"},
}

// WriteBundle writes the zip for a ticket: the report (already redacted)
// as JSON, HTML and Markdown, the evidence passed through the same
// Redactor, and manifest.json. It is written through a temporary file and a
// rename, so a reader never sees half a zip, and nothing lands outside it.
func WriteBundle(path string, r *Report, evidence []EvidenceFile, rd *Redactor) (*Manifest, error) {
	m := &Manifest{Schema: BundleSchema, Tool: r.Tool, RunID: r.Run.ID, Created: time.Now().UTC().Format(time.RFC3339),
		Redaction: r.Run.Redaction, Files: []ManifestFile{}, Cut: []ManifestCut{}}
	var files []EvidenceFile
	total := 0
	for _, f := range BundleReports {
		data, err := Bytes(r, f.Format, Options{})
		if err != nil {
			return nil, fmt.Errorf("bundle %s: rendering %s: %w", path, f.Path, err)
		}
		files = append(files, EvidenceFile{Path: f.Path, Data: data})
		total += len(data)
	}
	for _, e := range evidence {
		name := bundleEvidenceFolder + cleanEvidencePath(e.Path)
		data := []byte(rd.Text(string(e.Data)))
		if len(data) > BundleMaxFileBytes {
			m.Cut = append(m.Cut, ManifestCut{Path: name, Size: int64(len(data)), Reason: fmt.Sprintf("shortened to its first %d bytes", BundleMaxFileBytes)})
			data = append(truncateUTF8(data, BundleMaxFileBytes), "\n[cut: see manifest.json]\n"...)
		}
		if total+len(data) > BundleMaxBytes {
			m.Cut = append(m.Cut, ManifestCut{Path: name, Size: int64(len(data)), Reason: fmt.Sprintf("left out: the bundle is kept under %d MB", BundleMaxBytes>>20)})
			continue
		}
		files = append(files, EvidenceFile{Path: name, Data: data})
		total += len(data)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		if err := addZipFile(zw, f.Path, f.Data); err != nil {
			return nil, fmt.Errorf("bundle %s: %w", path, err)
		}
		sum := sha256.Sum256(f.Data)
		m.Files = append(m.Files, ManifestFile{Path: f.Path, Size: int64(len(f.Data)), SHA256: hex.EncodeToString(sum[:])})
	}
	manifest, _ := json.MarshalIndent(m, "", "  ")
	if err := addZipFile(zw, bundleManifestPath, append(manifest, '\n')); err != nil {
		return nil, fmt.Errorf("bundle %s: %w", path, err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("bundle %s: %w", path, err)
	}
	if err := writeAtomic(path, buf.Bytes()); err != nil {
		return nil, fmt.Errorf("cannot write the bundle to %s: %w; choose another path with --bundle", path, unwrapPath(err))
	}
	return m, nil
}

func addZipFile(zw *zip.Writer, name string, data []byte) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Now()})
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// cleanEvidencePath keeps a name inside evidence/: no absolute paths, no
// "..", only characters every unzip tool and file system takes.
func cleanEvidencePath(p string) string {
	var parts []string
	for _, part := range strings.Split(filepath.ToSlash(p), "/") {
		part = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-", r) {
				return r
			}
			return '_'
		}, part)
		if part != "" && part != "." && part != ".." {
			parts = append(parts, part)
		}
	}
	if len(parts) == 0 {
		return "unnamed"
	}
	return strings.Join(parts, "/")
}

// truncateUTF8 cuts b to n bytes without splitting its last character.
func truncateUTF8(b []byte, n int) []byte {
	b = b[:n]
	for i := 0; i < utf8.UTFMax-1 && len(b) > 0; i++ {
		if r, size := utf8.DecodeLastRune(b); r != utf8.RuneError || size != 1 {
			break
		}
		b = b[:len(b)-1]
	}
	return b
}

// OpenBundle reads a bundle's files, in the zip's order.
func OpenBundle(path string) ([]EvidenceFile, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("%s is not a tsr bundle (a zip): %w", path, err)
	}
	defer zr.Close()
	var out []EvidenceFile
	total := int64(0)
	for _, f := range zr.File {
		if total += int64(f.UncompressedSize64); total > 4*BundleMaxBytes {
			return nil, fmt.Errorf("%s unpacks to more than %d MB: not a bundle tsr wrote", path, 4*BundleMaxBytes>>20)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", path, f.Name, err)
		}
		data, err := io.ReadAll(io.LimitReader(rc, 4*BundleMaxBytes))
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", path, f.Name, err)
		}
		out = append(out, EvidenceFile{Path: f.Name, Data: data})
	}
	return out, nil
}

// IsBundle tells a bundle from a JSON report by its first bytes.
func IsBundle(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	return n == 4 && bytes.Equal(head, []byte("PK\x03\x04"))
}
