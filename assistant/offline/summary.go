package offline

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/switchboardhq/switchboard"
)

// Turn is one author's message in a conversation, for Summarise.
type Turn struct {
	Author string // customer or agent
	Text   string
}

// Summarise bounds: the last maxSummaryTurns turns, each read up to maxSummaryTurnBytes.
const (
	maxSummaryTurns     = 200
	maxSummaryTurnBytes = 4 << 10
)

// sentence is one sentence of a conversation.
type sentence struct {
	turn, pos int // the turn it is in, its place in the conversation
	author    string
	text      string
	terms     []string
	score     float64
}

// Summarise returns an extractive summary of a conversation: its maxSentences (3 when 0 or
// less) most telling sentences, in their original order, each run of them from one turn on a
// line that says who wrote it ("Customer: …", "Agent: …"). A sentence tells more when its terms
// recur in the conversation, when it names a reference (an order number, an amount, a date),
// when it is the customer's first request or in the last turns; greetings and thanks tell
// little. The same turns always give the same summary.
func Summarise(turns []Turn, maxSentences int) string {
	if maxSentences <= 0 {
		maxSentences = 3
	}
	if len(turns) > maxSummaryTurns {
		turns = turns[len(turns)-maxSummaryTurns:]
	}
	var all []sentence
	freq := map[string]int{}
	for ti, t := range turns {
		for _, s := range splitSentences(switchboard.CutText(t.Text, maxSummaryTurnBytes)) {
			st := sentence{turn: ti, pos: len(all), author: t.Author, text: s, terms: terms(s)}
			seen := map[string]bool{}
			for _, term := range st.terms {
				if !seen[term] {
					seen[term] = true
					freq[term]++
				}
			}
			all = append(all, st)
		}
	}
	if len(all) == 0 {
		return ""
	}
	firstCustomer := -1
	for i := range all {
		s := &all[i]
		seen := map[string]bool{}
		var sum float64
		for _, term := range s.terms {
			if !seen[term] {
				seen[term] = true
				sum += float64(freq[term])
			}
		}
		s.score = sum / math.Sqrt(float64(len(seen))+1)
		s.score += 1.5 * float64(len(References(s.text)))
		if len(seen) < 3 {
			s.score *= 0.3 // "Hi!", "Thanks a lot."
		}
		if s.author == "customer" && firstCustomer < 0 && len(seen) >= 3 {
			firstCustomer = i
			s.score += 3
		}
		if s.turn >= len(turns)-2 {
			s.score += 1
		}
	}
	best := make([]int, len(all))
	for i := range best {
		best[i] = i
	}
	sort.SliceStable(best, func(a, b int) bool { return all[best[a]].score > all[best[b]].score })
	if len(best) > maxSentences {
		best = best[:maxSentences]
	}
	sort.Ints(best)
	var b strings.Builder
	for k, i := range best {
		s := all[i]
		if k > 0 && all[best[k-1]].turn == s.turn {
			b.WriteString(" ")
		} else {
			if k > 0 {
				b.WriteString("\n")
			}
			b.WriteString(authorName(s.author))
			b.WriteString(": ")
		}
		b.WriteString(s.text)
	}
	return b.String()
}

func authorName(author string) string {
	if author == "agent" {
		return "Agent"
	}
	return "Customer"
}

// abbreviations end with a point that does not end a sentence (lower-cased, point included).
var abbreviations = map[string]bool{
	"n.": true, "nr.": true, "no.": true, "num.": true, "dr.": true, "mr.": true, "mrs.": true,
	"ms.": true, "sr.": true, "sra.": true, "sig.": true, "sig.ra": true, "mme.": true, "m.": true,
	"e.g.": true, "i.e.": true, "p.es.": true, "ecc.": true, "etc.": true, "pag.": true, "tel.": true,
	"av.": true, "ca.": true, "approx.": true, "vs.": true,
}

// splitSentences splits a text into sentences: at line breaks, and after ".", "!", "?" or "…"
// followed by a space and a capital, a digit or an opening "¿", "¡" or quote — not after an
// abbreviation ("n.", "Sig.", "e.g.") or a single letter.
func splitSentences(text string) []string {
	var out []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" && strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			out = append(out, s)
		}
	}
	for _, line := range strings.Split(text, "\n") {
		start := 0
		for i, r := range line {
			if r != '.' && r != '!' && r != '?' && r != '…' {
				continue
			}
			end := i + utf8.RuneLen(r)
			rest := line[end:]
			trimmed := strings.TrimLeft(rest, ".!?…\"'”»)")
			after := strings.TrimLeft(trimmed, " \t")
			if len(after) == len(trimmed) || after == "" {
				continue // no space after, or the end of the line
			}
			next, _ := utf8.DecodeRuneInString(after)
			if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune("¿¡\"'«“", next) {
				continue
			}
			if r == '.' {
				fields := strings.Fields(line[start:end])
				last := strings.ToLower(fields[len(fields)-1])
				if word := strings.TrimSuffix(last, "."); abbreviations[last] || utf8.RuneCountInString(word) == 1 && unicode.IsLetter([]rune(word)[0]) {
					continue
				}
			}
			cut := end + len(rest) - len(trimmed)
			add(line[start:cut])
			start = cut
		}
		add(line[start:])
	}
	return out
}
