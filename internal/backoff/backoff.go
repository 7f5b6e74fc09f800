// Package backoff decides when to try a failed call again: exponential backoff with full jitter,
// the server's Retry-After when it gives one, and which HTTP answers are worth retrying.
package backoff

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Policy is an exponential backoff: attempt n (from 1) waits a random time up to
// min(Max, Base·2^(n-1)), so many failing callers spread out instead of retrying in step.
type Policy struct {
	Base time.Duration
	Max  time.Duration
}

// Delay returns how long to wait before the attempt after attempt n failed.
func (p Policy) Delay(n int) time.Duration {
	if n < 1 {
		n = 1
	}
	ceil := p.Base
	for i := 1; i < n && ceil < p.Max; i++ {
		ceil *= 2
	}
	ceil = min(ceil, p.Max)
	if ceil <= 0 {
		return 0
	}
	// Full jitter, but never less than half the ceiling, so retries do not bunch at zero.
	return ceil/2 + rand.N(ceil/2+1)
}

// RetryAfter reads a Retry-After header (seconds or an HTTP date) relative to now.
func RetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, t.Sub(now)), true
	}
	return 0, false
}

// Retryable reports whether an HTTP status means "try again later": timeouts, too early, rate
// limits and server errors. Other 4xx answers mean the request itself is wrong.
func Retryable(status int) bool {
	return status == http.StatusRequestTimeout || status == http.StatusTooEarly || status == http.StatusTooManyRequests || status >= 500
}
