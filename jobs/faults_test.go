package jobs_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/backoff"
	"github.com/switchboardhq/switchboard/jobs"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// failing is a store whose calls fail on demand, the way a store with a full disk did: its
// claims returned the rows they leased in a transaction whose commit failed, with the error.
type failing struct {
	*sqlstore.DB
	claimsFail   atomic.Bool
	claims       atomic.Int64
	completeFail atomic.Int64 // CompleteJob fails this many more times
	completes    atomic.Int64
}

func (f *failing) ClaimJobs(ctx context.Context, node string, limit int, lease time.Duration) ([]*switchboard.Job, error) {
	f.claims.Add(1)
	if f.claimsFail.Load() {
		// What the store used to hand back: rows it leased in a transaction that never committed.
		return []*switchboard.Job{{ID: 1, Kind: "send", Attempt: 1, MaxAttempts: 30}}, errors.New("commit: database or disk is full")
	}
	return f.DB.ClaimJobs(ctx, node, limit, lease)
}

func (f *failing) CompleteJob(ctx context.Context, id int64, node string) error {
	f.completes.Add(1)
	if f.completeFail.Add(-1) >= 0 {
		return errors.New("commit: database or disk is full")
	}
	return f.DB.CompleteJob(ctx, id, node)
}

func run(t *testing.T, store switchboard.JobService, o jobs.Options, handlers map[string]jobs.Handler, giveUps ...map[string]jobs.Handler) {
	t.Helper()
	o.Poll = 50 * time.Millisecond
	o.Backoff = backoff.Policy{Base: 10 * time.Millisecond, Max: 20 * time.Millisecond}
	if o.StoreBackoff.Base == 0 {
		o.StoreBackoff = backoff.Policy{Base: 100 * time.Millisecond, Max: 400 * time.Millisecond}
	}
	r := jobs.New(store, quiet(), o)
	for k, h := range handlers {
		r.Handle(k, h)
	}
	for _, g := range giveUps {
		for k, h := range g {
			r.OnGiveUp(k, h)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

// A claim that fails runs nothing, and the runner asks a failing store again only after waits
// that grow: it used to run what the failed claim returned and claim again at once, which sent
// five replies 15,904 times in two minutes.
func TestFailedClaimsRunNothingAndBackOff(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		store := &failing{DB: db}
		store.claimsFail.Store(true)
		var calls atomic.Int64
		ran := make(chan struct{}, 100)
		run(t, store, jobs.Options{}, map[string]jobs.Handler{
			"send": func(ctx context.Context, j *switchboard.Job) error { calls.Add(1); ran <- struct{}{}; return nil },
		})
		enqueue(t, db, "send", 1, time.Time{})
		// Claims at least 50, 100, then 200ms apart (the backoff's 100, 200 and 400ms with jitter
		// down to half): a dozen in two seconds at the most, however fast or slow the machine.
		// A hot loop makes thousands.
		began := time.Now()
		time.Sleep(2 * time.Second)
		if n := calls.Load(); n != 0 {
			t.Fatalf("the handler ran %d times on jobs of claims that failed", n)
		}
		elapsed := time.Since(began)
		if n, most := store.claims.Load(), 3+int64(elapsed/(200*time.Millisecond)); n > most || n < 1 {
			t.Fatalf("%d claims in %v while the store failed, want %d at the most (backing off)", n, elapsed, most)
		}
		// The store recovers: the job runs, once, without a restart.
		store.claimsFail.Store(false)
		waitFor(t, ran, "the job once the store recovered")
		select {
		case <-ran:
			t.Fatal("the job ran twice")
		case <-time.After(300 * time.Millisecond):
		}
	})
}

// committedThenFailed is a store whose claims commit and then report a failure, as when the
// connection to PostgreSQL breaks while it commits: the jobs are leased, and the node was told
// otherwise.
type committedThenFailed struct {
	*sqlstore.DB
	fail atomic.Int64 // claims still to fail so
}

func (s *committedThenFailed) ClaimJobs(ctx context.Context, node string, limit int, lease time.Duration) ([]*switchboard.Job, error) {
	jobs, err := s.DB.ClaimJobs(ctx, node, limit, lease)
	if err == nil && len(jobs) > 0 && s.fail.Add(-1) >= 0 {
		return nil, errors.New("commit: unexpected EOF")
	}
	return jobs, err
}

// A claim that may have committed though it failed gives its jobs back before the next claim:
// they run soon, once, rather than when their lease (an hour here) runs out.
func TestUncertainClaimIsGivenBack(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		store := &committedThenFailed{DB: db}
		store.fail.Store(1)
		ran := make(chan int, 4)
		run(t, store, jobs.Options{Lease: time.Hour}, map[string]jobs.Handler{
			"send": func(ctx context.Context, j *switchboard.Job) error { ran <- j.Attempt; return nil },
		})
		enqueue(t, db, "send", 1, time.Time{})
		if got := waitFor(t, ran, "the job of the uncertain claim"); got != 1 {
			t.Errorf("ran as attempt %d, want 1: the uncertain claim's attempt is undone", got)
		}
		select {
		case a := <-ran:
			t.Fatalf("the job ran again (attempt %d)", a)
		case <-time.After(300 * time.Millisecond):
		}
	})
}

// An outcome the store cannot record is recorded later, while the job stays leased to the node:
// the job is not run again meanwhile.
func TestUnrecordedOutcomeIsNotRerun(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		store := &failing{DB: db}
		store.completeFail.Store(3)
		var calls atomic.Int64
		run(t, store, jobs.Options{Lease: time.Hour}, map[string]jobs.Handler{
			"send": func(ctx context.Context, j *switchboard.Job) error { calls.Add(1); return nil },
		})
		enqueue(t, db, "send", 1, time.Time{})
		sys := switchboard.NewSystemContext(context.Background())
		deadline := time.Now().Add(20 * time.Second)
		for {
			done, err := db.FindJobs(sys, switchboard.JobCompleted, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(done) == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the job is not recorded done after %d tries", store.completes.Load())
			}
			time.Sleep(20 * time.Millisecond)
		}
		if n := calls.Load(); n != 1 {
			t.Errorf("the job ran %d times, want once", n)
		}
		if n := store.completes.Load(); n != 4 {
			t.Errorf("recorded the outcome in %d tries, want 4 (3 failures, then success)", n)
		}
	})
}

// A node started again takes back the jobs its earlier run was running, at once: not when their
// leases (an hour here) run out.
func TestRestartedNodeTakesBackItsJobs(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		sys := switchboard.NewSystemContext(context.Background())
		enqueue(t, db, "send", 1, time.Time{})
		if claimed, err := db.ClaimJobs(sys, "web-1:8080/0badf00d", 10, time.Hour); err != nil || len(claimed) != 1 {
			t.Fatalf("claim: %v %v", claimed, err)
		}
		ran := make(chan int, 2)
		run(t, db, jobs.Options{Node: "web-1:8080", Lease: time.Hour}, map[string]jobs.Handler{
			"send": func(ctx context.Context, j *switchboard.Job) error { ran <- j.Attempt; return nil },
		})
		if got := waitFor(t, ran, "the job the earlier run held"); got != 2 {
			t.Errorf("ran as attempt %d, want 2", got)
		}
	})
}

// A job taken back after its last attempt was cut off is given up, not attempted once more
// than its retry policy allows.
func TestLastAttemptCutOffIsGivenUp(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		sys := switchboard.NewSystemContext(context.Background())
		enqueue(t, db, "send", 1, time.Time{})
		var last *switchboard.Job
		for i := 0; ; i++ {
			claimed, err := db.ClaimJobs(sys, "web-1:8080/old", 1, time.Hour)
			if err != nil || len(claimed) != 1 {
				t.Fatalf("claim %d: %v %v", i, claimed, err)
			}
			if last = claimed[0]; last.Attempt == last.MaxAttempts {
				break // the last attempt, cut off
			}
			if _, err := db.TakeBackJobs(sys, "web-1:8080", "web-1:8080/other"); err != nil {
				t.Fatal(err)
			}
		}
		var mu sync.Mutex
		var attempted, gaveUp []int
		given := make(chan struct{}, 1)
		run(t, db, jobs.Options{Node: "web-1:8080", Lease: time.Hour}, map[string]jobs.Handler{
			"send": func(ctx context.Context, j *switchboard.Job) error {
				mu.Lock()
				defer mu.Unlock()
				attempted = append(attempted, j.Attempt)
				return nil
			},
		}, map[string]jobs.Handler{
			"send": func(ctx context.Context, j *switchboard.Job) error {
				mu.Lock()
				gaveUp = append(gaveUp, j.Attempt)
				mu.Unlock()
				given <- struct{}{}
				return nil
			},
		})
		waitFor(t, given, "the job to be given up")
		deadline := time.Now().Add(15 * time.Second)
		for {
			failed, err := db.FindJobs(sys, switchboard.JobFailed, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(failed) == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the job given up is not failed")
			}
			time.Sleep(20 * time.Millisecond)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(attempted) != 0 || len(gaveUp) != 1 {
			t.Errorf("attempts made %v, given up %v; want none made and one given up", attempted, gaveUp)
		}
	})
}
