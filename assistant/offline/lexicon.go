package offline

import (
	"embed"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// The lexicons, one file per language (lexicon/en.txt …), written for this package from general
// vocabulary, not from the evaluation set. A line is a kind and a phrase (one or more words, read
// through Words and fold, so accents and apostrophes are optional):
//
//	+2 excellent          a sentiment word or phrase and its weight, -3 … +3 (0 neutralises a
//	                      phrase, e.g. "thank you in advance")
//	not not               a negator: flips the sentiment of what follows within three words
//	more very             an intensifier (×1.5); less a bit: a diminisher (×0.5)
//	thanks thank you      a courtesy thanks: +2 when it is what the message says, nothing in a
//	                      sign-off, beside a question or after a complaint (see SentimentOf)
//	but but               a contrast: what comes after it outweighs what came before
//	irony again           a repetition or irony marker: praise beside a complaint is sarcasm
//	expect booked         something asked for; given got: what came instead ("booked X, got Y")
//	nomore anymore        "no longer" after a negator ("non … più", "ne … plus", "não … mais")
//	ack received          an acknowledgement: a thanks beside it is a receipt, not praise
//	of out of             between two numbers, a count short of what was due ("2 of 4 arrived")
//	urgent asap           asks for speed
//	time today            a moment a deadline names; by before: what makes it one ("by tomorrow")
//	repeat third time     the customer has asked before
//	outage down           something stopped working for everyone
//	calm fyi              needs no answer soon
//	away auto reply       an automatic or out-of-office reply: low, whatever else it says
//	vulnerable baby       someone vulnerable is affected: adds to the urgency of a problem
//	none emergency exit   an urgency phrase that means nothing ("emergency exit"), hiding its words
//	lang the and of       common words of the language (several per line), for DetectLanguage
//
// A number in a phrase is written by its shape (numberShape): "0" for any number ("for 0 days"
// matches "for 10 days"), "0h" for a time of day ("5pm", "17h"), "0th" for an ordinal ("15th").
//
//go:embed lexicon/*.txt
var lexiconFS embed.FS

// lexKind is what a lexicon entry marks.
type lexKind uint8

const (
	kSentiment lexKind = iota
	kNot
	kMore
	kLess
	kThanks
	kBut
	kIrony
	kExpect
	kGiven
	kNoMore
	kAck
	kOf
	kUrgent
	kTime
	kBy
	kRepeat
	kOutage
	kCalm
	kAway
	kVulnerable
	kNone
)

var lexKindNames = map[string]lexKind{
	"not": kNot, "more": kMore, "less": kLess, "thanks": kThanks, "but": kBut, "urgent": kUrgent,
	"time": kTime, "by": kBy, "repeat": kRepeat, "outage": kOutage, "calm": kCalm,
	"irony": kIrony, "expect": kExpect, "given": kGiven, "nomore": kNoMore, "away": kAway,
	"vulnerable": kVulnerable, "none": kNone, "ack": kAck, "of": kOf,
}

// lexEntry is one phrase of a lexicon.
type lexEntry struct {
	words  []string
	kind   lexKind
	weight float64
	// negated is a sentiment phrase with its own negator ("not working", "toujours pas"): a
	// negator before it ("n'est toujours pas arrivé") does not flip it again.
	negated bool
}

// lexicon is one language's phrases, indexed by their first word, longest first: those
// SentimentOf reads (sentiment words, negators, intensifiers) apart from those UrgencyOf reads, so
// a phrase of one never hides a word of the other.
type lexicon struct {
	sentiment, urgency map[string][]lexEntry
}

// scanPhrases calls fn for each entry of index found in words, left to right, the longest phrase at
// each place, with where it starts and ends. A word no phrase starts with is given to more, when
// not nil, for a one-word entry it stands for (see superlative).
func scanPhrases(index map[string][]lexEntry, words []string, more func(index map[string][]lexEntry, w string) (lexEntry, bool),
	fn func(e lexEntry, start, end int)) {
	for i := 0; i < len(words); {
		e, ok := matchPhrase(index, words, i)
		if !ok && more != nil {
			e, ok = more(index, words[i])
		}
		if !ok {
			i++
			continue
		}
		end := i + len(e.words)
		fn(e, i, end)
		i = end
	}
}

// matchPhrase returns the longest entry of index starting at words[i].
func matchPhrase(index map[string][]lexEntry, words []string, i int) (lexEntry, bool) {
	for _, e := range index[words[i]] {
		if i+len(e.words) > len(words) {
			continue
		}
		ok := true
		for j := 1; j < len(e.words); j++ {
			if words[i+j] != e.words[j] {
				ok = false
				break
			}
		}
		if ok {
			return e, true
		}
	}
	return lexEntry{}, false
}

var (
	lexicons = map[string]*lexicon{}
	// langWords maps a folded common word to the set of languages (a bit per index in langs)
	// that use it.
	langWords = map[string]uint8{}
)

// langs are the languages the offline analysers read, in switchboard.AssistantLanguages order.
var langs = []string{"en", "it", "es", "fr", "pt"}

func init() {
	for i, lang := range langs {
		data, err := lexiconFS.ReadFile("lexicon/" + lang + ".txt")
		if err != nil {
			panic(err)
		}
		lex, words, err := parseLexicon(string(data))
		if err != nil {
			panic(fmt.Sprintf("offline: lexicon/%s.txt: %v", lang, err))
		}
		lexicons[lang] = lex
		for _, w := range words {
			langWords[w] |= 1 << i
		}
	}
}

// parseLexicon reads a lexicon file; words are its lang words plus every one-word entry but
// nomore.
func parseLexicon(data string) (*lexicon, []string, error) {
	lex := &lexicon{sentiment: map[string][]lexEntry{}, urgency: map[string][]lexEntry{}}
	var words []string
	for n, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, phrase, _ := strings.Cut(line, " ")
		ws := Words(phrase)
		for i := range ws {
			ws[i] = foldAccents(ws[i])
		}
		if len(ws) == 0 {
			return nil, nil, fmt.Errorf("line %d: no words", n+1)
		}
		if k == "lang" {
			words = append(words, ws...)
			continue
		}
		e := lexEntry{words: ws}
		if kk, ok := lexKindNames[k]; ok {
			e.kind = kk
		} else {
			w, err := strconv.ParseFloat(k, 64)
			if err != nil || w < -3 || w > 3 {
				return nil, nil, fmt.Errorf("line %d: unknown kind %q", n+1, k)
			}
			e.kind, e.weight = kSentiment, w
		}
		if len(ws) == 1 && e.kind != kNoMore {
			// "più", "plus", "mais" mark "no longer" in their language, but say too little
			// about which language it is ("mais" is also French).
			words = append(words, ws[0])
		}
		index := lex.urgency
		if e.kind == kThanks {
			e.weight = thanksWeight
		}
		if e.kind <= kOf {
			index = lex.sentiment
		}
		index[ws[0]] = append(index[ws[0]], e)
	}
	negators := map[string]bool{}
	for _, es := range lex.sentiment {
		for _, e := range es {
			if e.kind == kNot && len(e.words) == 1 {
				negators[e.words[0]] = true
			}
		}
	}
	for _, es := range lex.sentiment {
		for i, e := range es {
			for _, w := range e.words {
				if e.kind == kSentiment && len(e.words) > 1 && negators[w] {
					es[i].negated = true
				}
			}
		}
	}
	for _, index := range []map[string][]lexEntry{lex.sentiment, lex.urgency} {
		for _, es := range index {
			sort.SliceStable(es, func(i, j int) bool { return len(es[i].words) > len(es[j].words) })
		}
	}
	return lex, words, nil
}

// strongest returns f of lang's lexicon or, for an empty or other lang, the strongest (largest in
// magnitude) of f over all five.
func strongest(lang string, f func(*lexicon) float64) float64 {
	if lex := lexicons[lang]; lex != nil {
		return f(lex)
	}
	var best float64
	for _, l := range langs {
		if v := f(lexicons[l]); math.Abs(v) > math.Abs(best) {
			best = v
		}
	}
	return best
}

// foldedWords returns the folded words (foldWord, numbers by numberShape) of the first maxInput
// bytes of text.
func foldedWords(text string) []string {
	ws := Words(capInput(text))
	for i, w := range ws {
		ws[i] = numberShape(foldWord(w))
	}
	return ws
}

// foldWord is how the lexicons read a word: without accents and with a letter stretched for
// emphasis ("grazieee", "merciii", "thanksss", "sooo") cut back to one, or to two when only that
// is a known word ("coool" -> "cool").
func foldWord(w string) string {
	w = foldAccents(w)
	stretched := false
	for i := 2; i < len(w); i++ {
		if w[i] == w[i-1] && w[i] == w[i-2] {
			stretched = true
			break
		}
	}
	if !stretched {
		return w
	}
	one, two := squeeze(w, 1), squeeze(w, 2)
	if langWords[one] == 0 && langWords[two] != 0 {
		return two
	}
	return one
}

// squeeze cuts every run of three or more of one byte down to keep bytes; shorter runs stay.
func squeeze(w string, keep int) string {
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); {
		j := i
		for j < len(w) && w[j] == w[i] {
			j++
		}
		n := j - i
		if n >= 3 {
			n = keep
		}
		for k := 0; k < n; k++ {
			b = append(b, w[i])
		}
		i = j
	}
	return string(b)
}

// numberShape reads a number as its shape, so the lexicons can name it: "0" for any number
// ("for 10 days" is "for 0 days"), "0h" for a time of day ("5pm", "17h", "9am"), "0th" for an
// English ordinal ("the 15th", "1st").
func numberShape(w string) string {
	n := 0
	for n < len(w) && w[n] >= '0' && w[n] <= '9' {
		n++
	}
	if n == 0 {
		return w
	}
	switch w[n:] {
	case "":
		return "0"
	case "am", "pm", "h", "hs", "hrs":
		return "0h"
	case "st", "nd", "rd", "th":
		return "0th"
	}
	return w
}
