package sqlstore_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// scheduledJob returns the live job that sends a scheduled message, or nil.
func scheduledJob(t *testing.T, w *world, id int64) *switchboard.Job {
	t.Helper()
	live, err := w.db.FindJobs(w.sys, switchboard.JobAvailable, 500)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range live {
		var a switchboard.SendScheduledArgs
		if j.Kind == switchboard.JobSendScheduled && json.Unmarshal(j.Args, &a) == nil && a.ScheduledMessageID == id {
			return j
		}
	}
	return nil
}

// thread returns a conversation's messages as the system sees them.
func thread(t *testing.T, w *world, convID int64) []*switchboard.Message {
	t.Helper()
	page, err := w.db.FindMessages(w.sys, convID, switchboard.MessageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return page.Items
}

func TestScheduledMessages(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		conv := w.start(t, w.annCtx, w.inbox1, w.carla, "Hello Carla")
		before := len(thread(t, w, conv.ID))
		at := clock.now.Add(2 * time.Hour)
		in := &switchboard.ScheduledMessageInput{Text: ptr("Your order ships today"), SendAt: &at, IdempotencyKey: "k-1"}

		s, created, err := db.ScheduleMessage(w.annCtx, conv.ID, in)
		if err != nil || !created {
			t.Fatalf("schedule: %v, %v", created, err)
		}
		if s.State != switchboard.ScheduledPending || !s.SendAt.Equal(at) || s.AuthorID != w.ann.ID || s.InboxID != w.inbox1.ID {
			t.Errorf("scheduled %+v", s)
		}
		if j := scheduledJob(t, w, s.ID); j == nil || !j.RunAt.Equal(at) {
			t.Errorf("job %+v, want one due at %v", j, at)
		}
		if n := len(thread(t, w, conv.ID)); n != before {
			t.Errorf("the thread has %d messages, want %d: a scheduled message stays out until sent", n, before)
		}
		if n := countEvents(t, db, switchboard.EventScheduledChanged); n != 1 {
			t.Errorf("%d scheduled_message.changed events, want 1", n)
		}

		t.Run("a double click schedules once", func(t *testing.T) {
			again, created, err := db.ScheduleMessage(w.annCtx, conv.ID, in)
			if err != nil || created || again.ID != s.ID {
				t.Errorf("again: %+v, created %v, %v", again, created, err)
			}
			other := w.start(t, w.annCtx, w.inbox1, w.dino, "Hi Dino")
			_, _, err = db.ScheduleMessage(w.annCtx, other.ID, in)
			wantCode(t, err, switchboard.ECONFLICT)
		})

		t.Run("bad input", func(t *testing.T) {
			past, far := clock.now.Add(-time.Minute), clock.now.Add(400*24*time.Hour)
			for name, bad := range map[string]struct {
				in    switchboard.ScheduledMessageInput
				field string
			}{
				"no text":        {switchboard.ScheduledMessageInput{Text: ptr("  "), SendAt: &at}, "text"},
				"no time":        {switchboard.ScheduledMessageInput{Text: ptr("hi")}, "send_at"},
				"in the past":    {switchboard.ScheduledMessageInput{Text: ptr("hi"), SendAt: &past}, "send_at"},
				"too far":        {switchboard.ScheduledMessageInput{Text: ptr("hi"), SendAt: &far}, "send_at"},
				"foreign answer": {switchboard.ScheduledMessageInput{Text: ptr("hi"), SendAt: &at, ReplyToID: ptr(int64(99999))}, "reply_to_id"},
			} {
				t.Run(name, func(t *testing.T) {
					_, _, err := db.ScheduleMessage(w.annCtx, conv.ID, &bad.in)
					wantFieldErr(t, err, switchboard.EINVALID, bad.field)
				})
			}
		})

		t.Run("visibility and permissions", func(t *testing.T) {
			// Bob is not in Sales: the conversation and its scheduled messages do not exist for him.
			_, _, err := db.ScheduleMessage(w.bobCtx, conv.ID, &switchboard.ScheduledMessageInput{Text: ptr("hi"), SendAt: &at})
			wantCode(t, err, switchboard.ENOTFOUND)
			_, err = db.FindScheduledMessages(w.bobCtx, conv.ID)
			wantCode(t, err, switchboard.ENOTFOUND)
			_, err = db.CancelScheduledMessage(w.bobCtx, s.ID)
			wantCode(t, err, switchboard.ENOTFOUND)
			_, err = db.UpdateScheduledMessage(w.bobCtx, s.ID, &switchboard.ScheduledMessageInput{Text: ptr("hacked")})
			wantCode(t, err, switchboard.ENOTFOUND)
			_, err = db.CancelScheduledMessage(w.annCtx, 99999)
			wantCode(t, err, switchboard.ENOTFOUND)
			// Bob joins Sales: he sees it but may not change another agent's message.
			if _, err := db.SetInboxMembers(w.sys, w.inbox1.ID, &switchboard.InboxMembers{AgentIDs: []int64{w.ann.ID, w.bob.ID}}); err != nil {
				t.Fatal(err)
			}
			list, err := db.FindScheduledMessages(w.bobCtx, conv.ID)
			if err != nil || len(list) != 1 || list[0].ID != s.ID {
				t.Errorf("Bob lists %+v, %v", list, err)
			}
			_, err = db.CancelScheduledMessage(w.bobCtx, s.ID)
			wantCode(t, err, switchboard.EFORBIDDEN)
			// A supervisor may.
			later := at.Add(time.Hour)
			moved, err := db.UpdateScheduledMessage(w.superCtx, s.ID, &switchboard.ScheduledMessageInput{SendAt: &later})
			if err != nil || !moved.SendAt.Equal(later) || moved.Text != "Your order ships today" {
				t.Fatalf("move: %+v, %v", moved, err)
			}
			if j := scheduledJob(t, w, s.ID); j == nil || !j.RunAt.Equal(later) {
				t.Errorf("job %+v, want it moved to %v", j, later)
			}
			at = later
		})

		t.Run("not sent before its time", func(t *testing.T) {
			var nd *switchboard.NotDueError
			if err := db.SendScheduledMessage(w.sys, s.ID); !errors.As(err, &nd) || !nd.At.Equal(at) {
				t.Errorf("early send: %v, want not due until %v", err, at)
			}
			wantCode(t, db.SendScheduledMessage(w.annCtx, s.ID), switchboard.EFORBIDDEN)
		})

		t.Run("sent once at its time, as its author's reply", func(t *testing.T) {
			clock.Add(4 * time.Hour)
			for range 2 { // a job that runs twice after a crash sends once
				if err := db.SendScheduledMessage(w.sys, s.ID); err != nil {
					t.Fatal(err)
				}
			}
			list, _ := db.FindScheduledMessages(w.annCtx, conv.ID)
			if len(list) != 1 || list[0].State != switchboard.ScheduledSent || list[0].MessageID == nil {
				t.Fatalf("after sending: %+v", list)
			}
			msgs := thread(t, w, conv.ID)
			var sent []*switchboard.Message
			for _, m := range msgs {
				if m.Text == "Your order ships today" {
					sent = append(sent, m)
				}
			}
			if len(sent) != 1 || sent[0].ID != *list[0].MessageID || sent[0].SenderID == nil || *sent[0].SenderID != w.ann.ID ||
				sent[0].Status != switchboard.MessagePending || sent[0].Direction != switchboard.DirectionOutgoing {
				t.Fatalf("thread has %+v, want one pending reply by Ann", sent)
			}
			if !sent[0].CreatedAt.Equal(clock.now) {
				t.Errorf("the reply is dated %v, want the send time %v", sent[0].CreatedAt, clock.now)
			}
			_, err := db.CancelScheduledMessage(w.annCtx, s.ID)
			wantCode(t, err, switchboard.ECONFLICT)
		})

		t.Run("cancelled messages are never sent", func(t *testing.T) {
			soon := clock.now.Add(time.Minute)
			c, _, err := db.ScheduleMessage(w.annCtx, conv.ID, &switchboard.ScheduledMessageInput{Text: ptr("Never mind"), SendAt: &soon})
			if err != nil {
				t.Fatal(err)
			}
			cancelled, err := db.CancelScheduledMessage(w.annCtx, c.ID)
			if err != nil || cancelled.State != switchboard.ScheduledCancelled {
				t.Fatalf("cancel: %+v, %v", cancelled, err)
			}
			if j := scheduledJob(t, w, c.ID); j != nil {
				t.Errorf("the cancelled message's job is still queued: %+v", j)
			}
			clock.Add(time.Hour)
			if err := db.SendScheduledMessage(w.sys, c.ID); err != nil {
				t.Fatal(err)
			}
			for _, m := range thread(t, w, conv.ID) {
				if m.Text == "Never mind" {
					t.Errorf("a cancelled message was sent: %+v", m)
				}
			}
			_, err = db.UpdateScheduledMessage(w.annCtx, c.ID, &switchboard.ScheduledMessageInput{Text: ptr("again")})
			wantCode(t, err, switchboard.ECONFLICT)
		})

		t.Run("an author who lost the inbox sends nothing", func(t *testing.T) {
			soon := clock.now.Add(time.Minute)
			b, _, err := db.ScheduleMessage(w.bobCtx, conv.ID, &switchboard.ScheduledMessageInput{Text: ptr("From Bob"), SendAt: &soon})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.SetInboxMembers(w.sys, w.inbox1.ID, &switchboard.InboxMembers{AgentIDs: []int64{w.ann.ID}}); err != nil {
				t.Fatal(err)
			}
			clock.Add(time.Hour)
			if err := db.SendScheduledMessage(w.sys, b.ID); err != nil {
				t.Fatal(err)
			}
			list, _ := db.FindScheduledMessages(w.annCtx, conv.ID)
			for _, m := range list {
				if m.ID == b.ID && (m.State != switchboard.ScheduledFailed || m.ErrorReason == "") {
					t.Errorf("Bob's message: %+v, want failed with a reason", m)
				}
			}
			for _, m := range thread(t, w, conv.ID) {
				if m.Text == "From Bob" {
					t.Errorf("sent without access: %+v", m)
				}
			}
		})
	})
}
