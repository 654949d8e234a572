package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Table is tsr's table look: plain ASCII (it survives any terminal, ticket
// system and e-mail), headers as written and centred, cells on one line.
// It is tsr's own: a table library's package set-up (width tables, caches)
// would run on every start of tsr, even for `tsr version`.
type Table struct {
	w      io.Writer
	header []string
	rows   [][]string
	right  map[int]bool // columns aligned right
}

// NewTable starts a table written to w by Render.
func NewTable(w io.Writer) *Table {
	return &Table{w: w, right: map[int]bool{}}
}

// AlignRight aligns the body cells of the given columns (from 0) right,
// as numbers are.
func (t *Table) AlignRight(columns ...int) *Table {
	for _, c := range columns {
		t.right[c] = true
	}
	return t
}

// Header sets the column names.
func (t *Table) Header(names ...string) { t.header = names }

// Append adds a row; each cell is printed with %v, on one line.
func (t *Table) Append(cells ...any) error {
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = strings.ReplaceAll(fmt.Sprint(c), "\n", " ")
	}
	t.rows = append(t.rows, row)
	return nil
}

// Render writes the table.
func (t *Table) Render() error {
	widths := make([]int, len(t.header))
	for _, row := range append([][]string{t.header}, t.rows...) {
		for i, cell := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	var b strings.Builder
	rule := func() {
		for _, w := range widths {
			b.WriteString("+" + strings.Repeat("-", w+2))
		}
		b.WriteString("+\n")
	}
	line := func(row []string, align func(col int) byte) {
		for i, w := range widths {
			cell := ""
			if i < len(row) {
				cell = row[i]
			}
			pad := w - utf8.RuneCountInString(cell)
			left := 0
			switch align(i) {
			case 'r':
				left = pad
			case 'c':
				left = pad / 2
			}
			b.WriteString("| " + strings.Repeat(" ", left) + cell + strings.Repeat(" ", pad-left) + " ")
		}
		b.WriteString("|\n")
	}
	rule()
	if len(t.header) > 0 {
		line(t.header, func(int) byte { return 'c' })
		rule()
	}
	for _, row := range t.rows {
		line(row, func(col int) byte {
			if t.right[col] {
				return 'r'
			}
			return 'l'
		})
	}
	if len(t.rows) > 0 {
		rule()
	}
	_, err := io.WriteString(t.w, b.String())
	return err
}
