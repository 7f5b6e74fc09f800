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
//	urgent asap           asks for speed
//	time today            a moment a deadline names; by before: what makes it one ("by tomorrow")
//	repeat third time     the customer has asked before
//	outage down           something stopped working for everyone
//	calm fyi              needs no answer soon
//	lang the and of       common words of the language (several per line), for DetectLanguage
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
	kUrgent
	kTime
	kBy
	kRepeat
	kOutage
	kCalm
)

var lexKindNames = map[string]lexKind{
	"not": kNot, "more": kMore, "less": kLess, "urgent": kUrgent, "time": kTime, "by": kBy,
	"repeat": kRepeat, "outage": kOutage, "calm": kCalm,
}

// lexEntry is one phrase of a lexicon.
type lexEntry struct {
	words  []string
	kind   lexKind
	weight float64
}

// lexicon is one language's phrases, indexed by their first word, longest first: those
// SentimentOf reads (sentiment words, negators, intensifiers) apart from those UrgencyOf reads, so
// a phrase of one never hides a word of the other.
type lexicon struct {
	sentiment, urgency map[string][]lexEntry
}

// scanPhrases calls fn for each entry of index found in words, left to right, the longest phrase at
// each place, with where it starts and ends.
func scanPhrases(index map[string][]lexEntry, words []string, fn func(e lexEntry, start, end int)) {
	for i := 0; i < len(words); {
		e, ok := matchPhrase(index, words, i)
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

// parseLexicon reads a lexicon file; words are its lang words plus every one-word entry.
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
		if len(ws) == 1 {
			words = append(words, ws[0])
		}
		index := lex.urgency
		if e.kind <= kLess {
			index = lex.sentiment
		}
		index[ws[0]] = append(index[ws[0]], e)
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

// foldedWords returns the folded words of the first maxInput bytes of text.
func foldedWords(text string) []string {
	ws := Words(capInput(text))
	for i, w := range ws {
		ws[i] = foldAccents(w)
	}
	return ws
}
