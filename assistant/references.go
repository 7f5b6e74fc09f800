package assistant

import (
	"context"
	"errors"
	"math"
	"sort"
	"strings"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/assistant/offline"
)

// How a suggestion's answers are ranked with the endpoint's embeddings (when an embedding model
// is set): BM25 narrows the candidates to a pool, then the pool is ordered by cosine similarity
// between the customer's question and each candidate's question (a canned response's title and
// text), so that an answer to a question worded differently is found.
const (
	// embedPool bounds the candidates embedded for one suggestion.
	embedPool = 30
	// maxEmbedText bounds each text embedded, in bytes (about 500 tokens).
	maxEmbedText = 2000
	// minFillSimilarity is the least cosine similarity to the question a candidate that shares
	// no term with it needs to be offered.
	minFillSimilarity = 0.25
)

// references are the answers a suggestion offers (at most offlineSuggestions), best first: by
// BM25, or reordered by the embeddings when the run has an embedder. An embeddings failure
// leaves the BM25 order (the guard recorded it for the settings' health).
func (r *copilotRun) references(ctx context.Context) ([]offline.Candidate, error) {
	cands, err := r.candidates(ctx)
	if err != nil {
		return nil, err
	}
	question := r.question()
	if r.embed == nil || strings.TrimSpace(question) == "" {
		return offline.RankAnswers(question, cands, offlineSuggestions), nil
	}
	pool, matched := embedPoolOf(question, cands)
	ranked, err := rankByEmbeddings(ctx, r.embed, question, pool, matched, offlineSuggestions)
	if err != nil {
		return pool[:min(matched, offlineSuggestions)], nil
	}
	return ranked, nil
}

// embedPoolOf is the pool of candidates embedded for question: BM25's best embedPool (the
// first matched of them), then, when BM25 finds fewer, the newest resolved answers and the
// canned responses, an answer never twice.
func embedPoolOf(question string, cands []offline.Candidate) (pool []offline.Candidate, matched int) {
	pool = offline.RankAnswers(question, cands, embedPool)
	matched = len(pool)
	seen := map[string]bool{}
	for _, c := range pool {
		seen[strings.TrimSpace(c.Answer)] = true
	}
	for _, source := range []string{switchboard.SuggestionResolved, switchboard.SuggestionCanned} {
		for _, c := range cands {
			if len(pool) == embedPool {
				return pool, matched
			}
			answer := strings.TrimSpace(c.Answer)
			if c.Source != source || seen[answer] {
				continue
			}
			seen[answer] = true
			pool = append(pool, c)
		}
	}
	return pool, matched
}

// rankByEmbeddings returns the n candidates of pool closest to question under e's embeddings;
// the first matched of pool share a term with the question, the others are kept only from
// minFillSimilarity.
func rankByEmbeddings(ctx context.Context, e Embedder, question string, pool []offline.Candidate, matched, n int) ([]offline.Candidate, error) {
	if len(pool) == 0 {
		return nil, nil
	}
	texts := make([]string, 0, len(pool)+1)
	texts = append(texts, clip(question, maxEmbedText))
	for _, c := range pool {
		text := c.Query
		if c.Source == switchboard.SuggestionCanned {
			text = c.Title + "\n" + c.Query
		}
		texts = append(texts, clip(text, maxEmbedText))
	}
	vecs, _, err := e.Embed(ctx, texts)
	if err != nil {
		return nil, err
	}
	type scored struct {
		c   offline.Candidate
		sim float64
	}
	var ranked []scored
	for i, c := range pool {
		sim, ok := cosine(vecs[0], vecs[i+1])
		if !ok {
			return nil, errMismatchedVectors
		}
		if i < matched || sim >= minFillSimilarity {
			ranked = append(ranked, scored{c, sim})
		}
	}
	sort.SliceStable(ranked, func(a, b int) bool { return ranked[a].sim > ranked[b].sim })
	out := make([]offline.Candidate, 0, n)
	for _, s := range ranked[:min(n, len(ranked))] {
		out = append(out, s.c)
	}
	return out, nil
}

// errMismatchedVectors says the endpoint gave vectors of different sizes.
var errMismatchedVectors = errors.New("the embeddings have different sizes")

// cosine is the cosine similarity of two vectors of one size (ok false otherwise); a zero
// vector is similar to nothing.
func cosine(a, b []float32) (sim float64, ok bool) {
	if len(a) != len(b) || len(a) == 0 {
		return 0, false
	}
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if na == 0 || nb == 0 {
		return 0, true
	}
	return dot / math.Sqrt(na*nb), true
}

// clip cuts text to at most max bytes, on a character boundary.
func clip(text string, max int) string {
	if len(text) <= max {
		return text
	}
	return strings.ToValidUTF8(text[:max], "")
}
