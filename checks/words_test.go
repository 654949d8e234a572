package checks

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Shorten keeps text up to its limit whole, and cuts longer text to the
// limit in characters, the last one "…", never through a character.
func TestShortenCountsCharacters(t *testing.T) {
	cases := []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 3, "abc"},
		{"abcd", 3, "ab…"},
		{strings.Repeat("é", 10), 10, strings.Repeat("é", 10)},
		{strings.Repeat("é", 11), 10, strings.Repeat("é", 9) + "…"},
		{"日本語のログ行", 4, "日本語…"},
	}
	for _, c := range cases {
		got := Shorten(c.in, c.n)
		if got != c.want {
			t.Errorf("Shorten(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > c.n {
			t.Errorf("Shorten(%q, %d) = %q: not valid text of at most %d characters", c.in, c.n, got, c.n)
		}
	}
}
