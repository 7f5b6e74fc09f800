package notify

import (
	"context"
	"log/slog"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/backoff"
)

// FollowBatch is how many events one step of the follower routes: a step is one write
// transaction, short enough not to hold the writer long, large enough to catch up a burst in a
// few steps.
const FollowBatch = 200

// Follower routes the event log's new events into notifications, one loop per node: it steps
// until caught up, then waits for the hub's signal that new events were published (Wake) or
// Every, whichever comes first. On PostgreSQL the store lets one node step at a time; the
// others' steps read 0.
type Follower struct {
	Store  switchboard.NotificationStore
	Router switchboard.NotificationRouter
	Log    *slog.Logger
	// Every is how often to look without a signal (default 1 s): events written by other
	// nodes, or a signal lost while a step ran.
	Every time.Duration
	// Wake is signalled after the hub published new events (nil: poll only).
	Wake <-chan struct{}
	// Backoff spaces the steps after failures (the database down); zero: Every doubling up to
	// a minute.
	Backoff backoff.Policy
}

// Run follows until ctx ends.
func (f *Follower) Run(ctx context.Context) {
	ctx = switchboard.NewSystemContext(ctx)
	every := f.Every
	if every <= 0 {
		every = time.Second
	}
	policy := f.Backoff
	if policy.Base == 0 {
		policy = backoff.Policy{Base: every, Max: time.Minute}
	}
	log := f.Log
	if log == nil {
		log = slog.Default()
	}
	router := f.Router
	if router == nil {
		router = Router{}
	}
	wake := f.Wake
	failures := 0
	for {
		began := time.Now()
		n, err := f.Store.FollowNotifications(ctx, router, FollowBatch)
		if ctx.Err() != nil {
			return
		}
		switch {
		case err != nil:
			failures++
			wait := policy.Delay(failures)
			log.Warn("route notifications", "err", err, "failures", failures, "retry_in", wait.String())
			// A wake signal does not cut a backoff short: the database needs the pause.
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			continue
		case n >= FollowBatch:
			// A backlog (a burst, or a node that was down): after a pause as long as the step
			// took, so catching up holds the store's writer at most half the time.
			failures = 0
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Since(began)):
			}
			continue
		case n > 0:
			failures = 0
			continue // a few more may have come meanwhile: look again at once
		}
		failures = 0
		t := time.NewTimer(every)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case _, ok := <-wake:
			if !ok {
				wake = nil // closed (the hub stopped): poll alone rather than spin
			}
		case <-t.C:
		}
		t.Stop()
	}
}
