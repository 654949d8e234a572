package checks

import "strings"

// DidYouMean returns `; did you mean "x"?` for the closest candidate within
// a small edit distance, or "" when nothing is close.
func DidYouMean(word string, candidates []string) string {
	best, bestDist := "", len(word)/2+2
	for _, c := range candidates {
		d := distance(strings.ToLower(word), strings.ToLower(c))
		if strings.HasSuffix(c, "."+word) || strings.HasPrefix(c, word+".") {
			d = 1 // "tcp" for "net.tcp"
		}
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" || bestDist == 0 && best == word {
		return ""
	}
	return "; did you mean \"" + best + "\"?"
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
