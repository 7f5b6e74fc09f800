package sqlstore_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func inject(t *testing.T, db *sqlstore.DB, f sqlstore.Fault) {
	t.Helper()
	if err := db.InjectFault(context.Background(), f); err != nil {
		t.Fatal(err)
	}
}

// A claim that cannot commit returns no jobs, leaves them as they were, and they are claimed
// once the store writes again. (It used to return the rows it had claimed in the transaction
// that failed: the runner ran them, and claimed them again at once, thousands of times.)
func TestClaimThatFailsLeasesNothing(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		sys := switchboard.NewSystemContext(context.Background())
		for i := 0; i < 3; i++ {
			if err := db.EnqueueJob(sys, "probe", map[string]int{"n": i}, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		inject(t, db, sqlstore.FaultReadOnly)
		jobs, err := db.ClaimJobs(sys, "node/1", 10, time.Minute)
		if err == nil || len(jobs) != 0 {
			t.Fatalf("claim on a read-only store = %d jobs, %v; want none and an error", len(jobs), err)
		}
		if !sqlstore.Unavailable(err) {
			t.Errorf("the claim's error is not classified as the store being unavailable: %v", err)
		}
		inject(t, db, sqlstore.FaultNone)
		jobs, err = db.ClaimJobs(sys, "node/1", 10, time.Minute)
		if err != nil || len(jobs) != 3 {
			t.Fatalf("claim after the fault = %d jobs, %v; want 3", len(jobs), err)
		}
		for _, j := range jobs {
			if j.Attempt != 1 {
				t.Errorf("job %d is at attempt %d after one claim that committed, want 1", j.ID, j.Attempt)
			}
		}
	})
}

// Readiness follows writes: a store whose writes fail is not ready though it still answers
// reads, and is ready again once a write commits.
func TestReadyReportsFailingWrites(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		if err := db.Ready(ctx); err != nil {
			t.Fatalf("a healthy store is not ready: %v", err)
		}
		inject(t, db, sqlstore.FaultReadOnly)
		if err := db.Ready(ctx); err != nil {
			t.Fatalf("before any write failed, readiness is a ping, and it answers: %v", err)
		}
		_, err := db.CreateLabel(w.adminCtx, &switchboard.LabelInput{Name: ptr("refund")})
		if err == nil || !sqlstore.Unavailable(err) {
			t.Fatalf("a write on a read-only store = %v, want an error classified unavailable", err)
		}
		if err := db.Ready(ctx); err == nil {
			t.Fatal("the store says it is ready while its writes fail")
		}
		if _, err := db.FindLabels(w.adminCtx); err != nil {
			t.Fatalf("reads should still work: %v", err)
		}
		inject(t, db, sqlstore.FaultNone)
		if err := db.Ready(ctx); err != nil {
			t.Fatalf("the store is not ready once writes work again: %v", err)
		}
		if _, err := db.CreateLabel(w.adminCtx, &switchboard.LabelInput{Name: ptr("refund")}); err != nil {
			t.Fatal(err)
		}
	})
}

// A full disk (SQLite refusing to grow) fails the writes that need room, as the real one does,
// with an error callers can tell from a bug.
func TestDiskFullIsUnavailable(t *testing.T) {
	db, _ := sqltest.Engines(t)[0].Open(t, sqltest.Options{})
	w := newWorld(t, db)
	inject(t, db, sqlstore.FaultDiskFull)
	var err error
	for i := 0; i < 200 && err == nil; i++ {
		_, _, err = db.CreateConversation(w.annCtx, &switchboard.ConversationCreate{InboxID: w.inbox1.ID, ContactID: w.carla.ID,
			Text: strings.Repeat("A long message that needs room. ", 200)})
	}
	if err == nil || !sqlstore.Unavailable(err) || !strings.Contains(err.Error(), "full") {
		t.Fatalf("writes on a full disk = %v, want a full-disk error classified unavailable", err)
	}
	if err := db.Ready(context.Background()); err == nil {
		t.Fatal("ready with a full disk")
	}
	inject(t, db, sqlstore.FaultNone)
	if err := db.Ready(context.Background()); err != nil {
		t.Fatalf("not ready once there is room again: %v", err)
	}
}

// A send begun and never ended is found by the next attempt, which must not send again.
func TestSendBegunTwiceIsUnconfirmed(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		_, m, err := db.CreateConversation(w.annCtx, &switchboard.ConversationCreate{InboxID: w.inbox1.ID, ContactID: w.carla.ID, Text: "Your refund code is 4411"})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.BeginSend(w.sys, m.ID); err != nil {
			t.Fatal(err)
		}
		// The attempt's node stops here: its outcome is never recorded.
		var se *switchboard.SendError
		if err := db.BeginSend(w.sys, m.ID); !errors.As(err, &se) || se.Code != switchboard.SendUnconfirmed || se.Retryable {
			t.Fatalf("a second begin = %v, want a final unconfirmed send error", err)
		}
		// A send the provider refused (or never saw) is abandoned, and the next attempt may send.
		if err := db.AbandonSend(w.sys, m.ID, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.BeginSend(w.sys, m.ID); err != nil {
			t.Fatalf("begin after an abandoned send: %v", err)
		}
		if _, err := db.RecordSent(w.sys, m.ID, &switchboard.Sent{ProviderID: "wamid.1"}); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.BeginSend(w.sys, m.ID), switchboard.ECONFLICT) // sent: nothing to begin
		// An agent who checked may send an unconfirmed message again: the retry starts afresh.
		_, m2, err := db.CreateConversation(w.annCtx, &switchboard.ConversationCreate{InboxID: w.inbox1.ID, ContactID: w.dino.ID, Text: "Hello"})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.BeginSend(w.sys, m2.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetMessageStatus(w.sys, m2.ID, switchboard.MessageFailed, switchboard.SendUnconfirmed, "cut off"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RetryMessage(w.adminCtx, m2.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.BeginSend(w.sys, m2.ID); err != nil {
			t.Fatalf("begin after an agent's retry: %v", err)
		}
	})
}

// A node started again takes back the jobs its earlier run held, and only those.
func TestTakeBackJobs(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		sys := switchboard.NewSystemContext(context.Background())
		for i := 0; i < 2; i++ {
			if err := db.EnqueueJob(sys, "probe", map[string]int{"n": i}, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		if j, err := db.ClaimJobs(sys, "web-1:8080/aaaa", 1, time.Hour); err != nil || len(j) != 1 {
			t.Fatalf("claim = %v, %v", j, err)
		}
		if j, err := db.ClaimJobs(sys, "web-1:80800/cccc", 1, time.Hour); err != nil || len(j) != 1 {
			t.Fatalf("claim = %v, %v", j, err)
		}
		n, err := db.TakeBackJobs(sys, "web-1:8080", "web-1:8080/bbbb")
		if err != nil || n != 1 {
			t.Fatalf("took back %d jobs, %v; want the one of web-1:8080's earlier run", n, err)
		}
		if j, err := db.ClaimJobs(sys, "web-1:8080/bbbb.1", 5, time.Hour); err != nil || len(j) != 1 || j[0].Attempt != 2 {
			t.Fatalf("claim after taking back = %+v, %v; want the job again, at its second attempt", j, err)
		}
		if n, err := db.TakeBackJobs(sys, "web-1:8080", "web-1:8080/bbbb"); err != nil || n != 0 {
			t.Fatalf("took back %d of its own run's jobs, %v", n, err)
		}
	})
}

// The jobs of a claim whose outcome the node does not know are given back under that claim's
// name, the attempt it counted undone; other claims' jobs stay where they are.
func TestReleaseJobs(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		sys := switchboard.NewSystemContext(context.Background())
		for i := 0; i < 3; i++ {
			if err := db.EnqueueJob(sys, "probe", map[string]int{"n": i}, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		if j, err := db.ClaimJobs(sys, "web-1:8080/aaaa.1", 2, time.Hour); err != nil || len(j) != 2 {
			t.Fatalf("claim = %v, %v", j, err)
		}
		if j, err := db.ClaimJobs(sys, "web-1:8080/aaaa.2", 1, time.Hour); err != nil || len(j) != 1 {
			t.Fatalf("claim = %v, %v", j, err)
		}
		if n, err := db.ReleaseJobs(sys, "web-1:8080/aaaa.1"); err != nil || n != 2 {
			t.Fatalf("released %d, %v; want the first claim's 2", n, err)
		}
		again, err := db.ClaimJobs(sys, "web-1:8080/aaaa.3", 5, time.Hour)
		if err != nil || len(again) != 2 {
			t.Fatalf("claim after the release = %v, %v; want the 2 given back", again, err)
		}
		for _, j := range again {
			if j.Attempt != 1 {
				t.Errorf("job %d at attempt %d, want 1: the released claim's attempt is undone", j.ID, j.Attempt)
			}
		}
	})
}

// SQLite's log is emptied while the store runs once it passes its limit, not only at shutdown.
func TestWALIsTruncatedWhileRunning(t *testing.T) {
	db, _ := sqltest.Engines(t)[0].Open(t, sqltest.Options{})
	w := newWorld(t, db)
	const limit = 256 << 10
	db.SetWALLimitForTest(limit)
	// After a burst the log keeps its size: only a write after a complete checkpoint would
	// start it again from the top (and cut it to journal_size_limit), and none comes.
	for i := 0; i < 60; i++ {
		if _, _, err := db.CreateConversation(w.annCtx, &switchboard.ConversationCreate{InboxID: w.inbox1.ID, ContactID: w.carla.ID,
			Text: strings.Repeat("words ", 500)}); err != nil {
			t.Fatal(err)
		}
	}
	size := func() int64 {
		fi, err := os.Stat(db.WALPathForTest())
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	if s := size(); s <= limit {
		t.Fatalf("the log is %d bytes after the writes; the test needs it beyond %d", s, limit)
	}
	deadline := time.Now().Add(30 * time.Second)
	for size() > limit {
		if time.Now().After(deadline) {
			t.Fatalf("the log is still %d bytes, beyond its limit of %d", size(), limit)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
