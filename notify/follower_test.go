package notify

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/backoff"
)

// script answers the follower's steps in turn, reporting each on calls; past its end it
// answers 0.
type script struct {
	mu      sync.Mutex
	answers []func() (int, error)
	calls   chan context.Context
}

func (s *script) follow(ctx context.Context) (int, error) {
	s.mu.Lock()
	var next func() (int, error)
	if len(s.answers) > 0 {
		next, s.answers = s.answers[0], s.answers[1:]
	}
	s.mu.Unlock()
	s.calls <- ctx
	if next == nil {
		return 0, nil
	}
	return next()
}

func steps(ns ...int) []func() (int, error) {
	var out []func() (int, error)
	for _, n := range ns {
		out = append(out, func() (int, error) { return n, nil })
	}
	return out
}

func runFollower(t *testing.T, f *Follower, s *script) {
	t.Helper()
	f.Store = &fakeStore{follow: s.follow}
	f.Log = discard()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.Run(ctx); close(done) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("Run did not return after its context ended")
		}
	})
}

// expectCalls waits for n steps, failing after a generous deadline.
func expectCalls(t *testing.T, s *script, n int) []context.Context {
	t.Helper()
	var ctxs []context.Context
	for i := 0; i < n; i++ {
		select {
		case ctx := <-s.calls:
			ctxs = append(ctxs, ctx)
		case <-time.After(10 * time.Second):
			t.Fatalf("step %d of %d did not come", i+1, n)
		}
	}
	return ctxs
}

// expectNoCall checks that no step comes while the follower should be waiting.
func expectNoCall(t *testing.T, s *script) {
	t.Helper()
	select {
	case <-s.calls:
		t.Fatal("the follower stepped while it should wait")
	case <-time.After(50 * time.Millisecond):
	}
}

func TestFollowerStepsUntilCaughtUpThenWaitsForWake(t *testing.T) {
	s := &script{answers: steps(3, 1, 0), calls: make(chan context.Context, 10)}
	wake := make(chan struct{}, 1)
	runFollower(t, &Follower{Router: Router{}, Every: time.Hour, Wake: wake}, s)
	ctxs := expectCalls(t, s, 3)
	if a, ok := switchboard.ActorFromContext(ctxs[0]); !ok || !a.System {
		t.Errorf("stepped as %+v, want the system", a)
	}
	expectNoCall(t, s)
	wake <- struct{}{}
	expectCalls(t, s, 1)
	expectNoCall(t, s)
}

func TestFollowerPollsEvery(t *testing.T) {
	s := &script{calls: make(chan context.Context, 10)}
	runFollower(t, &Follower{Every: 5 * time.Millisecond}, s) // no Wake: polling alone
	expectCalls(t, s, 3)
}

func TestFollowerBacksOffOnErrors(t *testing.T) {
	fail := func() (int, error) { return 0, errors.New("database is locked") }
	s := &script{answers: []func() (int, error){fail, fail, func() (int, error) { return 2, nil }}, calls: make(chan context.Context, 10)}
	wake := make(chan struct{})
	// The backoff is short and Every long: steps after failures come from the backoff alone.
	runFollower(t, &Follower{Every: time.Hour, Wake: wake, Backoff: backoff.Policy{Base: time.Millisecond, Max: 2 * time.Millisecond}}, s)
	expectCalls(t, s, 4) // two failures, a step of 2, a step of 0
	expectNoCall(t, s)
}

func TestFollowerCatchesUpABacklogInSteps(t *testing.T) {
	s := &script{answers: steps(FollowBatch, FollowBatch, 5), calls: make(chan context.Context, 10)}
	runFollower(t, &Follower{Every: time.Hour}, s)
	expectCalls(t, s, 4)
	expectNoCall(t, s)
}

func TestFollowerSurvivesAClosedWake(t *testing.T) {
	s := &script{calls: make(chan context.Context, 100)}
	wake := make(chan struct{})
	close(wake)
	runFollower(t, &Follower{Every: time.Hour, Wake: wake}, s)
	expectCalls(t, s, 2) // the first step, and one for the close
	expectNoCall(t, s)   // then no spinning on the closed channel
}
