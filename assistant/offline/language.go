package offline

import (
	"math/bits"
	"strings"
)

// DetectLanguage says which of en, it, es, fr and pt text is written in, with a confidence from
// 0 to 1; it returns "" and 0 when the text is too short or too mixed to tell.
//
// It is a small model of our own for exactly these five languages: the common words of each
// (lexicon/*.txt "lang" lines plus every one-word lexicon entry, a word shared by several
// languages counting for each in part, matched with or without accents), letters only some of
// them write (ñ ¿ ¡ for Spanish, ã õ for Portuguese, ì ò for Italian, î û œ for French…) and
// word endings (-ção, -ción, -zione, -ment, -ing…). Measured on testdata/eval.tsv (280 customer
// messages, 56 per language, 37 of them six words or fewer) against the two Go libraries,
// restricted to the same five languages, and on the binary of cmd/switchboard (36.29 MB):
//
//	                                  eval.tsv   ≤6 words   per message   cmd/switchboard
//	github.com/abadojack/whatlanggo   258/280    27/37      77 µs         +0.44 MB
//	github.com/pemistahl/lingua-go    279/280    36/37      1.9 ms        +130.4 MB (→ 166.7 MB)
//	this model                        278/280    35/37      9.5 µs        +0.08 MB (with lexicons)
//
// On the blind set (testdata/blind.tsv, written after all tuning) it reads 49/50. whatlanggo
// (trigrams over 84 languages, made for longer text) confuses Spanish with Portuguese and English
// with French on short chat lines; lingua-go is the most accurate but multiplies the binary by
// 4.6 and loads large models into memory. Ours needs no dependency, is within a message or two of
// lingua on customer messages, and costs microseconds. Its figures on eval.tsv are those of a set
// its author also wrote the word lists beside; the blind set is the fairer estimate.
func DetectLanguage(text string) (lang string, confidence float64) {
	text = capInput(text)
	var score [5]float64
	for _, r := range text {
		for _, c := range letterHints[r] {
			score[c.lang] += c.weight
		}
	}
	for _, w := range Words(text) {
		f := foldAccents(w)
		if m := langWords[f]; m != 0 {
			share := 1 / float64(bits.OnesCount8(m))
			for i := range langs {
				if m&(1<<i) != 0 {
					score[i] += share
				}
			}
		}
		if len(w) < 5 {
			continue
		}
		for _, s := range suffixHints {
			if strings.HasSuffix(w, s.suffix) {
				score[s.lang] += s.weight
			}
		}
	}
	best, second := -1, -1
	for i := range score {
		if best < 0 || score[i] > score[best] {
			best, second = i, best
		} else if second < 0 || score[i] > score[second] {
			second = i
		}
	}
	if score[best] < 1 {
		return "", 0
	}
	margin := (score[best] - score[second]) / score[best]
	evidence := score[best] / 3
	if evidence > 1 {
		evidence = 1
	}
	confidence = margin * evidence
	if confidence < 0.05 {
		return "", 0
	}
	return langs[best], confidence
}

// Indices into langs.
const (
	langEN = iota
	langIT
	langES
	langFR
	langPT
)

type langHint struct {
	lang   int
	weight float64
}

// letterHints are letters only some of the five languages write.
var letterHints = map[rune][]langHint{
	'ñ': {{langES, 2}}, '¿': {{langES, 2}}, '¡': {{langES, 2}},
	'ã': {{langPT, 2}}, 'õ': {{langPT, 2}},
	'ì': {{langIT, 1.5}}, 'ò': {{langIT, 1.5}},
	'î': {{langFR, 1.5}}, 'û': {{langFR, 1.5}}, 'œ': {{langFR, 2}}, 'ë': {{langFR, 1}},
	'ï': {{langFR, 1}},
	'è': {{langIT, 0.5}, {langFR, 0.7}}, 'ù': {{langIT, 0.3}, {langFR, 0.7}},
	'ç': {{langFR, 0.6}, {langPT, 0.6}}, 'ê': {{langFR, 0.5}, {langPT, 0.5}},
	'â': {{langFR, 0.3}, {langPT, 0.3}}, 'ô': {{langFR, 0.3}, {langPT, 0.3}},
	'á': {{langES, 0.4}, {langPT, 0.4}}, 'í': {{langES, 0.4}, {langPT, 0.3}},
	'ó': {{langES, 0.5}, {langPT, 0.3}}, 'ú': {{langES, 0.4}, {langPT, 0.3}},
}

// suffixHints are word endings typical of one language.
var suffixHints = []struct {
	suffix string
	lang   int
	weight float64
}{
	{"ção", langPT, 1.5}, {"ções", langPT, 1.5}, {"ões", langPT, 1}, {"dade", langPT, 0.7},
	{"inho", langPT, 0.5}, {"ado", langPT, 0.2}, {"ando", langPT, 0.1},
	{"ción", langES, 1.5}, {"ciones", langES, 1.5}, {"dad", langES, 0.7}, {"ado", langES, 0.2},
	{"ando", langES, 0.2}, {"mos", langES, 0.2},
	{"zione", langIT, 1.5}, {"zioni", langIT, 1.5}, {"iamo", langIT, 0.7}, {"etto", langIT, 0.5},
	{"ato", langIT, 0.3}, {"mente", langIT, 0.2},
	{"ment", langFR, 0.5}, {"eux", langFR, 0.7}, {"aux", langFR, 0.5}, {"eau", langFR, 0.7},
	{"ée", langFR, 0.7}, {"ique", langFR, 0.3},
	{"ing", langEN, 0.7}, {"ness", langEN, 0.7}, {"ould", langEN, 0.7}, {"ly", langEN, 0.4},
	{"tion", langEN, 0.3},
}
