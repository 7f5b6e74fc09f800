// Package offline holds the assistant's built-in analysers: pure Go, no I/O, no database, nothing
// sent anywhere. They read English, Italian, Spanish, French and Portuguese (the languages of
// switchboard.AssistantLanguages) with word lists and lexicons shipped as package data
// (lexicon/*.txt), written for this package from general vocabulary.
package offline

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxInput is how much of a text the analysers read: the first 8 KiB. A customer's turn that
// long has said what it means by then, and the cost of an analysis stays bounded.
const maxInput = 8 << 10

// capInput returns the first maxInput bytes of text, cut at a rune boundary.
func capInput(text string) string {
	if len(text) <= maxInput {
		return text
	}
	i := maxInput
	for i > 0 && !utf8.RuneStart(text[i]) {
		i--
	}
	return text[:i]
}

// Words splits text into lower-cased words: runs of Unicode letters and digits. Everything else
// separates words, apostrophes included, so "l'ordine" gives "l", "ordine" and "don't" gives
// "don", "t". Every offline analyser reads text through it.
func Words(text string) []string {
	var words []string
	start := -1
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			words = append(words, strings.ToLower(text[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		words = append(words, strings.ToLower(text[start:]))
	}
	return words
}

// foldAccents removes the diacritics of the Latin letters the five languages use ("perché" ->
// "perche", "não" -> "nao"), so the lexicons match a customer who types without accents.
func foldAccents(word string) string {
	ascii := true
	for i := 0; i < len(word); i++ {
		if word[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return word
	}
	var b strings.Builder
	b.Grow(len(word))
	for _, r := range word {
		if f, ok := foldTable[r]; ok {
			b.WriteString(f)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var foldTable = func() map[rune]string {
	m := map[rune]string{'œ': "oe", 'æ': "ae", 'ß': "ss"}
	for base, accented := range map[string]string{
		"a": "àáâãäå", "c": "çć", "e": "èéêë", "i": "ìíîï", "n": "ñ",
		"o": "òóôõö", "u": "ùúûü", "y": "ýÿ",
	} {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()
