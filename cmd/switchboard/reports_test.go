package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/backoff"
)

// steps is a store whose recording steps answer from a script; after the script it cancels the
// follower's context.
type steps struct {
	answers []int
	fail    map[int]bool // the calls (from 0) that fail
	calls   int
	limits  []int
	reset   bool
	cancel  context.CancelFunc
}

func (s *steps) FollowReports(ctx context.Context, limit int) (int, error) {
	if a, _ := switchboard.ActorFromContext(ctx); !a.System {
		return 0, errors.New("not the system")
	}
	i := s.calls
	s.calls++
	s.limits = append(s.limits, limit)
	if s.fail[i] {
		return 0, errors.New("database is down")
	}
	if i >= len(s.answers) {
		if s.cancel != nil {
			s.cancel()
		}
		return 0, nil
	}
	return s.answers[i], nil
}

func (s *steps) ResetReports(ctx context.Context) error {
	s.reset = true
	return nil
}

func TestReportFollower(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Two steps of work, caught up, a failure, caught up, more work, then the script ends.
	st := &steps{answers: []int{500, 20, 0, 0, 0, 7}, fail: map[int]bool{3: true}, cancel: cancel}
	var log bytes.Buffer
	f := &reportFollower{Store: st, Log: slog.New(slog.NewTextHandler(&log, nil)), Every: time.Microsecond,
		Backoff: backoff.Policy{Base: time.Microsecond, Max: time.Microsecond}}
	done := make(chan struct{})
	go func() { f.Run(ctx); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the follower did not stop with its context")
	}
	if st.calls != 7 || st.limits[0] != reportsBatch {
		t.Errorf("calls %d, limits %v", st.calls, st.limits)
	}
	if !strings.Contains(log.String(), "database is down") {
		t.Errorf("the failure was not logged: %s", log.String())
	}
}

func TestRebuildReports(t *testing.T) {
	st := &steps{answers: []int{50, 500, 3}}
	var out bytes.Buffer
	if err := rebuildReports(context.Background(), st, &out); err != nil {
		t.Fatal(err)
	}
	if !st.reset || st.calls != 4 || !strings.Contains(out.String(), "553") {
		t.Errorf("reset %v, calls %d, said %q", st.reset, st.calls, out.String())
	}
	st = &steps{answers: []int{50}, fail: map[int]bool{1: true}}
	if err := rebuildReports(context.Background(), st, &out); err == nil || !strings.Contains(err.Error(), "database is down") {
		t.Errorf("a failing step: %v", err)
	}
}
