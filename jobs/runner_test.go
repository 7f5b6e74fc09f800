package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/backoff"
	"github.com/switchboardhq/switchboard/jobs"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

type args struct {
	N int `json:"n"`
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// start runs a runner until the test ends.
func start(t *testing.T, db *sqlstore.DB, o jobs.Options, handlers map[string]jobs.Handler) {
	t.Helper()
	if o.Backoff.Base == 0 {
		o.Backoff = backoff.Policy{Base: 10 * time.Millisecond, Max: 20 * time.Millisecond}
	}
	o.Poll = 50 * time.Millisecond
	r := jobs.New(db, quiet(), o)
	for k, h := range handlers {
		r.Handle(k, h)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

func enqueue(t *testing.T, db *sqlstore.DB, kind string, n int, at time.Time) {
	t.Helper()
	if err := db.EnqueueJob(switchboard.NewSystemContext(context.Background()), kind, args{N: n}, at); err != nil {
		t.Fatal(err)
	}
}

// waitFor receives from ch or fails after a deadline.
func waitFor[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(15 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

func TestRetriesThenSucceeds(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		var mu sync.Mutex
		attempts := map[int]int{}
		done := make(chan int, 10)
		start(t, db, jobs.Options{}, map[string]jobs.Handler{
			"flaky": func(ctx context.Context, j *switchboard.Job) error {
				var a args
				_ = json.Unmarshal(j.Args, &a)
				mu.Lock()
				attempts[a.N]++
				n := attempts[a.N]
				mu.Unlock()
				if n < 4 {
					return errors.New("temporary trouble")
				}
				done <- j.Attempt
				return nil
			},
		})
		enqueue(t, db, "flaky", 1, time.Time{})
		if got := waitFor(t, done, "the fourth attempt"); got != 4 {
			t.Errorf("succeeded at attempt %d, want 4", got)
		}
	})
}

func TestFinalErrorsFailVisibly(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		calls := make(chan struct{}, 10)
		start(t, db, jobs.Options{}, map[string]jobs.Handler{
			"final": func(ctx context.Context, j *switchboard.Job) error {
				calls <- struct{}{}
				return &switchboard.SendError{Code: "131047", Reason: "Re-engagement message"}
			},
		})
		enqueue(t, db, "final", 1, time.Time{})
		enqueue(t, db, "unknown-kind", 2, time.Time{})
		waitFor(t, calls, "the attempt")
		admin := switchboard.NewSystemContext(context.Background())
		deadline := time.After(15 * time.Second)
		for {
			failed, err := db.FindJobs(admin, switchboard.JobFailed, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(failed) == 2 {
				for _, j := range failed {
					if j.Attempt != 1 || j.LastError == "" || j.FinishedAt == nil {
						t.Errorf("failed job = %+v", j)
					}
				}
				break
			}
			select {
			case <-deadline:
				t.Fatalf("failed jobs = %d, want 2", len(failed))
			case <-db.JobsChanged():
			case <-time.After(20 * time.Millisecond):
			}
		}
		select {
		case <-calls:
			t.Error("a final failure was retried")
		default:
		}
	})
}

func TestScheduledJobsWaitForTheirTime(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		ran := make(chan time.Time, 1)
		start(t, db, jobs.Options{}, map[string]jobs.Handler{
			"later": func(ctx context.Context, j *switchboard.Job) error { ran <- time.Now(); return nil },
		})
		at := time.Now().Add(300 * time.Millisecond)
		enqueue(t, db, "later", 1, at)
		if got := waitFor(t, ran, "the scheduled job"); got.Before(at) {
			t.Errorf("ran %v early", at.Sub(got))
		}
	})
}

func TestRescueAfterANodeDies(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		sys := switchboard.NewSystemContext(context.Background())
		enqueue(t, db, "orphan", 1, time.Time{})
		// A node claims the job and dies without finishing it.
		claimed, err := db.ClaimJobs(sys, "dead-node", 10, 100*time.Millisecond)
		if err != nil || len(claimed) != 1 {
			t.Fatalf("claim: %v %v", claimed, err)
		}
		ran := make(chan int, 1)
		start(t, db, jobs.Options{Lease: 200 * time.Millisecond}, map[string]jobs.Handler{
			"orphan": func(ctx context.Context, j *switchboard.Job) error { ran <- j.Attempt; return nil },
		})
		if got := waitFor(t, ran, "the rescued job"); got != 2 {
			t.Errorf("rescued job ran as attempt %d, want 2", got)
		}
		// The dead node's late report changes nothing.
		if err := db.FailJob(sys, claimed[0].ID, "dead-node", "too late"); err != nil {
			t.Fatal(err)
		}
		if failed, _ := db.FindJobs(sys, switchboard.JobFailed, 10); len(failed) != 0 {
			t.Errorf("a dead node's report failed a rescued job: %+v", failed)
		}
	})
}

func TestEachJobRunsOnceAcrossNodes(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		const n = 200
		var mu sync.Mutex
		runs := map[int]int{}
		all := make(chan struct{}, n*2)
		h := func(ctx context.Context, j *switchboard.Job) error {
			var a args
			_ = json.Unmarshal(j.Args, &a)
			mu.Lock()
			runs[a.N]++
			mu.Unlock()
			all <- struct{}{}
			return nil
		}
		for i := range n {
			enqueue(t, db, "count", i, time.Time{})
		}
		// Two runners (as two nodes would) share the queue.
		start(t, db, jobs.Options{Node: "node-a", Workers: 4}, map[string]jobs.Handler{"count": h})
		start(t, db, jobs.Options{Node: "node-b", Workers: 4}, map[string]jobs.Handler{"count": h})
		for range n {
			waitFor(t, all, "all jobs")
		}
		// Give a duplicate run the chance to show itself before checking.
		select {
		case <-all:
			t.Error("a job ran twice")
		case <-time.After(200 * time.Millisecond):
		}
		mu.Lock()
		defer mu.Unlock()
		for i := range n {
			if runs[i] != 1 {
				t.Errorf("job %d ran %d times", i, runs[i])
			}
		}
	})
}

// TestChosenDelaysAreHonoured checks that a retry waits for the delay a provider's Retry-After or
// the handler itself asked for, not the runner's much shorter backoff (10-20ms here).
func TestChosenDelaysAreHonoured(t *testing.T) {
	for name, retry := range map[string]error{
		"provider's Retry-After": &switchboard.SendError{Code: "429", Reason: "Too many requests", Retryable: true, RetryAfter: 300 * time.Millisecond},
		"handler's own schedule": jobs.RetryAfter(errors.New("receiver busy"), 300*time.Millisecond),
	} {
		t.Run(name, func(t *testing.T) {
			sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
				times := make(chan time.Time, 4)
				start(t, db, jobs.Options{}, map[string]jobs.Handler{
					"limited": func(ctx context.Context, j *switchboard.Job) error {
						times <- time.Now()
						if j.Attempt == 1 {
							return retry
						}
						return nil
					},
				})
				enqueue(t, db, "limited", 1, time.Time{})
				first := waitFor(t, times, "the first attempt")
				second := waitFor(t, times, "the second attempt")
				if gap := second.Sub(first); gap < 300*time.Millisecond {
					t.Errorf("retried after %v, before the asked-for 300ms", gap)
				}
			})
		})
	}
}
