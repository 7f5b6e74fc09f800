package offline

import (
	"strings"

	"github.com/switchboardhq/switchboard"
)

// UrgencyOf says how soon text, written in lang, asks to be answered, given its sentiment s.
//
// It adds up evidence from the lexicon (lexicon/LANG.txt; an empty or other lang reads all
// five): a word that asks for speed ("urgent", "asap", "subito", "de inmediato", "tout de
// suite", "imediatamente") 3; a deadline ("by tomorrow", "entro venerdì") 3, a bare moment
// ("today") 1, or 2 in a complaint (a blocker before an event: "the show is tonight and the
// tickets don't show"); the customer has asked before ("third time I write", "still no answer")
// 3; something stopped working for everyone ("site down", "nothing works", "losing sales") 2;
// "!!!" 1; a near moment in capitals ("answer me TODAY") 3; someone vulnerable affected
// ("baby", "elderly") 1; a negative sentiment 1. It takes
// away what needs no answer soon ("FYI", "no rush") 2, and then a date is no deadline, and a
// positive sentiment 2, though praise leaves a deadline, a follow-up or a question at least
// normal. An automatic or out-of-office reply is low whatever else it says. Three or more is
// high, below zero low, normal between. Numbers are read by their shape ("before 5pm", "for 10
// days").
func UrgencyOf(text, lang string, s switchboard.Sentiment) switchboard.Urgency {
	text = capInput(text)
	words := foldedWords(text)
	score := int(strongest(lang, func(lex *lexicon) float64 {
		return float64(urgencyScore(lex, words, s == switchboard.SentimentNegative))
	}))
	if strings.Contains(text, "!!!") {
		score++
	}
	if shoutsNow(text) {
		score += 3
	}
	switch {
	case s == switchboard.SentimentNegative:
		score++
	case s == switchboard.SentimentPositive && (score >= 2 || strings.Contains(text, "?")):
		// Praise does not make a deadline, a follow-up or a question wait ("love it, but
		// will X come back?"); it only keeps them from being high.
		score = max(score-2, 0)
	case s == switchboard.SentimentPositive:
		score -= 2
	}
	switch {
	case score >= 3:
		return switchboard.UrgencyHigh
	case score < 0:
		return switchboard.UrgencyLow
	}
	return switchboard.UrgencyNormal
}

// awayReply reports whether words, in lang (empty or other: any of the five), are an automatic or
// out-of-office reply.
func awayReply(words []string, lang string) bool {
	return strongest(lang, func(lex *lexicon) float64 {
		away := 0.0
		scanPhrases(lex.urgency, words, nil, func(e lexEntry, _, _ int) {
			if e.kind == kAway {
				away = 1
			}
		})
		return away
	}) > 0
}

// shoutedMoments are the near moments that, written in capitals ("answer me TODAY"), ask for speed.
var shoutedMoments = []string{"TODAY", "TONIGHT", "OGGI", "STASERA", "HOY", "HOJE",
	"AUJOURD'HUI", "CE SOIR"}

// shoutsNow reports whether text names a near moment in capitals, as a word of its own.
func shoutsNow(text string) bool {
	for _, m := range shoutedMoments {
		for from := 0; ; {
			i := strings.Index(text[from:], m)
			if i < 0 {
				break
			}
			i += from
			end := i + len(m)
			if (i == 0 || !isLetterByte(text[i-1])) && (end == len(text) || !isLetterByte(text[end])) {
				return true
			}
			from = end
		}
	}
	return false
}

// isLetterByte reports whether b is an ASCII letter.
func isLetterByte(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

// byReach is how many words after "by"/"before" a moment makes a deadline.
const byReach = 4

// awayScore is the urgency evidence of an automatic or out-of-office reply: low whatever else it
// says ("for anything urgent call the front desk").
const awayScore = -10

// urgencyScore is the urgency evidence of words in one lexicon; each kind counts once. In a
// complaint a near moment is a deadline with a blocker ("the show is tonight and the tickets
// don't show"): it counts 2, not 1.
func urgencyScore(lex *lexicon, words []string, complaint bool) int {
	var urgent, deadline, repeat, outage, calm, away, vulnerable bool
	moment := false
	byUntil := -1
	scanPhrases(lex.urgency, words, nil, func(e lexEntry, i, end int) {
		switch e.kind {
		case kUrgent:
			urgent = true
		case kBy:
			byUntil = end + byReach
		case kTime:
			if i < byUntil {
				deadline = true
			} else {
				moment = true
			}
		case kRepeat:
			repeat = true
		case kOutage:
			outage = true
		case kCalm:
			calm = true
		case kAway:
			away = true
		case kVulnerable:
			vulnerable = true
		}
	})
	if away {
		return awayScore
	}
	score := 0
	if urgent {
		score += 3
	}
	if calm {
		// A date in an FYI or an out-of-office notice ("away until Monday") is information,
		// not a deadline.
		deadline, moment = false, false
	}
	if deadline {
		score += 3
	} else if moment && complaint {
		score += 2
	} else if moment {
		score++
	}
	if repeat {
		score += 3
	}
	if outage {
		score += 2
	}
	if vulnerable {
		score++
	}
	if calm {
		score -= 2
	}
	return score
}
