package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
)

// Table is tsr's table look, drawn by tablewriter: plain ASCII (it
// survives any terminal, ticket system and e-mail), headers as written and
// centred, each cell on one line. Rows are kept until Render, so that the
// columns' alignment can be set after the table is started.
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
	columns := len(t.header)
	for _, row := range t.rows {
		columns = max(columns, len(row))
	}
	align := make([]int, columns)
	for i := range align {
		align[i] = tablewriter.ALIGN_LEFT
		if t.right[i] {
			align[i] = tablewriter.ALIGN_RIGHT
		}
	}
	table := tablewriter.NewWriter(t.w)
	table.SetAutoWrapText(false)
	table.SetAutoFormatHeaders(false)
	table.SetReflowDuringAutoWrap(false)
	table.SetColumnAlignment(align)
	if len(t.header) > 0 {
		table.SetHeader(t.header)
	}
	table.AppendBulk(t.rows)
	table.Render()
	return nil
}
