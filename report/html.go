package report

import (
	_ "embed"
	"html/template"
	"io"
	"strings"
	"sync"

	"github.com/tsrhq/tsr/checks"
)

func init() {
	registerFormat(Format{Name: "html", Extensions: []string{".html", ".htm"}, New: func(Options) Renderer { return htmlRenderer{} }})
}

//go:embed report.html.tmpl
var htmlSource string

// htmlTemplate escapes every value it prints (html/template), so no title,
// message or observed value can inject markup into the page. It is parsed
// when first used, not when tsr starts.
var htmlTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{
		"upper":   func(s checks.Status) string { return strings.ToUpper(string(s)) },
		"value":   valueText,
		"keys":    observedKeys,
		"field":   fieldText,
		"shown":   shownKeys,
		"unmet":   unmetText,
		"tier":    tierName,
		"id":      qualifiedID,
		"facts":   InventoryRows,
		"seconds": seconds,
		"summary": summaryText,
		"join":    strings.Join,
		"tool":    toolVersion,
		"names":   playbookNames,
		"history": historySVG,
	}).Parse(htmlSource))
})

// htmlRenderer writes one self-contained page: inline CSS and a few lines
// of inline script, no external asset, readable offline and on a phone.
type htmlRenderer struct{}

func (htmlRenderer) Render(w io.Writer, r *Report) error {
	return htmlTemplate().Execute(w, r.visible(Visible)) // a control character shows as \x1b, not as nothing
}
