package checks

import "strings"

// DidYouMean returns `; did you mean "x"?` for the closest candidate within
// a small edit distance, or "" when nothing is close.
func DidYouMean(word string, candidates []string) string {
	// Close means a few edits, and fewer than the word has letters: "zz"
	// is not a typo of "f".
	best, bestDist := "", min(max(2, len(word)/3), len(word)-1)+1
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

// distance is the optimal string alignment distance between a and b:
// Levenshtein plus transpositions, the commonest typo ("dsn" for "dns").
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
