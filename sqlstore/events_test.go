package sqlstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestEventLogVisibilityAndOrder(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		c1 := w.start(t, w.annCtx, w.inbox1, w.carla, "one")
		c2 := w.start(t, w.bobCtx, w.inbox2, w.dino, "two")
		if err := db.MarkUnread(w.bobCtx, c2.ID); err != nil {
			t.Fatal(err)
		}

		all, err := db.FindEvents(w.sys, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(all); i++ {
			if all[i].ID <= all[i-1].ID {
				t.Fatalf("event ids not increasing: %d then %d", all[i-1].ID, all[i].ID)
			}
		}
		ann, err := db.FindEvents(w.annCtx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		sawOwn := false
		for _, e := range ann {
			if e.ConversationID != nil && *e.ConversationID == c2.ID {
				t.Errorf("ann received event %s of a conversation in another inbox", e.Type)
			}
			if e.AgentID != nil && *e.AgentID != w.ann.ID {
				t.Errorf("ann received %s meant for agent %d", e.Type, *e.AgentID)
			}
			if e.Type == switchboard.EventConversationCreated && *e.ConversationID == c1.ID {
				sawOwn = true
			}
		}
		if !sawOwn {
			t.Error("ann did not receive the creation of her own conversation")
		}
		// Resuming after an id returns exactly the rest.
		mid := all[len(all)/2].ID
		rest, err := db.FindEvents(w.sys, mid, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(rest) == 0 || rest[0].ID <= mid || rest[len(rest)-1].ID != all[len(all)-1].ID {
			t.Errorf("resume after %d returned %d events", mid, len(rest))
		}
		if last, err := db.LastEventID(w.sys); err != nil || last != all[len(all)-1].ID {
			t.Errorf("LastEventID = %d, %v; want %d", last, err, all[len(all)-1].ID)
		}
		// A commit that wrote events signals Changes.
		select {
		case <-db.Changes():
		default:
			t.Error("no change signalled after commits")
		}
	})
}

// TestEventLogTailNeverSkips has writers commit events concurrently while a reader tails the
// log the way the hub and resuming clients do (after the last id seen). On PostgreSQL ids are
// handed out before commit, so a reader that saw a later id before an earlier one committed
// would pass over it for good; the log must never let that happen.
func TestEventLogTailNeverSkips(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		const writers, notes = 8, 25
		convs := make([]*switchboard.Conversation, writers) // one each, so no row lock orders them
		for i := range convs {
			convs[i] = w.start(t, w.annCtx, w.inbox1, w.carla, fmt.Sprintf("tail %d", i))
		}
		start, err := db.LastEventID(w.sys)
		if err != nil {
			t.Fatal(err)
		}
		// Commits are held back a random moment, as a busy disk holds them, so that on
		// PostgreSQL later transactions commit before earlier ones.
		db.SetBeforeCommitForTest(func() { time.Sleep(time.Duration(rand.IntN(3000)) * time.Microsecond) })
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for i := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := range notes {
					if _, _, err := db.CreateMessage(w.annCtx, convs[i].ID, &switchboard.MessageCreate{Note: true,
						Text: fmt.Sprintf("note %d.%d", i, n)}); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		seen := map[int64]bool{}
		last := start
		tail := func() {
			events, err := db.FindEvents(w.sys, last, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range events {
				seen[e.ID] = true
				last = e.ID
			}
		}
		for running := true; running; {
			select {
			case <-done:
				running = false
			case err := <-errs:
				t.Fatal(err)
			default:
				tail()
			}
		}
		tail()
		all, err := db.FindEvents(w.sys, start, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) < writers*notes {
			t.Fatalf("%d events in the log, want at least %d", len(all), writers*notes)
		}
		for _, e := range all {
			if !seen[e.ID] {
				t.Errorf("the tail passed over event %d (%s)", e.ID, e.Type)
			}
		}
	})
}

// TestEventLogTailPassesRolledBackIDs: an id given to a transaction that rolled back never
// appears in the log; a tail waiting for it (on PostgreSQL the ids after it could be a commit
// under way) must still go past it, before and after the events that follow it.
func TestEventLogTailPassesRolledBackIDs(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		conv := w.start(t, w.annCtx, w.inbox1, w.carla, "holes")
		note := func(text string) int64 {
			t.Helper()
			if _, _, err := db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{Note: true, Text: text}); err != nil {
				t.Fatal(err)
			}
			id, err := db.LastEventID(w.sys)
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		start, err := db.LastEventID(w.sys)
		if err != nil {
			t.Fatal(err)
		}
		first := note("before the hole")
		db.RollBackEventForTest()
		last := note("after the hole")
		db.RollBackEventForTest() // a hole at the very end is not waited for: nothing follows it

		var seen []int64
		for cursor, reads := start, 0; cursor < last; reads++ {
			if reads == 10 {
				t.Fatalf("the tail is stuck at event %d of %d after %d reads", cursor, last, reads)
			}
			events, err := db.FindEvents(w.sys, cursor, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range events {
				if e.ID <= cursor {
					t.Fatalf("event %d read again after %d", e.ID, cursor)
				}
				seen = append(seen, e.ID)
				cursor = e.ID
			}
		}
		if seen[0] != start+1 || !slices.Contains(seen, first) || seen[len(seen)-1] != last {
			t.Errorf("the tail read %v; want from %d through %d and then to %d", seen, start+1, first, last)
		}
		if events, err := db.FindEvents(w.sys, last, 0); err != nil || len(events) != 0 {
			t.Errorf("after the last event: %d events, %v; want none", len(events), err)
		}
	})
}

// The log starts empty and only grows. A read PostgreSQL runs on a plan it cached while the log
// was small (a scan of the whole table) keeps that plan until an ANALYZE of the log, which never
// comes with autovacuum off: every read of the hub, after every commit, then cost as much as the
// log was long. Reads of the log are planned for the log as it is.
func TestEventLogReadsAreNotPlannedInAdvance(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		conv := w.start(t, w.annCtx, w.inbox1, w.carla, "plans")
		for i := range 12 {
			if _, _, err := db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{Note: true, Text: fmt.Sprint("note ", i)}); err != nil {
				t.Fatal(err)
			}
			for _, ctx := range []context.Context{w.sys, w.annCtx} {
				if _, err := db.FindEvents(ctx, int64(i), 0); err != nil {
					t.Fatal(err)
				}
			}
		}
		if n := db.CachedPlansForTest("FROM events WHERE id >"); n != 0 {
			t.Errorf("%d reads of the event log ran on a plan cached in advance; want none", n)
		}
	})
}
