package sqlstore_test

import (
	"errors"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// wakeJob returns the newest wake-up job in a state, or nil.
func wakeJob(t *testing.T, w *world, state switchboard.JobState) *switchboard.Job {
	t.Helper()
	jobs, err := w.db.FindJobs(w.sys, state, 500)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range jobs {
		if j.Kind == switchboard.JobWakeConversation {
			return j
		}
	}
	return nil
}

// TestJobsMovedWhileRunningRunAgain checks the end of an attempt against changes made while it
// ran: a snooze moved while its wake-up runs must still wake at the new time, a snooze ended while
// it runs must not, and a plain attempt ends as its handler said.
func TestJobsMovedWhileRunningRunAgain(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		conv := w.start(t, w.annCtx, w.inbox1, w.carla, "Hello")
		// claim snoozes the conversation until at, lets that time come and claims the wake-up.
		claim := func(t *testing.T, at time.Time) *switchboard.Job {
			t.Helper()
			if _, err := db.Snooze(w.annCtx, conv.ID, at); err != nil {
				t.Fatal(err)
			}
			clock.now = at
			claimed, err := db.ClaimJobs(w.sys, "node-a", 10, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			for _, j := range claimed {
				if j.Kind == switchboard.JobWakeConversation {
					return j
				}
			}
			t.Fatalf("no wake-up claimed among %+v", claimed)
			return nil
		}
		for _, end := range []struct {
			name   string
			finish func(j *switchboard.Job) error
		}{
			{"completed", func(j *switchboard.Job) error { return db.CompleteJob(w.sys, j.ID, "node-a") }},
			{"retried", func(j *switchboard.Job) error {
				return db.RetryJob(w.sys, j.ID, "node-a", clock.now.Add(time.Second), "busy")
			}},
			{"failed", func(j *switchboard.Job) error { return db.FailJob(w.sys, j.ID, "node-a", "broken") }},
		} {
			t.Run("moved while it ran, then "+end.name, func(t *testing.T) {
				j := claim(t, clock.now.Add(time.Hour))
				later := clock.now.Add(3 * time.Hour)
				if _, err := db.Snooze(w.annCtx, conv.ID, later); err != nil {
					t.Fatal(err)
				}
				if err := end.finish(j); err != nil {
					t.Fatal(err)
				}
				again := wakeJob(t, w, switchboard.JobAvailable)
				if again == nil || again.ID != j.ID || !again.RunAt.Equal(later) || again.Attempt != 0 || again.FinishedAt != nil {
					t.Fatalf("after the attempt: %+v, want job %d available again at %v with fresh attempts", again, j.ID, later)
				}
				// The next attempt, at the new time, ends it as its handler says.
				clock.now = later
				claimed, err := db.ClaimJobs(w.sys, "node-a", 10, time.Minute)
				if err != nil || len(claimed) != 1 || claimed[0].ID != j.ID {
					t.Fatalf("claim at the new time: %+v, %v", claimed, err)
				}
				if err := db.CompleteJob(w.sys, j.ID, "node-a"); err != nil {
					t.Fatal(err)
				}
				if done := wakeJob(t, w, switchboard.JobCompleted); done == nil || done.ID != j.ID || done.FinishedAt == nil {
					t.Errorf("completed = %+v, want job %d with its finish time", done, j.ID)
				}
			})
		}
		t.Run("ended while it ran", func(t *testing.T) {
			j := claim(t, clock.now.Add(time.Hour))
			if _, err := db.Snooze(w.annCtx, conv.ID, clock.now.Add(2*time.Hour)); err != nil {
				t.Fatal(err)
			}
			if _, err := db.SetStatus(w.annCtx, conv.ID, switchboard.StatusResolved); err != nil {
				t.Fatal(err)
			}
			if err := db.CompleteJob(w.sys, j.ID, "node-a"); err != nil {
				t.Fatal(err)
			}
			if again := wakeJob(t, w, switchboard.JobAvailable); again != nil {
				t.Errorf("a wake-up for a resolved conversation is queued: %+v", again)
			}
		})
		t.Run("a wake-up early by another node's clock waits for its time", func(t *testing.T) {
			until := clock.now.Add(time.Hour)
			if _, err := db.Snooze(w.annCtx, conv.ID, until); err != nil {
				t.Fatal(err)
			}
			var early *switchboard.NotDueError
			if err := db.WakeConversation(w.sys, conv.ID); !errors.As(err, &early) || !early.At.Equal(until) {
				t.Fatalf("early wake: %v, want not due until %v", err, until)
			}
			clock.now = until
			if err := db.WakeConversation(w.sys, conv.ID); err != nil {
				t.Fatal(err)
			}
			if c, _ := db.FindConversationByID(w.sys, conv.ID); c.Status != switchboard.StatusOpen || c.SnoozedUntil != nil {
				t.Errorf("after its time: %s until %v, want open", c.Status, c.SnoozedUntil)
			}
		})
		t.Run("a plain failure is final and keeps its error", func(t *testing.T) {
			if _, err := db.SetStatus(w.annCtx, conv.ID, switchboard.StatusOpen); err != nil {
				t.Fatal(err)
			}
			j := claim(t, clock.now.Add(time.Hour))
			if err := db.FailJob(w.sys, j.ID, "node-a", "gave up"); err != nil {
				t.Fatal(err)
			}
			failed := wakeJob(t, w, switchboard.JobFailed)
			if failed == nil || failed.ID != j.ID || failed.LastError != "gave up" || failed.FinishedAt == nil {
				t.Errorf("failed = %+v", failed)
			}
		})
	})
}
