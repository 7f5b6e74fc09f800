// Package jobs runs the durable background jobs of the store's queue: it claims due jobs, runs
// each with the handler registered for its kind, and records the outcome — done, retried later
// with exponential backoff and jitter (or when the provider's Retry-After says), or failed for
// good after a final error or the last attempt, where admins can see it.
//
// It is woken at once by commits of this process that enqueue jobs, and otherwise polls, which
// is how jobs enqueued on other nodes and jobs scheduled for later are found.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/backoff"
)

// Handler does one job. Returning nil completes it; an error marked Final, or a
// *switchboard.SendError that is not retryable, fails it for good; any other error retries it.
type Handler func(ctx context.Context, job *switchboard.Job) error

// finalError marks an error that retrying cannot fix.
type finalError struct{ err error }

func (e finalError) Error() string { return e.err.Error() }
func (e finalError) Unwrap() error { return e.err }

// Final marks err as final: the job fails now instead of being retried.
func Final(err error) error { return finalError{err} }

// laterError carries the delay a handler chose for the next attempt.
type laterError struct {
	err   error
	after time.Duration
}

func (e laterError) Error() string { return e.err.Error() }
func (e laterError) Unwrap() error { return e.err }

// RetryAfter marks err as retryable after d instead of the runner's backoff: for handlers that
// keep their own schedule, such as a receiver's Retry-After or a delivery log that shows when the
// next attempt is due. The job's last attempt still fails it.
func RetryAfter(err error, d time.Duration) error { return laterError{err, d} }

// Options tune a runner; zero values mean the defaults.
type Options struct {
	Node    string        // name in job leases (default: host name and a random suffix)
	Workers int           // jobs run at once (default 8)
	Lease   time.Duration // how long a claimed job is held before another node may rescue it (default 5m)
	Timeout time.Duration // how long one attempt may take (default 1m)
	Poll    time.Duration // how often to look for jobs without a wake-up (default 1s)
	Backoff backoff.Policy
}

// Runner runs jobs. Register handlers with Handle, then call Run.
type Runner struct {
	store    switchboard.JobService
	log      *slog.Logger
	o        Options
	handlers map[string]Handler
	now      func() time.Time
}

// New returns a runner over the store's queue.
func New(store switchboard.JobService, log *slog.Logger, o Options) *Runner {
	if o.Node == "" {
		host, _ := os.Hostname()
		b := make([]byte, 4)
		_, _ = rand.Read(b)
		o.Node = host + "-" + hex.EncodeToString(b)
	}
	if o.Workers <= 0 {
		o.Workers = 8
	}
	if o.Lease <= 0 {
		o.Lease = 5 * time.Minute
	}
	if o.Timeout <= 0 {
		o.Timeout = time.Minute
	}
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	if o.Backoff.Base <= 0 {
		o.Backoff = backoff.Policy{Base: 5 * time.Second, Max: time.Hour}
	}
	return &Runner{store: store, log: log, o: o, handlers: map[string]Handler{}, now: time.Now}
}

// Handle registers the handler of a kind of job.
func (r *Runner) Handle(kind string, h Handler) { r.handlers[kind] = h }

// Run claims and runs jobs until ctx ends, then waits for running jobs to finish.
func (r *Runner) Run(ctx context.Context) error {
	sys := switchboard.NewSystemContext(ctx)
	slots := make(chan struct{}, r.o.Workers)
	done := make(chan struct{}, r.o.Workers)
	var wg sync.WaitGroup
	defer wg.Wait()
	lastRescue := time.Time{}
	for ctx.Err() == nil {
		if time.Since(lastRescue) > r.o.Lease/4 {
			if n, err := r.store.RescueJobs(sys); err != nil {
				r.log.Error("rescue jobs", "err", err)
			} else if n > 0 {
				r.log.Warn("rescued jobs whose node stopped", "count", n)
			}
			lastRescue = time.Now()
		}
		free := r.o.Workers - len(slots)
		var claimed []*switchboard.Job
		if free > 0 {
			var err error
			if claimed, err = r.store.ClaimJobs(sys, r.o.Node, free, r.o.Lease); err != nil && ctx.Err() == nil {
				r.log.Error("claim jobs", "err", err)
			}
		}
		for _, j := range claimed {
			slots <- struct{}{}
			wg.Add(1)
			go func() {
				defer wg.Done()
				r.run(ctx, j)
				<-slots
				select {
				case done <- struct{}{}:
				default:
				}
			}()
		}
		if len(claimed) == free && free > 0 {
			continue // there may be more due right now
		}
		wait := r.o.Poll
		if at, ok, err := r.store.NextJobAt(sys); err == nil && ok {
			wait = min(wait, max(0, time.Until(at)))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
		case <-r.store.JobsChanged():
		case <-done:
		case <-t.C:
		}
		t.Stop()
	}
	return nil
}

// run does one attempt of a job and records its outcome.
func (r *Runner) run(ctx context.Context, j *switchboard.Job) {
	// The outcome is recorded even while shutting down, so a stopped node releases its jobs.
	record := switchboard.NewSystemContext(context.WithoutCancel(ctx))
	h, ok := r.handlers[j.Kind]
	if !ok {
		r.finish(record, j, Final(fmt.Errorf("no handler for jobs of kind %q", j.Kind)))
		return
	}
	actx, cancel := context.WithTimeout(switchboard.NewSystemContext(ctx), r.o.Timeout)
	defer cancel()
	err := func() (err error) {
		defer func() {
			if v := recover(); v != nil {
				err = fmt.Errorf("job panicked: %v", v)
			}
		}()
		return h(actx, j)
	}()
	if err != nil && ctx.Err() != nil {
		// Interrupted by shutdown: make it available again at once rather than waiting out the lease.
		if rerr := r.store.RetryJob(record, j.ID, r.o.Node, r.now(), "interrupted by shutdown"); rerr != nil {
			r.log.Error("release job", "job_id", j.ID, "err", rerr)
		}
		return
	}
	r.finish(record, j, err)
}

func (r *Runner) finish(ctx context.Context, j *switchboard.Job, err error) {
	var store error
	switch {
	case err == nil:
		store = r.store.CompleteJob(ctx, j.ID, r.o.Node)
	case isFinal(err) || j.Attempt >= j.MaxAttempts:
		r.log.Warn("job failed", "job_id", j.ID, "kind", j.Kind, "attempt", j.Attempt, "err", err)
		store = r.store.FailJob(ctx, j.ID, r.o.Node, err.Error())
	default:
		delay := r.o.Backoff.Delay(j.Attempt)
		var se *switchboard.SendError
		var later laterError
		if errors.As(err, &later) {
			delay = later.after
		} else if errors.As(err, &se) && se.RetryAfter > 0 {
			delay = se.RetryAfter
		}
		r.log.Info("job will retry", "job_id", j.ID, "kind", j.Kind, "attempt", j.Attempt, "in", delay, "err", err)
		store = r.store.RetryJob(ctx, j.ID, r.o.Node, r.now().Add(delay), err.Error())
	}
	if store != nil {
		r.log.Error("record job outcome", "job_id", j.ID, "err", store)
	}
}

// isFinal reports whether retrying err is pointless.
func isFinal(err error) bool {
	var f finalError
	if errors.As(err, &f) {
		return true
	}
	var se *switchboard.SendError
	return errors.As(err, &se) && !se.Retryable
}
