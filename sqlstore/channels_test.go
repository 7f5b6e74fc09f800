package sqlstore_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestReceiveBatch covers what a provider webhook may carry beyond a plain message: a retry of
// the same batch, an echo that leaves a resolved conversation alone, a reaction that arrives
// before the message it names and one older than the latest, a status naming the message by
// Switchboard's id that puts an unconfirmed send right, and the customer-service window.
func TestReceiveBatch(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)}
	wa := rules{media: switchboard.DefaultMediaLimits, caps: switchboard.ChannelCapabilities{Window: 24 * time.Hour, Reactions: true, Templates: true}}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now, Channels: wa}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		ch := switchboard.NewContextWithInbox(w.sys, w.inbox1.ID)
		batch := &switchboard.InboundBatch{InboxID: w.inbox1.ID, Raw: []byte(`{"raw":true}`),
			Messages: []*switchboard.InboundMessage{
				{From: "393330001111", ContactName: "Eva", ProviderID: "in-2", Text: "second", SentAt: clock.now.Add(-time.Minute)},
				{From: "393330001111", ContactName: "Eva", ProviderID: "in-1", Text: "first", SentAt: clock.now.Add(-2 * time.Minute)},
			},
			// Eva reacts to a message whose provider id is not recorded yet.
			Reactions: []*switchboard.InboundReaction{{From: "393330001111", TargetProviderID: "out-1", Emoji: "👍", SentAt: clock.now}}}
		res, err := db.ReceiveBatch(ch, batch)
		if err != nil || res.Created != 2 || res.Reactions != 1 {
			t.Fatalf("first delivery: %+v, %v", res, err)
		}
		again, err := db.ReceiveBatch(ch, batch)
		if err != nil || again.Created != 0 || again.Duplicates != 2 {
			t.Fatalf("redelivery: %+v, %v", again, err)
		}
		// Another inbox's channel may not write here.
		_, err = db.ReceiveBatch(switchboard.NewContextWithInbox(w.sys, w.inbox2.ID), batch)
		wantCode(t, err, switchboard.EFORBIDDEN)

		convs, err := db.FindConversations(w.adminCtx, switchboard.ConversationFilter{View: switchboard.ViewAll})
		if err != nil || len(convs.Items) != 1 {
			t.Fatalf("conversations: %v %v", convs, err)
		}
		conv := convs.Items[0]
		page, _ := db.FindMessages(w.adminCtx, conv.ID, switchboard.MessageFilter{})
		if len(page.Items) != 2 || page.Items[0].Text != "first" || page.Items[1].Text != "second" {
			t.Fatalf("thread in the customer's order: %+v", page.Items)
		}
		// The window runs from Eva's last message as she sent it.
		if conv.WindowClosesAt == nil || !conv.WindowClosesAt.Equal(clock.now.Add(-time.Minute).Add(24*time.Hour)) {
			t.Errorf("window closes at %v", conv.WindowClosesAt)
		}

		// Ann replies; the send's answer is lost (unconfirmed), then the reply gets its id from
		// a status naming it by Switchboard's id, and the waiting reaction attaches to it.
		reply, _, err := db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{Text: "Hi Eva"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetMessageStatus(w.sys, reply.ID, switchboard.MessageFailed, switchboard.SendUnconfirmed, "no answer"); err != nil {
			t.Fatal(err)
		}
		res, err = db.ReceiveBatch(ch, &switchboard.InboundBatch{InboxID: w.inbox1.ID,
			Statuses: []*switchboard.StatusReport{{MessageID: reply.ID, ProviderID: "out-1", Status: switchboard.MessageDelivered}}})
		if err != nil || res.Statuses != 1 {
			t.Fatalf("status: %+v %v", res, err)
		}
		m, _ := db.FindMessageByID(w.adminCtx, reply.ID)
		if m.Status != switchboard.MessageDelivered || m.ProviderID != "out-1" || len(m.Reactions) != 1 || m.Reactions[0].Emoji != "👍" || m.Reactions[0].SenderName != "Eva" {
			t.Fatalf("reconciled reply: %+v reactions %+v", m, m.Reactions)
		}
		// A reaction older than the one stored changes nothing; a newer removal removes it.
		old := &switchboard.InboundBatch{InboxID: w.inbox1.ID, Reactions: []*switchboard.InboundReaction{{From: "393330001111", TargetProviderID: "out-1", Emoji: "😡", SentAt: clock.now.Add(-time.Hour)}}}
		if res, _ := db.ReceiveBatch(ch, old); res.Reactions != 0 {
			t.Errorf("an older reaction applied")
		}
		clock.Add(time.Minute)
		removal := &switchboard.InboundBatch{InboxID: w.inbox1.ID, Reactions: []*switchboard.InboundReaction{{From: "393330001111", TargetProviderID: "out-1", Emoji: "", SentAt: clock.now}}}
		if _, err := db.ReceiveBatch(ch, removal); err != nil {
			t.Fatal(err)
		}
		if m, _ := db.FindMessageByID(w.adminCtx, reply.ID); len(m.Reactions) != 0 {
			t.Errorf("reactions after removal: %+v", m.Reactions)
		}

		// An echo continues the resolved conversation without reopening it or opening a window.
		if _, err := db.SetStatus(w.adminCtx, conv.ID, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		clock.Add(25 * time.Hour)
		if _, err := db.ReceiveBatch(ch, &switchboard.InboundBatch{InboxID: w.inbox1.ID, Messages: []*switchboard.InboundMessage{
			{From: "393330001111", ProviderID: "echo-1", Text: "from the phone", Echo: true}}}); err != nil {
			t.Fatal(err)
		}
		after, _ := db.FindConversationByID(w.adminCtx, conv.ID)
		if after.Status != switchboard.StatusResolved {
			t.Errorf("an echo reopened the conversation: %s", after.Status)
		}
		page, _ = db.FindMessages(w.adminCtx, conv.ID, switchboard.MessageFilter{})
		echo := page.Items[len(page.Items)-1]
		if echo.SenderType != switchboard.SenderExternal || echo.Direction != switchboard.DirectionOutgoing || echo.Status != switchboard.MessageSent {
			t.Errorf("echo = %+v", echo)
		}
		// 25 hours on, free text is refused; a note is not.
		_, _, err = db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{Text: "Still there?"})
		wantCode(t, err, switchboard.EWINDOWCLOSED)
		if _, _, err := db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{Text: "she went quiet", Note: true}); err != nil {
			t.Errorf("a note outside the window: %v", err)
		}
		// A template the inbox does not have is refused with its field.
		_, _, err = db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{Template: &switchboard.TemplateSend{Name: "nope", Language: "en"}})
		wantCode(t, err, switchboard.EINVALID)

		// The two raw payloads kept are pruned once past their retention, not before.
		if n, err := db.PruneProviderPayloads(w.sys, clock.now.Add(-48*time.Hour)); err != nil || n != 0 {
			t.Errorf("pruned %d before their time (%v)", n, err)
		}
		if n, err := db.PruneProviderPayloads(w.sys, clock.now); err != nil || n != 2 {
			t.Errorf("pruned %d payloads, want 2 (%v)", n, err)
		}
	})
}

// A message's customer window and its webhook's payload are written when the transaction ends
// (one statement for all of a group's): a read in the transaction sees the window, every
// webhook of a group keeps its payload, and each address's window runs from its newest message
// whichever order the group held them in.
func TestReceiveHeldWindowsAndPayloads(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)}
	wa := rules{media: switchboard.DefaultMediaLimits, caps: switchboard.ChannelCapabilities{Window: 24 * time.Hour}}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now, Channels: wa}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		_, conv, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "393330002200", Text: "hello",
			SentAt: clock.now.Add(-time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
		if want := clock.now.Add(-time.Minute).Add(24 * time.Hour); conv.WindowClosesAt == nil || !conv.WindowClosesAt.Equal(want) {
			t.Errorf("the conversation Receive answers with: window closes at %v; want %v", conv.WindowClosesAt, want)
		}

		// Concurrent webhooks share transactions; four customers write five messages each, the
		// newest of each customer's sent first.
		ch := switchboard.NewContextWithInbox(w.sys, w.inbox1.ID)
		const customers, each = 4, 5
		receiveAtOnce(t, db, ch, customers*each, func(i int) *switchboard.InboundBatch {
			from := fmt.Sprintf("3933300033%02d", i%customers)
			return &switchboard.InboundBatch{InboxID: w.inbox1.ID, Raw: fmt.Appendf(nil, `{"webhook":%d}`, i),
				Messages: []*switchboard.InboundMessage{{From: from, ContactName: "Customer " + from, ProviderID: fmt.Sprint("held-", i),
					Text: "message", SentAt: clock.now.Add(-time.Duration(i) * time.Second)}}}
		})
		if n := db.CountRowsForTest("provider_payloads"); n != customers*each {
			t.Errorf("%d payloads kept; want %d", n, customers*each)
		}
		convs, err := db.FindConversations(w.adminCtx, switchboard.ConversationFilter{View: switchboard.ViewAll})
		if err != nil {
			t.Fatal(err)
		}
		seen := 0
		for _, c := range convs.Items {
			var k int
			if _, err := fmt.Sscanf(c.ContactName, "Customer 3933300033%02d", &k); err != nil {
				continue
			}
			seen++
			// Customer k's newest message is webhook k's, sent k seconds ago.
			want := clock.now.Add(-time.Duration(k) * time.Second).Add(24 * time.Hour)
			if c.WindowClosesAt == nil || !c.WindowClosesAt.Equal(want) {
				t.Errorf("customer %d: window closes at %v; want %v", k, c.WindowClosesAt, want)
			}
		}
		if seen != customers {
			t.Errorf("%d customers' conversations; want %d", seen, customers)
		}
	})
}
