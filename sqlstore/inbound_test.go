package sqlstore_test

import (
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func TestReceive(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		in := &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "whatsapp:+39 345 000 1111", ContactName: "Elena",
			ProviderID: "wamid.A1", Text: "Where is my order?"}

		// Retries of one delivery, some concurrent, record one message.
		var wg sync.WaitGroup
		var mu sync.Mutex
		var created int
		var first *switchboard.Message
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				m, _, ok, err := db.Receive(w.sys, in)
				if err != nil {
					t.Errorf("Receive: %v", err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				if ok {
					created++
				}
				if first == nil {
					first = m
				} else if m.ID != first.ID {
					t.Errorf("two messages for one provider id: %d and %d", first.ID, m.ID)
				}
			}()
		}
		wg.Wait()
		if created != 1 {
			t.Fatalf("created %d times, want 1", created)
		}
		conv, err := db.FindConversationByID(w.annCtx, first.ConversationID)
		if err != nil {
			t.Fatal(err)
		}
		if conv.ContactName != "Elena" || conv.ContactHandle != "+393450001111" || conv.LastReplier != switchboard.ReplierCustomer ||
			conv.WaitingSince == nil || !conv.Unread || conv.AssigneeID != nil || conv.Status != switchboard.StatusOpen {
			t.Errorf("conversation after first message = %+v", conv)
		}
		// It waits in the longest-waiting list until an agent answers.
		waiting := list(t, db, w.annCtx, switchboard.ConversationFilter{Sort: switchboard.SortWaiting})
		if len(waiting) != 1 || waiting[0] != conv.ID {
			t.Errorf("waiting = %v", waiting)
		}
		if _, _, err := db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{Text: "Let me check"}); err != nil {
			t.Fatal(err)
		}
		if waiting := list(t, db, w.annCtx, switchboard.ConversationFilter{Sort: switchboard.SortWaiting}); len(waiting) != 0 {
			t.Errorf("still waiting after a reply: %v", waiting)
		}
		if got, _ := db.FindConversationByID(w.annCtx, conv.ID); got.AssigneeID == nil || *got.AssigneeID != w.ann.ID {
			t.Errorf("replying did not assign the conversation to ann: %+v", got.AssigneeID)
		}

		// A customer reply wakes a snoozed conversation and continues it.
		if _, err := db.Snooze(w.annCtx, conv.ID, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		m2, c2, ok, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393450001111", ProviderID: "wamid.A2",
			Text: "Any news?", ReplyToProviderID: "wamid.A1"})
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		if c2.ID != conv.ID || c2.Status != switchboard.StatusOpen || m2.ReplyToID == nil || *m2.ReplyToID != first.ID {
			t.Errorf("reply: conv %d status %s reply_to %v", c2.ID, c2.Status, m2.ReplyToID)
		}
		// After resolution the next message starts a new conversation with the same contact.
		if _, err := db.SetStatus(w.annCtx, conv.ID, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		_, c3, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393450001111", ProviderID: "wamid.A3", Text: "New question"})
		if err != nil {
			t.Fatal(err)
		}
		if c3.ID == conv.ID || c3.ContactID != conv.ContactID {
			t.Errorf("after resolve: conversation %d contact %d", c3.ID, c3.ContactID)
		}

		_, _, _, err = db.Receive(w.annCtx, in)
		wantCode(t, err, switchboard.EFORBIDDEN)
		_, _, _, err = db.Receive(w.sys, &switchboard.InboundMessage{InboxID: 99999, From: "+393450001111", Text: "x"})
		wantCode(t, err, switchboard.ENOTFOUND)
		_, _, _, err = db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "not a phone", Text: "x"})
		wantCode(t, err, switchboard.EINVALID)
		_, _, _, err = db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393450001111"})
		wantCode(t, err, switchboard.EINVALID)
	})
}
