package sqlstore_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// A reply the provider cannot take for now shows why and when it is tried again, to those who
// see its conversation and live, until it is sent or fails for good.
func TestRetryIsShownUntilTheOutcome(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		_, m, err := db.CreateConversation(w.annCtx, &switchboard.ConversationCreate{InboxID: w.inbox1.ID, ContactID: w.carla.ID, Text: "Your order shipped"})
		if err != nil {
			t.Fatal(err)
		}
		events, _ := db.FindEvents(w.sys, 0, 0)
		after := events[len(events)-1].ID
		next := time.Now().Add(90 * time.Second).UTC().Truncate(time.Microsecond)
		if err := db.BeginSend(w.sys, m.ID); err != nil {
			t.Fatal(err)
		}
		retry := &switchboard.DeliveryRetry{Attempts: 2, Code: switchboard.FailProviderUnavailable, Reason: "The SMTP server could not be reached.", NextAttemptAt: next}
		if err := db.AbandonSend(w.sys, m.ID, retry); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindMessageByID(w.annCtx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != switchboard.MessagePending || got.Retry == nil || *got.Retry != *retry {
			t.Fatalf("after a failed attempt: status %s, retry %+v; want pending with %+v", got.Status, got.Retry, retry)
		}
		page, err := db.FindMessages(w.annCtx, m.ConversationID, switchboard.MessageFilter{})
		if err != nil || page.Items[0].Retry == nil || !page.Items[0].Retry.NextAttemptAt.Equal(next) {
			t.Fatalf("the thread does not show the retry: %v %+v", err, page)
		}
		// Bob does not see the inbox: neither the message nor its event reach him.
		_, err = db.FindMessageByID(w.bobCtx, m.ID)
		wantCode(t, err, switchboard.ENOTFOUND)
		if evs, _ := db.FindEvents(w.bobCtx, after, 0); len(evs) != 0 {
			t.Errorf("bob got %d events of a conversation he cannot see", len(evs))
		}
		evs, _ := db.FindEvents(w.annCtx, after, 0)
		if len(evs) != 1 || evs[0].Type != switchboard.EventMessageUpdated {
			t.Fatalf("events after the retry = %+v, want one message.updated", evs)
		}
		var data struct {
			ID    int64                      `json:"id"`
			Retry *switchboard.DeliveryRetry `json:"retry"`
		}
		if err := json.Unmarshal(evs[0].Data, &data); err != nil || data.ID != m.ID || data.Retry == nil || data.Retry.Attempts != 2 {
			t.Errorf("the event's data = %s, want the message's retry", evs[0].Data)
		}

		// Sent at the next attempt: the retry goes.
		if err := db.BeginSend(w.sys, m.ID); err != nil {
			t.Fatal(err)
		}
		sent, err := db.RecordSent(w.sys, m.ID, &switchboard.Sent{ProviderID: "mail-1"})
		if err != nil {
			t.Fatal(err)
		}
		if sent.Retry != nil {
			t.Errorf("a sent message keeps its retry: %+v", sent.Retry)
		}
		if got, _ := db.FindMessageByID(w.annCtx, m.ID); got.Retry != nil {
			t.Errorf("a sent message reads with a retry: %+v", got.Retry)
		}
		// A late retry record (an attempt that raced the send) changes nothing.
		if err := db.AbandonSend(w.sys, m.ID, retry); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindMessageByID(w.annCtx, m.ID); got.Retry != nil || got.Status != switchboard.MessageSent {
			t.Errorf("a retry recorded on a sent message: %s %+v", got.Status, got.Retry)
		}

		// Failed for good after retries: the failure replaces the retry.
		_, m2, err := db.CreateConversation(w.annCtx, &switchboard.ConversationCreate{InboxID: w.inbox1.ID, ContactID: w.dino.ID, Text: "Hello"})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.AbandonSend(w.sys, m2.ID, retry); err != nil {
			t.Fatal(err)
		}
		failed, err := db.SetMessageStatus(w.sys, m2.ID, switchboard.MessageFailed, switchboard.FailProviderUnavailable, "Still down")
		if err != nil {
			t.Fatal(err)
		}
		if failed.Retry != nil || failed.ErrorReason != "Still down" {
			t.Errorf("failed for good: %+v", failed)
		}
		_, err = db.FindMessageByID(w.adminCtx, m2.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Only the delivery pipeline records retries.
		wantCode(t, db.AbandonSend(w.annCtx, m2.ID, retry), switchboard.EFORBIDDEN)
	})
}

// A list row says whether the conversation's latest outgoing message failed: the flag follows
// that message, not older ones, and an agent's retry or a later reply clears it.
func TestLastOutboundFailed(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		c, first, err := db.CreateConversation(w.annCtx, &switchboard.ConversationCreate{InboxID: w.inbox1.ID, ContactID: w.carla.ID, Text: "First"})
		if err != nil {
			t.Fatal(err)
		}
		other := w.start(t, w.annCtx, w.inbox1, w.dino, "Unrelated")
		flag := func(want bool, when string) {
			t.Helper()
			got, err := db.FindConversationByID(w.annCtx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			page, err := db.FindConversations(w.annCtx, switchboard.ConversationFilter{View: switchboard.ViewAll})
			if err != nil {
				t.Fatal(err)
			}
			inList := map[int64]bool{}
			for _, x := range page.Items {
				inList[x.ID] = x.LastOutboundFailed
			}
			if got.LastOutboundFailed != want || inList[c.ID] != want {
				t.Errorf("%s: last_outbound_failed = %v (list %v), want %v", when, got.LastOutboundFailed, inList[c.ID], want)
			}
			if inList[other.ID] {
				t.Errorf("%s: the other conversation is marked failed", when)
			}
		}
		flag(false, "pending")
		if _, err := db.SetMessageStatus(w.sys, first.ID, switchboard.MessageFailed, switchboard.FailUnreachable, "Phone off"); err != nil {
			t.Fatal(err)
		}
		flag(true, "the reply failed")
		// The customer writing does not deliver the failed reply.
		if _, in, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393331112222", ProviderID: "in-1", Text: "Hello?"}); err != nil || in.ID != c.ID {
			t.Fatalf("the customer's answer: %v, in %+v", err, in)
		}
		flag(true, "the customer wrote")
		if _, err := db.RetryMessage(w.annCtx, first.ID); err != nil {
			t.Fatal(err)
		}
		flag(false, "retried by an agent")
		if _, err := db.SetMessageStatus(w.sys, first.ID, switchboard.MessageFailed, switchboard.FailUnreachable, "Phone off"); err != nil {
			t.Fatal(err)
		}
		flag(true, "failed again")
		second, _, err := db.CreateMessage(w.annCtx, c.ID, &switchboard.MessageCreate{Text: "Second"})
		if err != nil {
			t.Fatal(err)
		}
		flag(false, "a newer reply")
		// An older message's outcome no longer speaks for the conversation.
		if _, err := db.SetMessageStatus(w.sys, first.ID, switchboard.MessageDelivered, "", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetMessageStatus(w.sys, second.ID, switchboard.MessageFailed, switchboard.SendUnconfirmed, "cut off"); err != nil {
			t.Fatal(err)
		}
		flag(true, "the newer reply's outcome unknown")
		// A delivery report for an unconfirmed send moves it on: it went out after all.
		if _, err := db.SetMessageStatus(w.sys, second.ID, switchboard.MessageDelivered, "", ""); err != nil {
			t.Fatal(err)
		}
		flag(false, "the unconfirmed reply delivered")
		// A note is no outgoing message.
		third, _, err := db.CreateMessage(w.annCtx, c.ID, &switchboard.MessageCreate{Text: "Third"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.CreateMessage(w.annCtx, c.ID, &switchboard.MessageCreate{Note: true, Text: "they never answer"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetMessageStatus(w.sys, third.ID, switchboard.MessageFailed, switchboard.FailBlocked, "Blocked"); err != nil {
			t.Fatal(err)
		}
		flag(true, "failed after a note")
	})
}
