// Package backoff decides when to try a failed call again: exponential backoff with full jitter,
// the server's Retry-After when it gives one, and which HTTP answers are worth retrying; Retry
// runs the attempts.
package backoff

import (
	"context"
	"fmt"
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

// The defaults of Retry's zero fields.
const (
	DefaultAttempts = 3
	DefaultMaxWait  = 30 * time.Second
	DefaultBase     = 500 * time.Millisecond
)

// Retry tries a failing call again: a bounded number of attempts, spaced by a Policy or by the
// server's Retry-After, never waiting longer than MaxWait. Its zero value is the default: three
// attempts, 500 ms doubling up to 30 s.
type Retry struct {
	// Attempts bounds the calls, the first included; 0 means DefaultAttempts.
	Attempts int
	// Backoff spaces the attempts when the server says nothing; zero means DefaultBase doubling
	// up to MaxWait.
	Backoff Policy
	// MaxWait is the longest wait accepted: a server asking for longer is not tried again. 0
	// means DefaultMaxWait.
	MaxWait time.Duration
	// TooLong, when set, makes the error returned when the server asked for a wait beyond
	// MaxWait out of the call's (a rate limit's code, say); nil returns the call's error.
	TooLong func(err error, wait time.Duration) error
	// Sleep waits d or until ctx ends; nil is the package's Sleep. Tests pass one that records
	// the wait and returns at once.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Interrupted is Do's error when the context ended while it waited to try again: Err is the
// call's last error, Cause the context's.
type Interrupted struct {
	Err, Cause error
}

// Error says both.
func (e *Interrupted) Error() string {
	return fmt.Sprintf("%v (gave up waiting to try again: %v)", e.Err, e.Cause)
}

// Unwrap gives the call's error and the context's.
func (e *Interrupted) Unwrap() []error { return []error{e.Err, e.Cause} }

// Do calls try (attempt counts from 1) until it succeeds, fails for good, or the attempts run
// out, and returns its last error. try reports whether its failure is worth another attempt,
// and how long the server asked to wait first (0: it did not say).
func (r Retry) Do(ctx context.Context, try func(attempt int) (retry bool, after time.Duration, err error)) error {
	attempts := r.Attempts
	if attempts <= 0 {
		attempts = DefaultAttempts
	}
	maxWait := r.MaxWait
	if maxWait <= 0 {
		maxWait = DefaultMaxWait
	}
	policy := r.Backoff
	if policy.Base <= 0 {
		policy = Policy{Base: DefaultBase, Max: maxWait}
	}
	sleep := r.Sleep
	if sleep == nil {
		sleep = Sleep
	}
	for n := 1; ; n++ {
		retry, after, err := try(n)
		if err == nil {
			return nil
		}
		if !retry || n >= attempts || ctx.Err() != nil {
			return err
		}
		if after <= 0 {
			after = policy.Delay(n)
		}
		if after > maxWait {
			if r.TooLong != nil {
				return r.TooLong(err, after)
			}
			return err
		}
		if serr := sleep(ctx, after); serr != nil {
			return &Interrupted{Err: err, Cause: serr}
		}
	}
}

// Sleep waits d, or until ctx ends (its error then).
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
