package assistant

import (
	"sync"
	"time"
)

// The analysis's circuit breaker: when the endpoint fails several calls in a row (down,
// unreachable, refusing), analysis jobs stop calling it for a while and analyse offline, so that
// they do not hold the job runner's shared workers — and the outbound sends queued behind them —
// for a timeout each. Every call through the guarded client (the copilot's and translation's
// too) reports its outcome; only analysis is held back, since an agent's request is one call that
// the agent sees fail.
const (
	// breakerFailures is how many failures in a row open the breaker.
	breakerFailures = 3
	// breakerOpen is how long it stays open; then one call is let through to try.
	breakerOpen = 60 * time.Second
)

// breaker counts the endpoint's consecutive failures. The zero value is closed.
type breaker struct {
	mu        sync.Mutex
	failures  int
	openUntil time.Time
	trying    bool // the half-open try is out
}

// allow reports whether analysis may call the endpoint at now: closed, or open past breakerOpen
// with no other try out (that call is the try).
func (b *breaker) allow(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.failures < breakerFailures {
		return true
	}
	if now.Before(b.openUntil) || b.trying {
		return false
	}
	b.trying = true
	return true
}

// record reports a call's outcome at now: ok closes the breaker; failed counts, and opens it at
// the breakerFailures-th failure in a row (again, after a failed try); neither (the caller went
// away) frees the try.
func (b *breaker) record(now time.Time, ok, failed bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.trying = false
	switch {
	case ok:
		b.failures = 0
	case failed:
		b.failures++
		if b.failures >= breakerFailures {
			b.openUntil = now.Add(breakerOpen)
		}
	}
}
