package offline

import (
	"strings"

	"github.com/switchboardhq/switchboard"
)

// UrgencyOf says how soon text, written in lang, asks to be answered, given its sentiment s.
//
// It adds up evidence from the lexicon (lexicon/LANG.txt; an empty or other lang reads all
// five): a word that asks for speed ("urgent", "asap", "subito", "de inmediato", "tout de
// suite", "imediatamente") 3; a deadline ("by tomorrow", "entro venerdì") 2, a bare moment
// ("today") 1; the customer has asked before ("third time I write", "still no answer") 3;
// something stopped working for everyone ("site down", "nothing works", "losing sales") 2;
// "!!!" 1; a negative sentiment 1. It takes away what needs no answer soon ("FYI", "no rush")
// 2, and a positive sentiment 2. Three or more is high, below zero low, normal between.
func UrgencyOf(text, lang string, s switchboard.Sentiment) switchboard.Urgency {
	text = capInput(text)
	words := foldedWords(text)
	score := int(strongest(lang, func(lex *lexicon) float64 {
		return float64(urgencyScore(lex, words))
	}))
	if strings.Contains(text, "!!!") {
		score++
	}
	switch s {
	case switchboard.SentimentNegative:
		score++
	case switchboard.SentimentPositive:
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

// byReach is how many words after "by"/"before" a moment makes a deadline.
const byReach = 3

// urgencyScore is the urgency evidence of words in one lexicon; each kind counts once.
func urgencyScore(lex *lexicon, words []string) int {
	var urgent, deadline, repeat, outage, calm bool
	moment := false
	byUntil := -1
	scanPhrases(lex.urgency, words, func(e lexEntry, i, end int) {
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
		}
	})
	score := 0
	if urgent {
		score += 3
	}
	if deadline {
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
	if calm {
		score -= 2
	}
	return score
}
