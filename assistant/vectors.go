package assistant

import (
	"container/list"
	"crypto/sha256"
	"sync"
)

// cachedVectors bounds the embeddings a Service keeps in memory (with 1,536 dimensions, about
// 12 MB): enough for the pool of every suggestion of a busy day, the least recently used
// dropped first.
const cachedVectors = 2048

// vectorKey names a text's embedding by the endpoint and model that made it and the text's hash.
type vectorKey struct {
	model string
	text  [sha256.Size]byte
}

// vectorCache keeps texts' embeddings, so that the same answers are not embedded again at
// each suggestion. Its zero value is empty and ready.
type vectorCache struct {
	mu    sync.Mutex
	byKey map[vectorKey]*list.Element
	lru   list.List // of *vectorEntry, most recently used first
}

type vectorEntry struct {
	key vectorKey
	vec []float32
}

// get returns the vectors of texts known under model (nil for the others) and the indexes of
// those not known.
func (c *vectorCache) get(model string, texts []string) (vecs [][]float32, missing []int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	vecs = make([][]float32, len(texts))
	for i, t := range texts {
		e, ok := c.byKey[vectorKey{model, sha256.Sum256([]byte(t))}]
		if !ok {
			missing = append(missing, i)
			continue
		}
		c.lru.MoveToFront(e)
		vecs[i] = e.Value.(*vectorEntry).vec
	}
	return vecs, missing
}

// put keeps text's vector under model, dropping the least recently used past cachedVectors.
func (c *vectorCache) put(model, text string, vec []float32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	key := vectorKey{model, sha256.Sum256([]byte(text))}
	if e, ok := c.byKey[key]; ok {
		e.Value.(*vectorEntry).vec = vec
		c.lru.MoveToFront(e)
		return
	}
	if c.byKey == nil {
		c.byKey = map[vectorKey]*list.Element{}
	}
	for c.lru.Len() >= cachedVectors {
		oldest := c.lru.Back()
		c.lru.Remove(oldest)
		delete(c.byKey, oldest.Value.(*vectorEntry).key)
	}
	c.byKey[key] = c.lru.PushFront(&vectorEntry{key: key, vec: vec})
}
