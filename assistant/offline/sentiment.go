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
// punctuation), and a positive word in a question ("is it good?") counts for nothing. A contrast
// ("but", "ma", "pero", "mais", "mas") leaves little of the feeling before it, and a courtesy
// thanks counts only when nothing contradicts it (see sentimentSum). Praise beside a complaint
// and a repetition marker ("Great, late again"), or beside 🙄 or 🙃, is sarcasm; one mild complaint
// word inside a question is damped; "booked X … got Y" and "no longer" ("non … più", "ne …
// plus") are complaints; a superlative ("gentilissimo", "rapidísima") is its root ×1.5. The sum s
// becomes s/√(s²+4), so one mild word reads ±0.45 and the score approaches ±1 as evidence adds
// up. Applause (👏, 👌) beside a complaint is sarcasm, a thanks beside "received" a receipt,
// and an out-of-office reply neutral.
func SentimentOf(text, lang string) (switchboard.Sentiment, float64) {
	text = capInput(text)
	cls := clauses(text)
	ironic := strings.ContainsAny(text, "🙄🙃")
	clap := strings.ContainsAny(text, "👏👌")
	sum := strongest(lang, func(lex *lexicon) float64 { return sentimentSum(lex, cls, ironic, clap) })
	if sum > 0 && awayReply(foldedWords(text), lang) {
		// An out-of-office reply thanks by rote ("Thank you for your email, I am away until …").
		return switchboard.SentimentNeutral, 0
	}
	if e := emojiScore(text); !(clap && sum < 0 && e > 0) {
		// 👏 or 👌 beside a complaint is applause for nothing ("Bravo, two hours on hold 👏").
		sum += e
	}
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

// thanksWeight is the weight of a courtesy thanks (lexicon kind "thanks") when it counts.
const thanksWeight = 2

// thanksReach is how many words into a message with no other feeling a thanks still counts:
// "Got it, thanks!" is thanks, "… change my address please. Thanks, Mark" a sign-off.
const thanksReach = 5

// contrastDamping is what a contrast ("but", "ma", "pero", "mais", "mas") leaves of the feeling
// before it: "works great overall, but the export keeps crashing" reads as the complaint.
const contrastDamping = 0.3

// questionDamping is what a question or request leaves of a single mild complaint word: "could I
// book a late arrival?" asks, it does not complain.
const questionDamping = 0.3

// swapWeight is the weight of something other than what was asked for ("we booked a sea view and
// got the car park"), and noMoreWeight that of "no longer" ("non funziona più", "ne marche plus").
const (
	swapWeight   = -2
	noMoreWeight = -2
	// shortWeight is the weight of a count short of what was due ("arrived 2 of 4", "3 su 5").
	shortWeight = -2
)

// reading is the running sentiment of a text: the feeling of its words, positive and negative
// apart, and its courtesy thanks apart.
type reading struct {
	pos, neg, thanks float64
	negHits          int     // negative words and phrases read
	askNeg           float64 // the part of neg read in questions
	thanksAt         int     // the word index of the first thanks, -1 for none
	question         bool
	words            int  // words read so far
	irony            bool // a repetition or irony marker ("again", "as usual", "otra vez")
	ack              bool // an acknowledgement ("received", "ricevuto", "bien reçu")
	expected, swap   bool // something asked for ("booked", "ordered") and something else given
}

// sentimentSum is the sum of the sentiment weights of clauses in one lexicon, ironic when an
// eye-roll emoji is in the text; clap (👏 or 👌) is an irony marker like "again". A thanks beside an
// acknowledgement and a follow-up ("received, thanks, I'll get back to you") is a receipt and
// counts for nothing. A courtesy thanks counts only when nothing contradicts it: not
// beside a question or a complaint, and, in a message with no other feeling, only near its start
// (a thanks that closes a request is a sign-off). Praise beside a complaint and a repetition
// marker ("Great, late again"), or beside an eye-roll, is sarcasm and counts against; one mild
// complaint word inside a question ("could I book a late arrival?") is a question.
func sentimentSum(lex *lexicon, cls []clause, ironic, clap bool) float64 {
	r := reading{thanksAt: -1, irony: clap}
	for _, c := range cls {
		r.question = r.question || c.question
		clauseSum(lex, c, &r)
		r.words += len(c.words)
	}
	if r.swap && r.pos == 0 {
		r.neg += swapWeight
		r.negHits++
	}
	if r.ack && r.words > thanksReach {
		// "Received, thanks. I'll get back to you next week" is a receipt; "Received, thanks!"
		// alone is thanks; "ok", "vale" or "perfetto" beside it are the receipt too.
		r.thanks = 0
		if r.pos <= 1 {
			r.pos = 0
		}
	}
	other := r.pos + r.neg
	switch {
	case r.pos > 0 && (ironic || r.irony && r.neg < 0):
		other = r.neg - r.pos
	case r.negHits == 1 && r.pos == 0 && r.neg >= -1 && r.askNeg == r.neg:
		other = r.neg * questionDamping
	}
	switch {
	case other > 0:
		return other + r.thanks
	case other < 0, r.question, r.thanksAt >= thanksReach:
		return other
	}
	return r.thanks
}

// clauseSum adds the sentiment weights of one clause to r.
func clauseSum(lex *lexicon, c clause, r *reading) {
	negatedUntil, intensity, intenseUntil := -1, 1.0, -1
	scanPhrases(lex.sentiment, c.words, superlative, func(e lexEntry, i, end int) {
		switch e.kind {
		case kNot:
			negatedUntil = end + negationWindow
		case kMore:
			intensity, intenseUntil = 1.5, end+2
		case kLess:
			intensity, intenseUntil = 0.5, end+2
		case kBut:
			r.pos *= contrastDamping
			r.neg *= contrastDamping
			r.thanks = 0
		case kIrony:
			r.irony = true
		case kExpect:
			r.expected = true
		case kAck:
			r.ack = true
		case kOf:
			// "3 boxes of 5", "2 su 4": a number just before and one just after.
			if end < len(c.words) && c.words[end] == "0" &&
				(i >= 1 && c.words[i-1] == "0" || i >= 2 && c.words[i-2] == "0") {
				r.neg += shortWeight
				r.negHits++
			}
		case kGiven:
			r.swap = r.swap || r.expected
		case kNoMore:
			if i < negatedUntil {
				r.neg += noMoreWeight
				r.negHits++
			}
		case kThanks:
			if c.question {
				return
			}
			if r.thanksAt < 0 {
				r.thanksAt = r.words + i
			}
			w := e.weight
			if i < intenseUntil {
				w *= intensity
			}
			r.thanks += w
		case kSentiment:
			w := e.weight
			if i < intenseUntil {
				w *= intensity
			}
			if i < negatedUntil && !e.negated {
				if w > 0 {
					w = -w
				} else {
					w = -w * 0.3
				}
			}
			if c.question && w > 0 {
				w = 0
			}
			if w > 0 {
				r.pos += w
			} else if w < 0 {
				r.neg += w
				r.negHits++
				if c.question {
					r.askNeg += w
				}
			}
		}
	})
}

// superlatives are the folded endings of the Italian, Spanish and Portuguese absolute superlative
// ("gentilissimo", "rapidísima", "velocíssimos"), longest first.
var superlatives = []string{"issimos", "issimas", "isimos", "isimas", "issimo", "issima", "issimi",
	"issime", "isimo", "isima"}

// superlative reads w as the absolute superlative of a one-word sentiment entry of index, half as
// strong again ("gentilissimo" is "gentile" ×1.5, "lentíssimo" "lento" ×1.5), trying the root's
// usual endings ("majísimo" -> "majo", "velocísimo" -> "veloz", "amabilísimo" -> "amable").
func superlative(index map[string][]lexEntry, w string) (lexEntry, bool) {
	if n := len(w); n < 7 || w[n-4:n-1] != "sim" && w[n-5:n-2] != "sim" {
		return lexEntry{}, false
	}
	root := ""
	for _, suf := range superlatives {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
			root = w[:len(w)-len(suf)]
			break
		}
	}
	if root == "" {
		return lexEntry{}, false
	}
	cands := []string{root + "o", root + "e", root, root + "a", root + "i"}
	switch {
	case strings.HasSuffix(root, "c"):
		cands = append(cands, root[:len(root)-1]+"z")
	case strings.HasSuffix(root, "qu"):
		cands = append(cands, root[:len(root)-2]+"co")
	case strings.HasSuffix(root, "gu"):
		cands = append(cands, root[:len(root)-2]+"go")
	case strings.HasSuffix(root, "bil"):
		cands = append(cands, root[:len(root)-3]+"ble", root[:len(root)-3]+"vel")
	}
	for _, cand := range cands {
		for _, e := range index[cand] {
			if e.kind == kSentiment && len(e.words) == 1 {
				e.weight = math.Max(-3, math.Min(3, e.weight*1.5))
				return e, true
			}
		}
	}
	return lexEntry{}, false
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
	'🙃': -2, '🤦': -2, '🙌': 2, '🥳': 2, '💪': 1, '😋': 2,
}

var emoticons = []struct {
	text   string
	weight float64
}{
	{":)", 2}, {":-)", 2}, {":D", 2}, {";)", 1}, {"<3", 2}, {":(", -2}, {":-(", -2}, {":'(", -2},
	{">:(", -1},
}
