package checks

import (
	"testing"

	"gopkg.in/yaml.v3"
)

// FuzzParseMatcher: any matcher text, for any kind, parses or is refused
// with an error; a parsed matcher can be applied and printed.
func FuzzParseMatcher(f *testing.F) {
	for _, s := range []string{`"< 300ms"`, "[1, 2]", "{not: {contains: x}}", `{matches: "("}`, `">= 5GiB"`, "true", `"< 85%"`, "{not: {not: [a]}}"} {
		f.Add(s)
	}
	kinds := []Kind{KindBool, KindInt, KindFloat, KindString, KindDuration, KindBytes, KindPercent, KindList, KindIP}
	samples := []any{true, int64(3), 2.5, "x", int64(1 << 30), []string{"a"}}
	f.Fuzz(func(t *testing.T, src string) {
		var raw any
		if yaml.Unmarshal([]byte(src), &raw) != nil {
			return
		}
		for _, k := range kinds {
			m, err := ParseMatcher(raw, k)
			if err != nil {
				continue
			}
			_ = m.Text()
			for _, s := range samples {
				m.Match(s, true)
			}
			m.Match(nil, false)
		}
	})
}
