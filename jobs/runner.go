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
	// Node names this node in job leases, the same across its restarts (default: the host name
	// and a random suffix, which no restart shares). Leases carry it with a suffix of the
	// process's own, so a node that starts again knows the jobs its earlier run held and takes
	// them back at once instead of waiting out their leases. Two nodes must never share a name.
	Node    string
	Workers int           // jobs run at once (default 8)
	Lease   time.Duration // how long a claimed job is held before another node may rescue it (default 5m)
	Timeout time.Duration // how long one attempt may take (default 1m)
	Poll    time.Duration // how often to look for jobs without a wake-up (default 1s)
	Backoff backoff.Policy
	// StoreBackoff spaces the runner's calls to the store while they fail (the database is down,
	// or its disk full): a claim that fails is tried again after it, growing to its Max
	// (default 250ms to 30s). So is a job that failed with an error Unavailable recognises, so
	// that the work queued during an outage goes on soon after it rather than an hour later.
	StoreBackoff backoff.Policy
	// Unavailable reports whether an error says the database cannot serve for now (nil: no
	// error does).
	Unavailable func(error) bool
	// Now is the clock retries are scheduled by (time.Now when nil); tests give the store's.
	Now func() time.Time
}

// DefaultBackoff spaces the retries of a failed job when Options.Backoff is not set: from 5
// seconds, doubling to an hour. Handlers that choose the time of their next attempt themselves
// (RetryAfter), so as to record it, use it too unless told otherwise.
func DefaultBackoff() backoff.Policy { return backoff.Policy{Base: 5 * time.Second, Max: time.Hour} }

// Runner runs jobs. Register handlers with Handle, then call Run.
type Runner struct {
	store    switchboard.JobService
	log      *slog.Logger
	o        Options
	lease    string // this run's name: Node, "/", a random suffix; each claim leases as lease.N
	claims   int    // claims made, naming the next
	handlers map[string]Handler
	giveUp   map[string]Handler
	now      func() time.Time
}

// New returns a runner over the store's queue.
func New(store switchboard.JobService, log *slog.Logger, o Options) *Runner {
	if o.Node == "" {
		host, _ := os.Hostname()
		o.Node = host + "-" + randomHex()
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
		o.Backoff = DefaultBackoff()
	}
	if o.StoreBackoff.Base <= 0 {
		o.StoreBackoff = backoff.Policy{Base: 250 * time.Millisecond, Max: 30 * time.Second}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Runner{store: store, log: log, o: o, lease: o.Node + "/" + randomHex(), handlers: map[string]Handler{},
		giveUp: map[string]Handler{}, now: o.Now}
}

func randomHex() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Handle registers the handler of a kind of job.
func (r *Runner) Handle(kind string, h Handler) { r.handlers[kind] = h }

// OnGiveUp registers what to do, in place of an attempt, with a job of a kind whose last
// attempt was cut off (its node stopped mid-run): no attempt is left to make, but what the job
// was for may need marking failed (a message, say). The job then fails.
func (r *Runner) OnGiveUp(kind string, h Handler) { r.giveUp[kind] = h }

// Run claims and runs jobs until ctx ends, then waits for running jobs to finish.
func (r *Runner) Run(ctx context.Context) error {
	sys := switchboard.NewSystemContext(ctx)
	slots := make(chan struct{}, r.o.Workers)
	done := make(chan struct{}, r.o.Workers)
	var wg sync.WaitGroup
	defer wg.Wait()
	lastRescue := time.Time{}
	tookBack := false
	failures := 0         // store calls failed in a row
	var doubtful []string // the leases of claims that failed, whose jobs are to be given back
	for ctx.Err() == nil {
		if !tookBack {
			// Jobs this node's earlier run held when it stopped are nobody's: take them back now
			// rather than when their leases run out.
			n, err := r.store.TakeBackJobs(sys, r.o.Node, r.lease)
			if err == nil {
				tookBack = true
				if n > 0 {
					r.log.Warn("took back jobs this node held when it stopped", "count", n)
				}
			}
		}
		if time.Since(lastRescue) > r.o.Lease/4 {
			if n, err := r.store.RescueJobs(sys); err != nil {
				r.log.Error("rescue jobs", "err", err)
			} else {
				lastRescue = time.Now()
				if n > 0 {
					r.log.Warn("rescued jobs whose node stopped", "count", n)
				}
			}
		}
		if len(doubtful) > 0 {
			// A failed claim may have leased its jobs all the same (the connection broke as the
			// database committed): they are given back before anything is claimed again, so
			// that none of them can be running here when it is.
			if _, err := r.store.ReleaseJobs(sys, doubtful[0]); err != nil {
				if ctx.Err() != nil {
					break
				}
				failures++
				wait := r.o.StoreBackoff.Delay(failures)
				r.log.Error("release the jobs of a failed claim", "lease", doubtful[0], "err", err, "failures", failures, "next_in", wait)
				r.sleep(ctx, wait)
				continue
			}
			doubtful = doubtful[1:]
			continue
		}
		free := r.o.Workers - len(slots)
		var claimed []*switchboard.Job
		lease := ""
		if free > 0 {
			r.claims++
			lease = fmt.Sprintf("%s.%d", r.lease, r.claims)
			var err error
			if claimed, err = r.store.ClaimJobs(sys, lease, free, r.o.Lease); err != nil {
				if ctx.Err() != nil {
					break
				}
				// Nothing claimed runs: the store may have leased nothing, or, not knowing,
				// everything it read (see doubtful). Wait, longer each time, rather than asking a
				// failing database again at once.
				doubtful = append(doubtful, lease)
				failures++
				wait := r.o.StoreBackoff.Delay(failures)
				r.log.Error("claim jobs", "err", err, "failures", failures, "next_in", wait)
				r.sleep(ctx, wait)
				continue
			}
			failures = 0
		}
		for _, j := range claimed {
			slots <- struct{}{}
			wg.Add(1)
			go func() {
				defer wg.Done()
				r.run(ctx, j, lease)
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

// sleep waits for d or until ctx ends.
func (r *Runner) sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// run does one attempt of a job claimed under lease and records its outcome.
func (r *Runner) run(ctx context.Context, j *switchboard.Job, lease string) {
	// The outcome is recorded even while shutting down, so a stopped node releases its jobs.
	record := switchboard.NewSystemContext(context.WithoutCancel(ctx))
	h, ok := r.handlers[j.Kind]
	if !ok {
		r.finish(ctx, record, j, lease, Final(fmt.Errorf("no handler for jobs of kind %q", j.Kind)))
		return
	}
	if j.Attempt > j.MaxAttempts {
		// Rescued after its last attempt was cut off: no attempt is left to make.
		err := fmt.Errorf("its last attempt (%d of %d) was cut off when its node stopped", j.MaxAttempts, j.MaxAttempts)
		if give := r.giveUp[j.Kind]; give != nil {
			if gerr := give(record, j); gerr != nil {
				r.finish(ctx, record, j, lease, gerr) // retried, and given up again, until it can be recorded
				return
			}
		}
		r.finish(ctx, record, j, lease, Final(err))
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
		if rerr := r.store.RetryJob(record, j.ID, lease, r.now(), "interrupted by shutdown"); rerr != nil {
			r.log.Error("release job", "job_id", j.ID, "err", rerr)
		}
		return
	}
	r.finish(ctx, record, j, lease, err)
}

// finish records the outcome of an attempt. While the store cannot record it, it tries again,
// with growing waits, until it can, the lease runs out (the job is then another's to rescue,
// and a second recording would find it gone) or the runner stops: the job stays leased to this
// node meanwhile, so nothing runs it again in a loop.
func (r *Runner) finish(ctx, record context.Context, j *switchboard.Job, lease string, err error) {
	deadline := r.now().Add(r.o.Lease)
	for failures := 1; ; failures++ {
		serr := r.record(record, j, lease, err)
		if serr == nil {
			return
		}
		wait := r.o.StoreBackoff.Delay(failures)
		r.log.Error("record job outcome", "job_id", j.ID, "kind", j.Kind, "err", serr, "failures", failures, "next_in", wait)
		if ctx.Err() != nil || r.now().Add(wait).After(deadline) {
			return
		}
		r.sleep(ctx, wait)
	}
}

// record stores the outcome of an attempt: done, failed for good, or to be retried later.
func (r *Runner) record(ctx context.Context, j *switchboard.Job, lease string, err error) error {
	switch {
	case err == nil:
		return r.store.CompleteJob(ctx, j.ID, lease)
	case IsFinal(err) || j.Attempt >= j.MaxAttempts:
		r.log.Warn("job failed", "job_id", j.ID, "kind", j.Kind, "attempt", j.Attempt, "err", err)
		return r.store.FailJob(ctx, j.ID, lease, err.Error())
	default:
		delay := r.o.Backoff.Delay(j.Attempt)
		var se *switchboard.SendError
		var later laterError
		if errors.As(err, &later) {
			delay = later.after
		} else if errors.As(err, &se) && se.RetryAfter > 0 {
			delay = se.RetryAfter
		} else if r.o.Unavailable != nil && r.o.Unavailable(err) {
			delay = r.o.StoreBackoff.Delay(j.Attempt)
		}
		r.log.Info("job will retry", "job_id", j.ID, "kind", j.Kind, "attempt", j.Attempt, "in", delay, "err", err)
		return r.store.RetryJob(ctx, j.ID, lease, r.now().Add(delay), err.Error())
	}
}

// IsFinal reports whether retrying err is pointless: it is marked Final, or is a
// *switchboard.SendError that is not retryable.
func IsFinal(err error) bool {
	var f finalError
	if errors.As(err, &f) {
		return true
	}
	var se *switchboard.SendError
	return errors.As(err, &se) && !se.Retryable
}
