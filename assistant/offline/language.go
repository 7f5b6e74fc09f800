package offline

import (
	"math/bits"
	"strings"
)

// DetectLanguage says which of en, it, es, fr and pt text is written in, with a confidence from 0
// to 1; it returns "" and 0 when the text is too short or too mixed to tell.
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
	text = head(text)
	var score [5]float64
	for _, r := range text {
		for _, c := range letterHints[r] {
			score[c.lang] += c.weight
		}
	}
	for _, w := range Words(text) {
		f := fold(w)
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
	en = iota
	it
	es
	fr
	pt
)

type hint struct {
	lang   int
	weight float64
}

// letterHints are letters only some of the five languages write.
var letterHints = map[rune][]hint{
	'ñ': {{es, 2}}, '¿': {{es, 2}}, '¡': {{es, 2}},
	'ã': {{pt, 2}}, 'õ': {{pt, 2}},
	'ì': {{it, 1.5}}, 'ò': {{it, 1.5}},
	'î': {{fr, 1.5}}, 'û': {{fr, 1.5}}, 'œ': {{fr, 2}}, 'ë': {{fr, 1}}, 'ï': {{fr, 1}},
	'è': {{it, 0.5}, {fr, 0.7}}, 'ù': {{it, 0.3}, {fr, 0.7}},
	'ç': {{fr, 0.6}, {pt, 0.6}}, 'ê': {{fr, 0.5}, {pt, 0.5}}, 'â': {{fr, 0.3}, {pt, 0.3}},
	'ô': {{fr, 0.3}, {pt, 0.3}},
	'á': {{es, 0.4}, {pt, 0.4}}, 'í': {{es, 0.4}, {pt, 0.3}}, 'ó': {{es, 0.5}, {pt, 0.3}},
	'ú': {{es, 0.4}, {pt, 0.3}},
}

// suffixHints are word endings typical of one language.
var suffixHints = []struct {
	suffix string
	lang   int
	weight float64
}{
	{"ção", pt, 1.5}, {"ções", pt, 1.5}, {"ões", pt, 1}, {"mos", es, 0.2},
	{"ción", es, 1.5}, {"ciones", es, 1.5}, {"dad", es, 0.7}, {"ado", es, 0.2}, {"ando", es, 0.2},
	{"zione", it, 1.5}, {"zioni", it, 1.5}, {"mente", it, 0.2}, {"iamo", it, 0.7}, {"ato", it, 0.3}, {"etto", it, 0.5},
	{"ment", fr, 0.5}, {"eux", fr, 0.7}, {"aux", fr, 0.5}, {"eau", fr, 0.7}, {"ique", fr, 0.3}, {"ée", fr, 0.7},
	{"ing", en, 0.7}, {"tion", en, 0.3}, {"ness", en, 0.7}, {"ly", en, 0.4}, {"ould", en, 0.7},
	{"ado", pt, 0.2}, {"ando", pt, 0.1}, {"dade", pt, 0.7}, {"inho", pt, 0.5},
}
