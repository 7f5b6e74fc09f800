package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/backoff"
)

// reportsBatch is how many events one recording step reads (a tenth as many conversations of
// the history backfill): small enough that a step's transaction is short, large enough that a
// burst is caught up in a few steps.
const reportsBatch = 500

// rebuildBatch is the rebuild's step: ten times larger, as nothing else waits on its
// transactions, so the history's conversations (a tenth of it a step) take fewer commits.
const rebuildBatch = 5000

// reportStepper is the store's recording of reports, one step at a time.
type reportStepper interface {
	FollowReports(ctx context.Context, limit int) (int, error)
}

// reportFollower records the reports' facts as events are written: it steps until caught up,
// then looks again every Every. The hub owns the store's change signal, so this polls; a few
// seconds behind is fine for a dashboard, and a step that finds nothing costs one small read.
type reportFollower struct {
	Store reportStepper
	Log   *slog.Logger
	Every time.Duration
	// Backoff spaces the steps after failures (the database down, a conflict); zero: Every
	// doubling up to a minute.
	Backoff backoff.Policy
}

// Run follows until ctx ends.
func (f *reportFollower) Run(ctx context.Context) {
	ctx = switchboard.NewSystemContext(ctx)
	policy := f.Backoff
	if policy.Base == 0 {
		policy = backoff.Policy{Base: f.Every, Max: time.Minute}
	}
	failures := 0
	for {
		n, err := f.Store.FollowReports(ctx, reportsBatch)
		if ctx.Err() != nil {
			return
		}
		wait := f.Every
		switch {
		case err != nil:
			failures++
			wait = policy.Delay(failures)
			f.Log.Warn("record reports", "err", err, "failures", failures, "retry_in", wait.String())
		case n > 0:
			failures = 0
			continue // more to do: at once
		default:
			failures = 0
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// reportRebuilder forgets the reports and records them again.
type reportRebuilder interface {
	reportStepper
	ResetReports(ctx context.Context) error
}

// rebuildReports runs `switchboard reports rebuild`: it forgets every fact and rollup, then
// records them again from the tables and the event log until caught up, printing progress.
// The server may keep running meanwhile; its dashboard reads partial figures until done.
func rebuildReports(ctx context.Context, s reportRebuilder, out io.Writer) error {
	ctx = switchboard.NewSystemContext(ctx)
	start := time.Now()
	if err := s.ResetReports(ctx); err != nil {
		return describe(err)
	}
	total, last := 0, time.Now()
	for {
		n, err := s.FollowReports(ctx, rebuildBatch)
		if err != nil {
			return fmt.Errorf("record reports: %w", err)
		}
		if n == 0 {
			break
		}
		total += n
		if time.Since(last) >= 5*time.Second {
			fmt.Fprintf(out, "%d recorded so far (%s)\n", total, time.Since(start).Round(time.Second))
			last = time.Now()
		}
	}
	// 0 also when a running server (PostgreSQL) holds the turn: it records the rest.
	fmt.Fprintf(out, "reports rebuilt: %d conversations, events and facts recorded in %s (a running server records anything newer)\n",
		total, time.Since(start).Round(time.Millisecond))
	return nil
}

// errReportsUsage is the answer to `switchboard reports` without a known subcommand.
var errReportsUsage = errors.New("reports: want rebuild")
