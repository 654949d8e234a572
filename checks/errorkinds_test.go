package checks

import (
	"slices"
	"testing"
)

// TestErrorKindsAreKnown: every error kind a type declares is one the docs
// and `fix` validation know, with words for a person.
func TestErrorKindsAreKnown(t *testing.T) {
	known := AllErrorKinds()
	for _, typ := range All() {
		for _, kind := range typ.PossibleErrorKinds() {
			if !slices.Contains(known, kind) || kind.Meaning() == "" {
				t.Errorf("%s: error kind %q has no meaning in errorKindWords or errorKindDocs", typ.Name, kind)
			}
		}
	}
	for _, s := range Statuses {
		if s.Meaning() == "" {
			t.Errorf("status %s has no meaning", s)
		}
	}
	if Explain(ErrorKindOther) != "other" || Explain(ErrorKindRefused) == "refused" {
		t.Error("Explain must leave other as it is (Why quotes the error) and say refused in words")
	}
}
