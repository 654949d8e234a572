package report

import (
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/tsrhq/tsr/internal/lazyregexp"
	"gopkg.in/yaml.v3"
)

func init() {
	registerFormat(Format{Name: "yaml", Extensions: []string{".yaml", ".yml"}, New: func(Options) Renderer { return yamlRenderer{} }})
}

// yamlRenderer writes the JSON model as YAML, keys in the same order.
type yamlRenderer struct{}

func (yamlRenderer) Render(w io.Writer, r *Report) error { return WriteYAML(w, r) }

// WriteYAML writes v's JSON as YAML, keys in the same order.
func WriteYAML(w io.Writer, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(yamlSafe(data), &doc); err != nil { // JSON is YAML: this keeps the key order
		return err
	}
	blockStyle(&doc)
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	return enc.Close()
}

// yaml11Bool matches the words YAML 1.1 readers (PyYAML, older tools)
// take for booleans; such strings keep their quotes.
var yaml11Bool = lazyregexp.New(`^(?i:y|yes|n|no|on|off|true|false)$`)

// blockStyle drops the flow style JSON gave every map and list, and the
// quotes of strings that need none.
func blockStyle(n *yaml.Node) {
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		if len(n.Content) > 0 {
			n.Style = 0
		}
	} else if n.Kind == yaml.ScalarNode && n.Style == yaml.DoubleQuotedStyle && !yaml11Bool.MatchString(n.Value) {
		n.Style = 0 // the encoder quotes what YAML 1.2 would read otherwise
	}
	for _, c := range n.Content {
		blockStyle(c)
	}
}

// yamlSafe escapes, inside the JSON text, the characters JSON may carry
// raw but a YAML reader refuses (DEL, C1 controls, U+FEFF, U+FFFE,
// U+FFFF): "yaml: control characters are not allowed" must never cost a
// report. They only occur inside strings, where \uXXXX means the same.
func yamlSafe(data []byte) []byte {
	var out []byte
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0xfeff || r == 0xfffe || r == 0xffff {
			if out == nil {
				out = append(make([]byte, 0, len(data)+16), data[:i]...)
			}
			out = fmt.Appendf(out, `\u%04x`, r)
		} else if out != nil {
			out = append(out, data[i:i+size]...)
		}
		i += size
	}
	if out == nil {
		return data
	}
	return out
}
