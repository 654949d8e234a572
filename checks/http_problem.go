package checks

import (
	"errors"
	"strconv"
)

// httpMaxRedirects is how many redirects an HTTP request of tsr follows.
const httpMaxRedirects = 10

// errTooManyRedirects ends a request that was redirected more often.
var errTooManyRedirects = errors.New("too many redirects")

// httpProblem names a failed request's error kind and says it in words.
func httpProblem(err error) (kind ErrorKind, words string) {
	if errors.Is(err, errTooManyRedirects) {
		return ErrorKindTooManyRedirects, "more than " + strconv.Itoa(httpMaxRedirects) + " redirects"
	}
	if kind, words := tlsProblem(err); kind != "" {
		return kind, words
	}
	kind = ErrorKindOf(err)
	return kind, whyKind(kind, err)
}
