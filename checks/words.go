package checks

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Plural picks the word for n things: one for 1, many otherwise
// ("check"/"checks", "answers"/"answer" after a subject).
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Quantity writes n things of a noun that takes an s: "1 DNS server", "2 DNS servers".
func Quantity(n int, noun string) string {
	return strconv.Itoa(n) + " " + Plural(n, noun, noun+"s")
}

// Shorten cuts s to at most n characters, the last of them "…", without
// splitting a character: what a message, a log line or a progress line
// shows of a text that may be long.
func Shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:max(n-1, 0)]) + "…"
}

// joinKnown joins the parts that are known with spaces.
func joinKnown(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " ")
}

// OneOf lists choices for a message: "fail or warn", "none, secrets or pii".
func OneOf(choices []string) string {
	if len(choices) < 2 {
		return strings.Join(choices, "")
	}
	return strings.Join(choices[:len(choices)-1], ", ") + " or " + choices[len(choices)-1]
}
