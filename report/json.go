package report

import (
	"encoding/json"
	"io"
)

func init() {
	registerFormat(Format{Name: "json", Extensions: []string{".json"}, New: func(Options) Renderer { return jsonRenderer{} }})
}

type jsonRenderer struct{}

func (jsonRenderer) Render(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
