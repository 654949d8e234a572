package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tsrhq/tsr/checks"
)

// The counting of results (Summary) and of machines (FleetSummary) by
// status: each keeps one counter per status, listed in checks.Statuses
// order by its counters method, and these helpers do the rest.

// countStatus adds one to the counter of status; false for a status tsr
// does not know, which no counter takes.
func countStatus(counters []*int, status checks.Status) bool {
	i := slices.Index(checks.Statuses, status)
	if i < 0 {
		return false
	}
	*counters[i]++
	return true
}

// countsOf reads the counters.
func countsOf(counters []*int) []int {
	out := make([]int, len(counters))
	for i, n := range counters {
		out[i] = *n
	}
	return out
}

// countsText says the counts in words: "3 pass, 1 warn, 0 fail, 0 error, 0 skip".
func countsText(counts []int) string {
	parts := make([]string, len(counts))
	for i, n := range counts {
		parts[i] = fmt.Sprintf("%d %s", n, checks.Statuses[i])
	}
	return strings.Join(parts, ", ")
}

// statusColumns are the column names of a table that counts by status:
// before, a column per status, then after.
func statusColumns(before []string, after ...string) []string {
	return append(append(before, checks.Strings(checks.Statuses)...), after...)
}
