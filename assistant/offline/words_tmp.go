package offline

import (
	"strings"
	"unicode"
)

// Words splits text into lower-cased words: runs of letters and digits (an apostrophe inside a
// word splits it, so "l'ordine" gives "l" and "ordine").
//
// TEMPORARY: H-lang's tokens.go defines the package's Words; this file only lets the package
// compile on its own and must be dropped when the branches are merged.
func Words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}
