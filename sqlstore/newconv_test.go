package sqlstore_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// An agent starts a WhatsApp conversation with a number that never wrote: only by template, the
// contact created once; a second start goes on in the active conversation, a repeated request
// returns the first, and a number that is a contact the agent does not see joins that contact
// without changing it.
func TestStartConversationByAddress(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)}
	wa := rules{media: switchboard.DefaultMediaLimits, caps: switchboard.ChannelCapabilities{Window: 24 * time.Hour, Templates: true}}
	sqltest.RunWith(t, sqltest.Options{Now: clock.Now, Channels: wa}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		components := json.RawMessage(`[{"type":"BODY","text":"Hello {{1}}, your order {{2}} is ready."}]`)
		if err := db.ReplaceTemplates(w.sys, w.inbox1.ID, []*switchboard.Template{
			{Name: "order_ready", Language: "en", Status: "approved", Components: components}}); err != nil {
			t.Fatal(err)
		}
		contacts := db.CountRowsForTest("contacts")
		start := func(in switchboard.ConversationCreate) (*switchboard.Conversation, *switchboard.Message, error) {
			return db.CreateConversation(w.annCtx, &in)
		}

		// Free text to someone who never wrote is refused, and nothing is kept of the attempt.
		_, _, err := start(switchboard.ConversationCreate{InboxID: w.inbox1.ID, To: "+39 347 000 1111", ContactName: "Gina", Text: "Hi"})
		wantField(t, err, switchboard.EWINDOWCLOSED, "template")
		if n := db.CountRowsForTest("contacts"); n != contacts {
			t.Errorf("a refused start left %d contacts, want %d", n, contacts)
		}
		// Addresses are checked for the inbox's channel, on the field to.
		_, _, err = start(switchboard.ConversationCreate{InboxID: w.inbox1.ID, To: "347 abc", Text: "Hi"})
		wantField(t, err, switchboard.EINVALID, "to")
		_, _, err = start(switchboard.ConversationCreate{InboxID: w.inbox1.ID, To: "+393470001111", ContactID: w.carla.ID, Text: "Hi"})
		wantField(t, err, switchboard.EINVALID, "to")
		_, _, err = start(switchboard.ConversationCreate{InboxID: w.inbox1.ID, Text: "Hi"})
		wantField(t, err, switchboard.EINVALID, "contact_id")
		tpl := &switchboard.TemplateSend{Name: "order_ready", Language: "en", Params: []string{"Gina", "#12"}}
		_, _, err = start(switchboard.ConversationCreate{InboxID: w.inbox1.ID, To: "+393470001111", Text: "Hi", Template: tpl})
		wantField(t, err, switchboard.EINVALID, "template")
		_, _, err = start(switchboard.ConversationCreate{InboxID: w.inbox1.ID, To: "+393470001111",
			Template: &switchboard.TemplateSend{Name: "order_ready", Language: "en", Params: []string{"Gina"}}})
		wantField(t, err, switchboard.EINVALID, "template.params")
		// An inbox the agent is not in is unknown.
		_, _, err = db.CreateConversation(w.bobCtx, &switchboard.ConversationCreate{InboxID: w.inbox1.ID, To: "+393470001111", Template: tpl})
		wantField(t, err, switchboard.EINVALID, "inbox_id")

		// By template it starts, in any notation of the number, with a new contact of that name.
		conv, msg, err := start(switchboard.ConversationCreate{InboxID: w.inbox1.ID, To: "0039 347 000 1111", ContactName: "Gina",
			Template: tpl, IdempotencyKey: "k1"})
		if err != nil {
			t.Fatal(err)
		}
		if conv.ContactName != "Gina" || conv.ContactHandle != "+393470001111" || conv.AssigneeID == nil || *conv.AssigneeID != w.ann.ID ||
			conv.Status != switchboard.StatusOpen {
			t.Errorf("conversation = %+v", conv)
		}
		if msg.Kind != switchboard.KindTemplate || msg.Text != "Hello Gina, your order #12 is ready." || msg.Content == nil ||
			msg.Content.Template == nil || msg.Content.Template.Name != "order_ready" {
			t.Errorf("message = %+v", msg)
		}
		if n := db.CountRowsForTest("contacts"); n != contacts+1 {
			t.Errorf("%d contacts, want %d", n, contacts+1)
		}
		// The same request again (a double click) returns what the first made.
		again, same, err := start(switchboard.ConversationCreate{InboxID: w.inbox1.ID, To: "+393470001111", Template: tpl, IdempotencyKey: "k1"})
		if err != nil || again.ID != conv.ID || same.ID != msg.ID {
			t.Errorf("repeated request: %v, %v, %v", again, same, err)
		}
		// Another start with her goes on in her active conversation, where the customer's answer
		// will land too.
		clock.Add(time.Minute)
		next, msg2, err := start(switchboard.ConversationCreate{InboxID: w.inbox1.ID, To: "+39 347 0001111", Template: tpl, IdempotencyKey: "k2"})
		if err != nil || next.ID != conv.ID || msg2.ID == msg.ID {
			t.Errorf("second start: %v, %v, %v", next, msg2, err)
		}
		if n := db.CountRowsForTest("contacts"); n != contacts+1 {
			t.Errorf("%d contacts after a second start, want %d", n, contacts+1)
		}

		// Dino wrote to Support, which Ann is not in: she does not see him.
		if _, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox2.ID, From: "393339998888", Text: "hello"}); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindContactByID(w.annCtx, w.dino.ID)
		wantCode(t, err, switchboard.ENOTFOUND)
		_, _, err = start(switchboard.ConversationCreate{InboxID: w.inbox1.ID, ContactID: w.dino.ID, Template: tpl})
		wantField(t, err, switchboard.EINVALID, "contact_id")
		// Typing his number writes to him (the number is his, and his answer would be his too); the
		// name she typed does not rename him.
		dconv, _, err := start(switchboard.ConversationCreate{InboxID: w.inbox1.ID, To: "+39 333 999 8888", ContactName: "Someone", Template: tpl})
		if err != nil {
			t.Fatal(err)
		}
		if dconv.ContactID != w.dino.ID || dconv.ContactName != "Dino Bianchi" || dconv.ID == conv.ID {
			t.Errorf("conversation with Dino's number = %+v", dconv)
		}

		// Messenger reaches only people who wrote: no address by hand.
		fb, err := db.CreateInbox(w.sys, &switchboard.InboxInput{Kind: switchboard.ChannelMessenger, Name: ptr("Page")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetInboxMembers(w.sys, fb.ID, &switchboard.InboxMembers{AgentIDs: []int64{w.ann.ID}}); err != nil {
			t.Fatal(err)
		}
		_, _, err = start(switchboard.ConversationCreate{InboxID: fb.ID, To: "1234567", Text: "Hi"})
		wantField(t, err, switchboard.EINVALID, "to")
	})
}

// By email a conversation needs a subject, and every start is a thread of its own: mail threads by
// what it answers, not by the contact's active conversation.
func TestStartConversationByEmail(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		mail, err := db.CreateInbox(w.sys, &switchboard.InboxInput{Kind: switchboard.ChannelEmail, Name: ptr("Mail")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetInboxMembers(w.sys, mail.ID, &switchboard.InboxMembers{AgentIDs: []int64{w.ann.ID}}); err != nil {
			t.Fatal(err)
		}
		in := switchboard.ConversationCreate{InboxID: mail.ID, To: " Gina.Verdi@Example.COM ", Text: "Your invoice is attached."}
		_, _, err = db.CreateConversation(w.annCtx, &in)
		wantField(t, err, switchboard.EINVALID, "subject")
		bad := switchboard.ConversationCreate{InboxID: mail.ID, To: "gina@", Subject: "Invoice", Text: "Hi"}
		_, _, err = db.CreateConversation(w.annCtx, &bad)
		wantField(t, err, switchboard.EINVALID, "to")

		in.Subject = "Your invoice"
		first, _, err := db.CreateConversation(w.annCtx, &in)
		if err != nil {
			t.Fatal(err)
		}
		if first.Subject != "Your invoice" || first.ContactHandle != "gina.verdi@example.com" || first.Channel != switchboard.ChannelEmail {
			t.Errorf("conversation = %+v", first)
		}
		in.Subject = "Another matter"
		second, _, err := db.CreateConversation(w.annCtx, &in)
		if err != nil {
			t.Fatal(err)
		}
		if second.ID == first.ID || second.ContactID != first.ContactID {
			t.Errorf("second mail: conversation %d of contact %d, first %d of %d", second.ID, second.ContactID, first.ID, first.ContactID)
		}
	})
}
