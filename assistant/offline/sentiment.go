package offline

import (
	"math"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// Sentiment thresholds: a score at or above sentimentPositive reads positive, at or below
// sentimentNegative negative, neutral in between.
const (
	sentimentPositive = 0.3
	sentimentNegative = -0.2
)

// SentimentOf reads how text sounds in lang (one of en, it, es, fr, pt; an empty or other lang is
// read with all five lexicons, the strongest reading winning) and returns its sentiment and a
// score in [-1, 1].
//
// It sums the weights of the lexicon's words and phrases (lexicon/LANG.txt, longest phrase
// first), flipping a word that a negator precedes within three words ("not good", "non
// funziona", "ne marche pas"; a negated negative word only weakly turns positive), multiplying
// one an intensifier precedes ("very bad") and adding emoji and emoticons. Exclamation marks
// ("!!!") strengthen the whole. A negator reaches no further than its clause (up to the next
// punctuation), and a positive word in a question ("is it good?") counts for nothing. The sum s
// becomes s/√(s²+4), so one mild word reads ±0.45 and the score approaches ±1 as evidence adds
// up.
func SentimentOf(text, lang string) (switchboard.Sentiment, float64) {
	text = capInput(text)
	cls := clauses(text)
	sum := strongest(lang, func(lex *lexicon) float64 { return sentimentSum(lex, cls) })
	sum += emojiScore(text)
	if bangs := strings.Count(text, "!"); bangs >= 2 && sum != 0 {
		sum *= 1.3
	}
	score := sum / math.Sqrt(sum*sum+4)
	switch {
	case score >= sentimentPositive:
		return switchboard.SentimentPositive, score
	case score <= sentimentNegative:
		return switchboard.SentimentNegative, score
	}
	return switchboard.SentimentNeutral, score
}

// negationWindow is how many words after a negator it still applies to.
const negationWindow = 3

// clause is the folded words of a part of a text between punctuation marks.
type clause struct {
	words    []string
	question bool
}

// clauses splits text at punctuation into clauses; one that ends with "?" or follows "¿" is a
// question.
func clauses(text string) []clause {
	var cls []clause
	start, question := 0, false
	for i, r := range text {
		switch r {
		case '¿':
			question = true
		case '.', ',', ';', ':', '!', '?', '\n', '¡', '(', ')':
			if r == '?' {
				question = true
			}
			if ws := foldedWords(text[start:i]); len(ws) > 0 {
				cls = append(cls, clause{ws, question})
			}
			start, question = i+1, r == '¿'
		}
	}
	if ws := foldedWords(text[start:]); len(ws) > 0 {
		cls = append(cls, clause{ws, question})
	}
	return cls
}

// sentimentSum is the sum of the sentiment weights of clauses in one lexicon.
func sentimentSum(lex *lexicon, cls []clause) float64 {
	var sum float64
	for _, c := range cls {
		sum += clauseSum(lex, c)
	}
	return sum
}

// clauseSum is the sum of the sentiment weights of one clause.
func clauseSum(lex *lexicon, c clause) float64 {
	var sum float64
	negatedUntil, intensity, intenseUntil := -1, 1.0, -1
	scanPhrases(lex.sentiment, c.words, func(e lexEntry, i, end int) {
		switch e.kind {
		case kNot:
			negatedUntil = end + negationWindow
		case kMore:
			intensity, intenseUntil = 1.5, end+2
		case kLess:
			intensity, intenseUntil = 0.5, end+2
		case kSentiment:
			w := e.weight
			if i < intenseUntil {
				w *= intensity
			}
			if i < negatedUntil {
				if w > 0 {
					w = -w
				} else {
					w = -w * 0.3
				}
			}
			if c.question && w > 0 {
				w = 0
			}
			sum += w
		}
	})
	return sum
}

// emojiScore is the sentiment of the emoji and emoticons in text.
func emojiScore(text string) float64 {
	var sum float64
	for _, r := range text {
		if w, ok := emoji[r]; ok {
			sum += w
		}
	}
	for _, e := range emoticons {
		if n := strings.Count(text, e.text); n > 0 {
			sum += float64(n) * e.weight
		}
	}
	return sum
}

var emoji = map[rune]float64{
	'😀': 2, '😃': 2, '😄': 2, '😁': 2, '😊': 2, '🙂': 1, '😍': 3, '🥰': 3, '😘': 2, '🤩': 3,
	'👍': 2, '👏': 2, '🙏': 1, '❤': 3, '💙': 2, '💚': 2, '💯': 2, '🎉': 2, '✅': 1, '😎': 1,
	'😂': 1, '🤗': 2, '⭐': 1, '🌟': 2,
	'😞': -2, '😟': -2, '😠': -3, '😡': -3, '🤬': -3, '😤': -2, '😢': -2, '😭': -2, '😩': -2,
	'😫': -2, '🙁': -1, '☹': -2, '👎': -2, '💩': -3, '😒': -2, '🙄': -2, '😕': -1, '😣': -2,
}

var emoticons = []struct {
	text   string
	weight float64
}{
	{":)", 2}, {":-)", 2}, {":D", 2}, {";)", 1}, {"<3", 2}, {":(", -2}, {":-(", -2}, {":'(", -2},
	{">:(", -1},
}
