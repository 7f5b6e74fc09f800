package offline

import (
	"strings"
	"unicode"
)

// Words splits text into lower-cased words: runs of letters and digits (an apostrophe inside a
// word splits it, so "l'ordine" gives "l" and "ordine").
//
// TEMPORARY: H-lang's tokens.go defines the package's Words and foldAccents; this file only
// lets the package compile on its own and must be dropped when the branches are merged.
func Words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// foldAccents maps the accented letters of en/it/es/fr/pt to ASCII ("perché" -> "perche").
//
// TEMPORARY, like Words: H-lang's tokens.go defines it.
func foldAccents(word string) string { return accents.Replace(word) }

var accents = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ã", "a", "ä", "a",
	"è", "e", "é", "e", "ê", "e", "ë", "e",
	"ì", "i", "í", "i", "î", "i", "ï", "i",
	"ò", "o", "ó", "o", "ô", "o", "õ", "o", "ö", "o",
	"ù", "u", "ú", "u", "û", "u", "ü", "u",
	"ç", "c", "ñ", "n", "œ", "oe", "æ", "ae", "ÿ", "y",
)
