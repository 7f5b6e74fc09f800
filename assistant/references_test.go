package assistant

import (
	"context"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard/assistant/offline"
)

// fixedVectors embeds each text as the vector given for its first word.
type fixedVectors map[string][]float32

func (f fixedVectors) Embed(_ context.Context, texts []string) ([][]float32, Usage, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = f[strings.Fields(t)[0]]
	}
	return out, Usage{}, nil
}

func TestRankByEmbeddings(t *testing.T) {
	e := fixedVectors{"q": {1, 0}, "near": {0.9, 0.1}, "matched": {0, 1}, "far": {0.1, 0.9}, "odd": {1, 0, 0}}
	pool := []offline.Candidate{{ID: 1, Query: "matched"}, {ID: 2, Query: "far"}, {ID: 3, Query: "near"}}
	// The candidate BM25 matched stays, however far; a filler far from the question does not.
	got, err := rankByEmbeddings(context.Background(), e, "q", pool, 1, 3)
	if err != nil || len(got) != 2 || got[0].ID != 3 || got[1].ID != 1 {
		t.Errorf("ranked = %+v, %v; want the near filler, then the matched one", got, err)
	}
	if got, _ := rankByEmbeddings(context.Background(), e, "q", pool, 3, 1); len(got) != 1 || got[0].ID != 3 {
		t.Errorf("first = %+v", got)
	}
	if _, err := rankByEmbeddings(context.Background(), e, "q", []offline.Candidate{{Query: "odd"}}, 1, 3); err == nil {
		t.Error("vectors of different sizes were compared")
	}
	if c := clip(strings.Repeat("é", 3), 5); c != "éé" {
		t.Errorf("clip = %q", c)
	}
}

func TestVectorCacheBounded(t *testing.T) {
	var c vectorCache
	for i := range cachedVectors + 10 {
		c.put("m", strings.Repeat("x", i), []float32{float32(i)})
	}
	if c.lru.Len() != cachedVectors || len(c.byKey) != cachedVectors {
		t.Fatalf("%d kept, want %d", c.lru.Len(), cachedVectors)
	}
	vecs, missing := c.get("m", []string{"", strings.Repeat("x", cachedVectors+9)})
	if len(missing) != 1 || missing[0] != 0 || vecs[1][0] != float32(cachedVectors+9) {
		t.Errorf("get = %v, missing %v: want the oldest dropped, the newest kept", vecs, missing)
	}
	if _, missing := c.get("other", []string{"x"}); len(missing) != 1 {
		t.Error("a vector of one model served for another")
	}
}
