// Package lazyregexp holds regular expressions that are compiled the
// first time they are used rather than when the program starts.
//
// A package-level regexp.MustCompile runs in every process, whatever the
// command: tsr's redaction, review and log patterns cost more start-up
// than the rest of tsr's own set-up together, and `tsr version` or
// `tsr list` use none of them.
package lazyregexp

import (
	"regexp"
	"sync"
)

// Regexp is a regular expression compiled on first use. Its methods are
// those of regexp.Regexp that tsr uses; an invalid expression panics on
// first use, as regexp.MustCompile would at start-up.
type Regexp struct {
	re func() *regexp.Regexp
}

// New returns a Regexp for expr, not yet compiled.
func New(expr string) *Regexp {
	return &Regexp{re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })}
}

// Compiled is the compiled expression.
func (r *Regexp) Compiled() *regexp.Regexp { return r.re() }

func (r *Regexp) String() string             { return r.re().String() }
func (r *Regexp) MatchString(s string) bool  { return r.re().MatchString(s) }
func (r *Regexp) FindString(s string) string { return r.re().FindString(s) }
func (r *Regexp) FindStringSubmatch(s string) []string {
	return r.re().FindStringSubmatch(s)
}
func (r *Regexp) FindStringSubmatchIndex(s string) []int {
	return r.re().FindStringSubmatchIndex(s)
}
func (r *Regexp) FindAllString(s string, n int) []string {
	return r.re().FindAllString(s, n)
}
func (r *Regexp) FindAllStringIndex(s string, n int) [][]int {
	return r.re().FindAllStringIndex(s, n)
}
func (r *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	return r.re().FindAllStringSubmatch(s, n)
}
func (r *Regexp) ReplaceAllString(src, repl string) string {
	return r.re().ReplaceAllString(src, repl)
}
func (r *Regexp) ReplaceAllStringFunc(src string, repl func(string) string) string {
	return r.re().ReplaceAllStringFunc(src, repl)
}
