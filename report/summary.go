package report

import (
	"io"
	"strings"
)

// WriteFleet prints many machines' reports as one table: a row per check,
// a column per report, so a help desk sees which checks fail where.
func WriteFleet(w io.Writer, names []string, reports []*Report) error {
	table := NewTable(w)
	header := []any{"check"}
	hosts := map[string]int{}
	for _, r := range reports {
		hosts[r.Host.Hostname]++
	}
	for i, r := range reports {
		name := r.Host.Hostname
		if name == "" || hosts[name] > 1 { // the same machine twice: tell the reports apart
			name = names[i]
		}
		header = append(header, name)
	}
	table.Header(header...)
	var keys []string
	status := map[string]map[int]string{}
	for i, r := range reports {
		multi := len(r.Playbooks) > 1
		for _, res := range r.Results {
			key := resultKey(res, multi)
			if status[key] == nil {
				status[key] = map[int]string{}
				keys = append(keys, key)
			}
			status[key][i] = strings.ToUpper(res.Status)
		}
	}
	overall := []any{"(overall)"}
	for _, r := range reports {
		overall = append(overall, strings.ToUpper(r.Status))
	}
	if err := table.Append(overall...); err != nil {
		return err
	}
	for _, key := range keys {
		row := []any{key}
		for i := range reports {
			s := status[key][i]
			if s == "" {
				s = "-"
			}
			row = append(row, s)
		}
		if err := table.Append(row...); err != nil {
			return err
		}
	}
	return table.Render()
}
