package sqlstore_test

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
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

// A customer's plain message in an open or pending conversation is, on PostgreSQL, written by
// the statement that finds its sender (see findSender): it must leave what insertMessage leaves,
// and step aside wherever the conversation does not simply go on.
func TestReceiveInOpenConversation(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)}
	wa := rules{media: switchboard.DefaultMediaLimits, caps: switchboard.ChannelCapabilities{Window: 24 * time.Hour}}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now, Channels: wa}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		receive := func(provider, text string, sentAgo time.Duration) (*switchboard.Message, *switchboard.Conversation, bool) {
			t.Helper()
			clock.now = clock.now.Add(time.Minute)
			m, c, created, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "393330004400",
				ContactName: "Name in the webhook", ProviderID: provider, Text: text, SentAt: clock.now.Add(-sentAgo)})
			if err != nil {
				t.Fatalf("receive %s: %v", provider, err)
			}
			return m, c, created
		}
		_, conv, _ := receive("open-1", "first", 0)
		name := "Giulia Verdi"
		if _, err := db.UpdateContact(w.adminCtx, conv.ContactID, &switchboard.ContactInput{Name: &name}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{Text: "How can I help?"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetStatus(w.annCtx, conv.ID, switchboard.StatusPending); err != nil {
			t.Fatal(err)
		}
		head, err := db.LastEventID(w.sys)
		if err != nil {
			t.Fatal(err)
		}

		m, c, created := receive("open-2", "my order   is late", 30*time.Second)
		if !created || m.ID == 0 || m.ConversationID != conv.ID || m.SenderID == nil || *m.SenderID != conv.ContactID ||
			m.SenderName != name || m.SenderType != switchboard.SenderContact || m.Direction != switchboard.DirectionIncoming {
			t.Fatalf("message = %+v (created %v); want contact %d's, named %q, in conversation %d", m, created, conv.ContactID, name, conv.ID)
		}
		sent := clock.now.Add(-30 * time.Second)
		if c.ID != conv.ID || c.Status != switchboard.StatusPending || c.LastReplier != switchboard.ReplierCustomer ||
			c.LastMessagePreview != "my order is late" || c.WaitingSince == nil || !c.WaitingSince.Equal(clock.now) ||
			!c.LastActivityAt.Equal(clock.now) || c.LastCustomerMsgAt == nil || !c.LastCustomerMsgAt.Equal(clock.now) ||
			c.WindowClosesAt == nil || !c.WindowClosesAt.Equal(sent.Add(24*time.Hour)) {
			t.Errorf("conversation after the message = %+v", c)
		}
		stored, err := db.FindMessages(w.annCtx, conv.ID, switchboard.MessageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if last := stored.Items[len(stored.Items)-1]; last.ID != m.ID || last.Text != m.Text || last.SenderName != name || !last.CreatedAt.Equal(clock.now) {
			t.Errorf("stored message = %+v; want %+v", last, m)
		}
		events, err := db.FindEvents(w.sys, head, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 1 || events[0].Type != switchboard.EventMessageCreated || *events[0].ConversationID != conv.ID ||
			!strings.Contains(string(events[0].Data), fmt.Sprintf(`"id":%d,`, m.ID)) || !strings.Contains(string(events[0].Data), `"sender_name":"Giulia Verdi"`) {
			for _, e := range events {
				t.Errorf("event after the message: %s %s", e.Type, e.Data)
			}
			t.Errorf("want one: message.created, of the message")
		}

		// The same delivery again: the same message, nothing written.
		if again, _, created := receive("open-2", "my order   is late", 0); created || again.ID != m.ID {
			t.Errorf("redelivery: message %d, created %v; want %d, not created", again.ID, created, m.ID)
		}
		// Concurrent deliveries of one new message: one written, by whichever commits first; the
		// others' statements fail on the provider id and run again, finding it.
		var wg sync.WaitGroup
		ids := make([]int64, 4)
		var wrote atomic.Int32
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				m, _, ok, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "393330004400",
					ProviderID: "open-concurrent", Text: "are you there?"})
				if err != nil {
					t.Errorf("concurrent delivery: %v", err)
					return
				}
				if ok {
					wrote.Add(1)
				}
				ids[i] = m.ID
			}()
		}
		wg.Wait()
		if wrote.Load() != 1 || ids[0] != ids[1] || ids[1] != ids[2] || ids[2] != ids[3] {
			t.Errorf("concurrent deliveries: %d created, messages %v; want one", wrote.Load(), ids)
		}
		// A snoozed conversation wakes; a resolved one gives way to a new conversation.
		if _, err := db.Snooze(w.annCtx, conv.ID, clock.now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, c, _ := receive("open-3", "hello?", 0); c.ID != conv.ID || c.Status != switchboard.StatusOpen {
			t.Errorf("after snoozing: conversation %d, %s; want %d, open", c.ID, c.Status, conv.ID)
		}
		if _, err := db.SetStatus(w.annCtx, conv.ID, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		if _, c, _ := receive("open-4", "one more thing", 0); c.ID == conv.ID || c.Status != switchboard.StatusOpen || c.ContactID != conv.ContactID {
			t.Errorf("after resolving: conversation %d, %s, contact %d; want a new open one of contact %d", c.ID, c.Status, c.ContactID, conv.ContactID)
		}
	})
}

// A customer's message joins the contact's active conversation in the inbox, whichever was
// touched last, even when a resolved one was touched since (a note, a reply on it); it starts
// a new conversation only when none is active.
func TestCustomerMessageJoinsTheActiveConversation(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		n := 0
		receive := func() *switchboard.Message {
			t.Helper()
			n++
			m, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "whatsapp:+39 345 000 1111",
				ContactName: "Elena", ProviderID: fmt.Sprintf("wamid.J%d", n), Text: fmt.Sprintf("message %d", n)})
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		a := receive().ConversationID
		if _, err := db.SetStatus(w.annCtx, a, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		b := receive().ConversationID
		if b == a {
			t.Fatal("a message after the conversation was resolved went on in it")
		}
		// An agent notes something on the resolved conversation: it is now the one touched last.
		if _, _, err := db.CreateMessage(w.annCtx, a, &switchboard.MessageCreate{Note: true, Text: "Refund sent for the first order"}); err != nil {
			t.Fatal(err)
		}
		if got := receive().ConversationID; got != b {
			t.Fatalf("the customer's message went to conversation %d, want the active one %d (the resolved one is %d)", got, b, a)
		}
		// Snoozed is active too: the message joins it and wakes it.
		if _, err := db.Snooze(w.annCtx, b, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.CreateMessage(w.annCtx, a, &switchboard.MessageCreate{Note: true, Text: "Another note"}); err != nil {
			t.Fatal(err)
		}
		if got := receive().ConversationID; got != b {
			t.Fatalf("the customer's message went to conversation %d, want the snoozed one %d", got, b)
		}
		conv, err := db.FindConversationByID(w.annCtx, b)
		if err != nil || conv.Status != switchboard.StatusOpen {
			t.Fatalf("the snoozed conversation after the customer wrote: %+v, %v", conv, err)
		}
		// Nothing active: a new conversation, not the latest resolved one reopened.
		if _, err := db.SetStatus(w.annCtx, b, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		if got := receive().ConversationID; got == a || got == b {
			t.Fatalf("with nothing active the message went to %d, want a new conversation", got)
		}
	})
}

// A customer's messages arriving at once on two nodes, when no conversation of theirs is
// active, start one conversation. (A new address's first messages are kept apart by the
// identity's unique index already; a known customer whose conversations are all resolved is
// not.)
func TestConcurrentMessagesStartOneConversation(t *testing.T) {
	t.Parallel()
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, url := e.Open(t, sqltest.Options{})
			w := newWorld(t, db)
			other, err := sqlstore.Open(t.Context(), sqlstore.Config{URL: url, SecretKey: sqltest.Key, MaxConns: 4})
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			nodes := []*sqlstore.DB{db, other}
			for round := range 5 {
				from := fmt.Sprintf("whatsapp:+39 345 100 %04d", round)
				first, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: from, ContactName: "Fabio",
					ProviderID: fmt.Sprintf("wamid.C%d", round), Text: "first"})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := db.SetStatus(w.annCtx, first.ConversationID, switchboard.StatusResolved); err != nil {
					t.Fatal(err)
				}
				var wg sync.WaitGroup
				convs := make([]int64, 8)
				for i := range convs {
					wg.Add(1)
					go func() {
						defer wg.Done()
						m, _, _, err := nodes[i%2].Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: from,
							ContactName: "Fabio", ProviderID: fmt.Sprintf("wamid.C%d.%d", round, i), Text: "hello?"})
						if err != nil {
							t.Errorf("receive: %v", err)
							return
						}
						convs[i] = m.ConversationID
					}()
				}
				wg.Wait()
				for i, c := range convs {
					if c == first.ConversationID || c == 0 {
						t.Fatalf("round %d: message %d went to conversation %d, the resolved one is %d", round, i, c, first.ConversationID)
					}
					if c != convs[0] {
						t.Fatalf("round %d: message %d went to conversation %d, message 0 to %d", round, i, c, convs[0])
					}
				}
			}
		})
	}
}

// An acknowledgement is the last message of its conversation but no answer: the customer still
// waits, from their first message, in the longest-waiting list; their next message (written,
// on PostgreSQL, with the lookup of its sender) waits from the first still; an agent's reply
// answers.
func TestAcknowledgementIsNoAnswer(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		first := clock.now
		_, conv, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "393330005500", ProviderID: "ack-1",
			Text: "Is the shop open on Sunday?", Acknowledge: "Thanks, we will answer soon."})
		if err != nil {
			t.Fatal(err)
		}
		thread, err := db.FindMessages(w.annCtx, conv.ID, switchboard.MessageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(thread.Items); n != 2 || thread.Items[1].Content == nil || !thread.Items[1].Content.Automatic {
			t.Fatalf("thread = %d messages, last %+v; want the message and its automatic acknowledgement", n, thread.Items[n-1])
		}
		waits := func(step string, since time.Time, preview string) {
			t.Helper()
			c, err := db.FindConversationByID(w.annCtx, conv.ID)
			if err != nil {
				t.Fatal(err)
			}
			if c.LastReplier != switchboard.ReplierCustomer || c.WaitingSince == nil || !c.WaitingSince.Equal(since) || c.LastMessagePreview != preview {
				t.Errorf("%s: last replier %q, waiting since %v, preview %q; want customer, %v, %q", step, c.LastReplier, c.WaitingSince, c.LastMessagePreview, since, preview)
			}
			got := list(t, db, w.annCtx, switchboard.ConversationFilter{Sort: switchboard.SortWaiting})
			if len(got) != 1 || got[0] != conv.ID {
				t.Errorf("%s: longest waiting = %v, want [%d]", step, got, conv.ID)
			}
			if got := list(t, db, w.annCtx, switchboard.ConversationFilter{LastReplier: switchboard.ReplierCustomer}); len(got) != 1 {
				t.Errorf("%s: last replier customer = %v, want [%d]", step, got, conv.ID)
			}
		}
		waits("after the acknowledgement", first, "Thanks, we will answer soon.")

		clock.Add(time.Hour)
		if _, c, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "393330005500", ProviderID: "ack-2",
			Text: "Hello?"}); err != nil || c.ID != conv.ID {
			t.Fatalf("second message: conversation %v, %v", c, err)
		}
		waits("after the second message", first, "Hello?")

		if _, _, err := db.CreateMessage(w.annCtx, conv.ID, &switchboard.MessageCreate{Text: "Yes, 10 to 13."}); err != nil {
			t.Fatal(err)
		}
		c, err := db.FindConversationByID(w.annCtx, conv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.LastReplier != switchboard.ReplierAgent || c.WaitingSince != nil {
			t.Errorf("after the agent's reply: last replier %q, waiting since %v; want agent, nil", c.LastReplier, c.WaitingSince)
		}
		if got := list(t, db, w.annCtx, switchboard.ConversationFilter{Sort: switchboard.SortWaiting}); len(got) != 0 {
			t.Errorf("longest waiting after the reply = %v, want none", got)
		}
	})
}

// TestReceiveKeepsSource: a received message's source is kept byte for byte as its last
// attachment, kind source, seen (and downloaded) only by those who see the conversation, never
// among the contact's files or in the list's preview; a message marked as not fully read says
// why; inline images still point at their own files.
func TestReceiveKeepsSource(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		source := []byte("From: ana@customer.test\r\nSubject: caf\xe9\r\n\r\nbroken \x00 base64 !!!\r\n")
		m, conv, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393450001111", ProviderID: "mail-1",
			Text: "What could be read", HTML: `<p>What could be read <img src="cid:logo@x"></p>`, Source: source,
			Files:   []*switchboard.InboundFile{{Filename: "logo.png", ContentType: "image/png", ContentID: "logo@x", Inline: true, Data: png}},
			Content: &switchboard.MessageContent{Unreadable: "A part's base64 encoding is broken."}})
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Attachments) != 2 || m.Attachments[0].Kind != "image" {
			t.Fatalf("attachments = %+v", m.Attachments)
		}
		src := m.Attachments[1]
		if src.Kind != switchboard.AttachmentSource || src.ContentType != "message/rfc822" || src.Filename != "message.eml" || src.Size != int64(len(source)) {
			t.Errorf("source attachment = %+v", src)
		}
		if !strings.Contains(m.HTML, m.Attachments[0].URL) || strings.Contains(m.HTML, src.URL) {
			t.Errorf("the inline image points elsewhere: %s", m.HTML)
		}
		page, err := db.FindMessages(w.annCtx, conv.ID, switchboard.MessageFilter{})
		if err != nil || len(page.Items) != 1 {
			t.Fatal(page, err)
		}
		if got := page.Items[0]; got.Content == nil || got.Content.Unreadable != "A part's base64 encoding is broken." || len(got.Attachments) != 2 {
			t.Errorf("as read back: %+v", got)
		}
		_, f, err := db.OpenAttachment(w.annCtx, src.ID)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(f)
		f.Close()
		if !bytes.Equal(data, source) {
			t.Errorf("the source downloads as %q", data)
		}
		_, _, err = db.OpenAttachment(w.bobCtx, src.ID)
		wantCode(t, err, switchboard.ENOTFOUND)
		files, err := db.FindContactFiles(w.annCtx, conv.ContactID, 0)
		if err != nil || len(files) != 1 || files[0].Kind != "image" {
			t.Errorf("contact files = %+v, %v", files, err)
		}

		// A message whose text is empty is previewed by its file, not its source.
		_, conv2, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393450002222", ProviderID: "mail-2",
			Source: source, Content: &switchboard.MessageContent{Unreadable: "The email has no header."}})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindConversationByID(w.annCtx, conv2.ID); got.LastMessagePreview != "" {
			t.Errorf("preview = %q", got.LastMessagePreview)
		}
	})
}
