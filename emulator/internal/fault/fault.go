// Package fault queues the failures an emulator injects into its next answers.
package fault

import (
	"net/http"
	"sync"
)

// Queue holds faults to apply, one per call, in order. Its zero value is empty.
type Queue[F comparable] struct {
	mu     sync.Mutex
	faults []F
}

// Inject adds faults for the next calls.
func (q *Queue[F]) Inject(f ...F) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.faults = append(q.faults, f...)
}

// Next takes the next fault, or the zero value when none is queued.
func (q *Queue[F]) Next() F {
	q.mu.Lock()
	defer q.mu.Unlock()
	var zero F
	if len(q.faults) == 0 {
		return zero
	}
	f := q.faults[0]
	q.faults = q.faults[1:]
	return f
}

// Drop closes the client's connection without an answer: the request was taken, the answer lost.
func Drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}
