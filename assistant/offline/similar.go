package offline

import (
	"math"
	"sort"
	"strings"
)

// Candidate is an answer that may suit a customer's question: the reply that resolved a similar
// past conversation (Source "resolved", Query: what the customer asked then) or a canned response
// (Source "canned", Title: its name or shortcut).
type Candidate struct {
	ID     int64
	Source string // resolved or canned
	Title  string
	Query  string
	Answer string
}

// BM25 parameters, the usual ones.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// RankAnswers returns at most n candidates whose Query and Title best match query (Okapi BM25
// over the package's terms, a four-letter-prefix match counting half), best first, ties in the
// order given; a candidate sharing no term of three letters or more with query is never
// returned, and an answer already returned (same text) is not returned again.
func RankAnswers(query string, cands []Candidate, n int) []Candidate {
	q := features(query)
	if n <= 0 || len(q) == 0 || len(cands) == 0 {
		return nil
	}
	docs := make([]map[string]bool, len(cands))
	df := map[string]int{}
	var totalLen float64
	for i, c := range cands {
		docs[i] = map[string]bool{}
		for _, f := range features(c.Title + "\n" + c.Query) {
			docs[i][f] = true
			df[f]++
		}
		totalLen += float64(len(docs[i]))
	}
	avgLen := math.Max(totalLen/float64(len(cands)), 1)
	type scored struct {
		i     int
		score float64
	}
	var ranked []scored
	for i, d := range docs {
		var score float64
		meaningful := false
		norm := bm25K1 * (1 - bm25B + bm25B*float64(len(d))/avgLen)
		for _, f := range q {
			if !d[f] {
				continue
			}
			weight := 1.0
			if strings.HasSuffix(f, "~") {
				weight = 0.5
			} else if len([]rune(f)) >= 3 {
				meaningful = true
			}
			idf := math.Log(1 + (float64(len(cands)-df[f])+0.5)/(float64(df[f])+0.5))
			score += weight * idf * (bm25K1 + 1) / (1 + norm)
		}
		if meaningful {
			ranked = append(ranked, scored{i, score})
		}
	}
	sort.SliceStable(ranked, func(a, b int) bool { return ranked[a].score > ranked[b].score })
	var out []Candidate
	seen := map[string]bool{}
	for _, r := range ranked {
		answer := strings.TrimSpace(cands[r.i].Answer)
		if seen[answer] {
			continue
		}
		seen[answer] = true
		out = append(out, cands[r.i])
		if len(out) == n {
			break
		}
	}
	return out
}
