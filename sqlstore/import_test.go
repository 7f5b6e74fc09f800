package sqlstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// step is one message of a scripted conversation, written live or imported.
type step struct {
	dir  switchboard.ImportDirection
	text string
}

// TestImportMatchesLive plays conversations live (customers' messages through Receive, the
// admin's replies and notes through CreateMessage, a minute apart) and imports the same
// conversations into the other inbox: the imported ones must read exactly like the live ones —
// summary columns, read state for the author and for someone else, the customer-service window,
// and the messages.
func TestImportMatchesLive(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	opts := sqltest.Options{Now: clock.Now, Channels: rules{caps: switchboard.ChannelCapabilities{Window: 24 * time.Hour}}}
	sqltest.RunWith(t, opts, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		scripts := map[string][]step{
			"customer waiting": {{"incoming", "Hello, my parcel ORD-1 is late"}, {"outgoing", "Sorry, checking now."},
				{"note", "Courier says Monday"}, {"incoming", "Any news?"}, {"incoming", "Hello??"}},
			"agent replied last": {{"incoming", "Can I get a refund?"}, {"note", "Refund approved"}, {"outgoing", "Done, refunded."}},
			"note last":          {{"incoming", "Thanks"}, {"outgoing", "You are welcome"}, {"note", "Closing soon"}},
		}
		n := 0
		for name, script := range scripts {
			n++
			phone := fmt.Sprintf("+39 345 000 %04d", n)
			start := clock.now
			var live *switchboard.Conversation
			for _, s := range script {
				switch s.dir {
				case "incoming":
					_, c, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: phone, ContactName: name, Text: s.text})
					if err != nil {
						t.Fatal(err)
					}
					live = c
				default:
					if _, _, err := db.CreateMessage(w.adminCtx, live.ID, &switchboard.MessageCreate{Text: s.text, Note: s.dir == "note"}); err != nil {
						t.Fatal(err)
					}
				}
				clock.Add(time.Minute)
			}
			// The same conversation, imported into the other inbox. Live, the admin's reply
			// assigned it to them.
			imp := switchboard.ImportConversation{ExternalID: name, Contact: switchboard.ImportContact{Name: "Someone else", Phone: phone},
				AssigneeID: &w.admin.ID}
			for i, s := range script {
				imp.Messages = append(imp.Messages, switchboard.ImportMessage{Direction: s.dir, Text: s.text,
					CreatedAt: start.Add(time.Duration(i) * time.Minute), AgentEmail: agentFor(s, w.admin.Email)})
			}
			res, err := db.ImportConversations(w.sys, w.inbox2.ID, &switchboard.ImportBatch{Conversations: []switchboard.ImportConversation{imp}})
			if err != nil {
				t.Fatalf("%s: import: %v", name, err)
			}
			for _, ctx := range []context.Context{w.adminCtx, w.superCtx} {
				want, err := db.FindConversationByID(ctx, live.ID)
				if err != nil {
					t.Fatal(err)
				}
				got, err := db.FindConversationByID(ctx, res.Conversations[0].ID)
				if err != nil {
					t.Fatal(err)
				}
				want.ID, want.InboxID = got.ID, got.InboxID
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s: imported conversation differs from the live one (-live +imported):\n%s", name, diff)
				}
			}
			liveMsgs, importedMsgs := said(t, w, live.ID), said(t, w, res.Conversations[0].ID)
			if len(liveMsgs) != len(importedMsgs) {
				t.Fatalf("%s: %d live messages, %d imported", name, len(liveMsgs), len(importedMsgs))
			}
			for i, m := range importedMsgs {
				l := liveMsgs[i]
				if m.Direction == switchboard.DirectionOutgoing {
					// Live replies wait for delivery; history was delivered long ago.
					if m.Status != switchboard.MessageSent || l.Status != switchboard.MessagePending {
						t.Errorf("%s: message %d status %q (live %q)", name, i, m.Status, l.Status)
					}
					l.Status = m.Status
				}
				l.ID, l.ConversationID, l.InboxID, l.Reactions = m.ID, m.ConversationID, m.InboxID, m.Reactions
				if diff := cmp.Diff(l, m); diff != "" {
					t.Errorf("%s: message %d differs (-live +imported):\n%s", name, i, diff)
				}
			}
		}
	})
}

func agentFor(s step, email string) string {
	if s.dir == "incoming" {
		return ""
	}
	return email
}

// said returns a conversation's messages without the milestones the live services add.
func said(t *testing.T, w *world, convID int64) []*switchboard.Message {
	t.Helper()
	var out []*switchboard.Message
	for _, m := range thread(t, w, convID) {
		if m.Kind != switchboard.KindActivity {
			out = append(out, m)
		}
	}
	return out
}

// counts are the rows of the tables an import writes.
func counts(db *sqlstore.DB) map[string]int {
	out := map[string]int{}
	for _, table := range []string{"contacts", "identities", "conversations", "messages", "conversation_labels", "conversation_reads",
		"customer_windows", "jobs", "events", "webhook_deliveries"} {
		out[table] = db.CountRowsForTest(table)
	}
	return out
}

func TestImport(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		if _, err := db.CreateLabel(w.sys, &switchboard.LabelInput{Name: ptr("VIP")}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.CreateWebhook(w.sys, &switchboard.WebhookInput{URL: ptr("https://hooks.example.com/in")}); err != nil {
			t.Fatal(err)
		}
		day := time.Now().UTC().Add(-48 * time.Hour).Truncate(time.Second)
		at := func(m int) time.Time { return day.Add(time.Duration(m) * time.Minute) }
		until := time.Now().Add(24 * time.Hour).UTC().Truncate(time.Second)
		batch := &switchboard.ImportBatch{Conversations: []switchboard.ImportConversation{
			{ExternalID: "zd-1", Contact: switchboard.ImportContact{Name: "Carla R.", Phone: "0039 333 111 2222"},
				Status: switchboard.StatusResolved, AssigneeEmail: "Ann@Team.test", Labels: []string{"vip"}, Subject: "Broken kettle",
				CreatedAt: at(0), Messages: []switchboard.ImportMessage{
					{Direction: "incoming", Text: "My kettle Zanzibar7781 broke", CreatedAt: at(1), ExternalID: "zd-msg-1"},
					{Direction: "outgoing", Text: "A new one is on its way", CreatedAt: at(5), AgentEmail: "ann@team.test"},
				}},
			{ExternalID: "zd-2", Contact: switchboard.ImportContact{Name: "Gina", Phone: "+39 345 777 0000", Email: "Gina@Example.com"},
				Status: switchboard.StatusPending, Messages: []switchboard.ImportMessage{
					{Direction: "incoming", Text: "Where is my invoice?", CreatedAt: at(10)},
					{Direction: "outgoing", Text: "Attached, Gina.", CreatedAt: at(12), SenderName: "Old Agent"},
				}},
			{ExternalID: "zd-3", Contact: switchboard.ImportContact{Name: "Gina again", Phone: "+393457770000"},
				Status: switchboard.StatusSnoozed, SnoozedUntil: &until, AssigneeID: &w.ann.ID, Messages: []switchboard.ImportMessage{
					{Direction: "incoming", Text: "One more thing", CreatedAt: at(20)},
					{Direction: "note", Text: "Ask finance", CreatedAt: at(21), AgentID: &w.ann.ID},
				}},
		}}
		before := counts(db)
		res, err := db.ImportConversations(w.adminCtx, w.inbox1.ID, batch)
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		if res.Imported != 3 || res.Skipped != 0 || len(res.Conversations) != 3 {
			t.Fatalf("result = %+v", res)
		}
		after := counts(db)
		for table, delta := range map[string]int{"contacts": 1, "identities": 2, "conversations": 3, "messages": 6, "conversation_labels": 1,
			"conversation_reads": 2, "customer_windows": 2, "jobs": 1, "events": 0, "webhook_deliveries": 0} {
			if got := after[table] - before[table]; got != delta {
				t.Errorf("%s: %d rows written, want %d", table, got, delta)
			}
		}
		conv := func(i int) *switchboard.Conversation {
			c, err := db.FindConversationByID(w.annCtx, res.Conversations[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		c1, c2, c3 := conv(0), conv(1), conv(2)
		if c1.ContactID != w.carla.ID || c1.ContactName != "Carla Rossi" || c1.Status != switchboard.StatusResolved ||
			c1.AssigneeID == nil || *c1.AssigneeID != w.ann.ID || !cmp.Equal(c1.Labels, []string{"VIP"}) || c1.Subject != "Broken kettle" ||
			!c1.CreatedAt.Equal(at(0)) || !c1.LastActivityAt.Equal(at(5)) || c1.WaitingSince != nil || c1.LastReplier != switchboard.ReplierAgent ||
			c1.Unread || c1.LastMessagePreview != "A new one is on its way" {
			t.Errorf("zd-1 = %+v", c1)
		}
		if c2.ContactID != c3.ContactID || c2.ContactID == w.carla.ID || c2.Status != switchboard.StatusPending || c2.AssigneeID != nil ||
			!c2.CreatedAt.Equal(at(10)) || c2.LastReplier != switchboard.ReplierAgent || !c2.Unread {
			t.Errorf("zd-2 = %+v", c2)
		}
		if c3.Status != switchboard.StatusSnoozed || c3.SnoozedUntil == nil || !c3.SnoozedUntil.Equal(until) || c3.WaitingSince == nil ||
			!c3.WaitingSince.Equal(at(20)) || c3.LastReplier != switchboard.ReplierCustomer || !c3.LastActivityAt.Equal(at(21)) ||
			!c3.LastMessageAt.Equal(at(20)) || c3.Unread {
			t.Errorf("zd-3 = %+v", c3)
		}
		gina, err := db.FindContactByID(w.sys, c2.ContactID)
		if err != nil {
			t.Fatal(err)
		}
		if gina.Name != "Gina" || gina.Email != "gina@example.com" || gina.Phone != "+393457770000" || len(gina.Identities) != 2 ||
			!gina.CreatedAt.Equal(at(10)) {
			t.Errorf("new contact = %+v", gina)
		}
		msgs := said(t, w, c2.ID)
		if len(msgs) != 2 || msgs[0].SenderName != "Gina" || msgs[0].SenderType != switchboard.SenderContact ||
			msgs[1].SenderType != switchboard.SenderExternal || msgs[1].SenderName != "Old Agent" || msgs[1].SenderID != nil ||
			msgs[1].Status != switchboard.MessageSent || msgs[0].ID > msgs[1].ID {
			t.Errorf("zd-2 messages = %+v %+v", msgs[0], msgs[1])
		}
		if m := said(t, w, c3.ID)[1]; m.Kind != switchboard.KindNote || m.Direction != switchboard.DirectionInternal ||
			m.SenderName != "ann" || m.Status != "" {
			t.Errorf("note = %+v", m)
		}

		// Lists and search find the history at once, with the usual visibility.
		if got := list(t, db, w.annCtx, switchboard.ConversationFilter{View: switchboard.ViewMine, Statuses: []switchboard.ConversationStatus{"snoozed", "resolved"}}); !cmp.Equal(got, []int64{c3.ID, c1.ID}) {
			t.Errorf("Ann's conversations = %v, want %v", got, []int64{c3.ID, c1.ID})
		}
		for ctx, want := range map[context.Context]int{w.annCtx: 1, w.adminCtx: 1, w.bobCtx: 0} {
			r, err := db.Search(ctx, switchboard.SearchQuery{Q: "zanzibar7781"})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Messages) != want || (want == 1 && r.Messages[0].ConversationID != c1.ID) {
				t.Errorf("search = %+v, want %d hits", r.Messages, want)
			}
		}
		if r, err := db.Search(w.adminCtx, switchboard.SearchQuery{Q: "gina"}); err != nil || len(r.Contacts) != 1 {
			t.Errorf("contact search = %+v, %v", r, err)
		}
		// The message's external id is its provider id: a reply naming it finds it.
		if m, _, created, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+393331112222",
			ProviderID: "zd-msg-1", Text: "again"}); err != nil || created || m.ConversationID != c1.ID {
			t.Errorf("a delivery of an imported message id: %v created=%v %v", m, created, err)
		}

		// Sending the batch again (a client's retry) writes nothing and answers with the same ids.
		again, err := db.ImportConversations(w.adminCtx, w.inbox1.ID, batch)
		if err != nil {
			t.Fatal(err)
		}
		if again.Imported != 0 || again.Skipped != 3 {
			t.Errorf("again = %+v", again)
		}
		for i, c := range again.Conversations {
			if c.ID != res.Conversations[i].ID || c.Created || c.ExternalID != res.Conversations[i].ExternalID {
				t.Errorf("again[%d] = %+v, first %+v", i, c, res.Conversations[i])
			}
		}
		if got := counts(db); !cmp.Equal(got, after) {
			t.Errorf("the second import wrote %v, before %v", got, after)
		}
		// The same external id in the other inbox is another conversation.
		batch.Conversations = batch.Conversations[:1]
		if other, err := db.ImportConversations(w.adminCtx, w.inbox2.ID, batch); err == nil {
			t.Errorf("assignee Ann in the Support inbox she is not in: %+v", other)
		}
		batch.Conversations[0].AssigneeEmail = ""
		if other, err := db.ImportConversations(w.adminCtx, w.inbox2.ID, batch); err != nil || other.Imported != 1 || other.Conversations[0].ID == c1.ID {
			t.Errorf("same external id in another inbox: %+v, %v", other, err)
		}
	})
}

// TestImportContacts checks how each kind of inbox finds imported contacts.
func TestImportContacts(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		erin, err := db.CreateContact(w.sys, &switchboard.ContactInput{Name: ptr("Erin"), Email: ptr("erin@example.com")})
		if err != nil {
			t.Fatal(err)
		}
		mk := func(kind switchboard.ChannelKind) *switchboard.Inbox {
			i, err := db.CreateInbox(w.sys, &switchboard.InboxInput{Kind: kind, Name: ptr(string(kind))})
			if err != nil {
				t.Fatal(err)
			}
			return i
		}
		api, mail := mk(switchboard.ChannelAPI), mk(switchboard.ChannelEmail)
		msg := []switchboard.ImportMessage{{Direction: "incoming", Text: "hi", CreatedAt: time.Now().Add(-time.Hour)}}
		one := func(inbox *switchboard.Inbox, ext string, c switchboard.ImportContact) (int64, error) {
			t.Helper()
			res, err := db.ImportConversations(w.sys, inbox.ID, &switchboard.ImportBatch{Conversations: []switchboard.ImportConversation{
				{ExternalID: ext, Contact: c, Messages: msg}}})
			if err != nil {
				return 0, err
			}
			conv, err := db.FindConversationByID(w.sys, res.Conversations[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			return conv.ContactID, nil
		}
		// The email inbox finds Erin by her address; the API inbox finds her by it too, having no
		// identity of its own for her yet, and gives her one.
		if id, err := one(mail, "m-1", switchboard.ImportContact{Email: "ERIN@example.com"}); err != nil || id != erin.ID {
			t.Errorf("email inbox: contact %d, %v; want Erin %d", id, err, erin.ID)
		}
		if id, err := one(api, "a-1", switchboard.ImportContact{ExternalID: "crm-9", Email: "erin@example.com"}); err != nil || id != erin.ID {
			t.Errorf("API inbox: contact %d, %v; want Erin %d", id, err, erin.ID)
		}
		if id, err := one(api, "a-2", switchboard.ImportContact{ExternalID: "crm-9"}); err != nil || id != erin.ID {
			t.Errorf("API inbox by its own id: contact %d, %v; want Erin %d", id, err, erin.ID)
		}
		got, err := db.FindContactByID(w.sys, erin.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Identities) != 2 || got.Identities[1].Kind != switchboard.IdentityAPI || got.Identities[1].ExternalID != "crm-9" || got.Name != "Erin" {
			t.Errorf("Erin = %+v", got)
		}
		// A live message to the API inbox from crm-9 continues with her.
		if _, c, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: api.ID, From: "crm-9", Text: "me again"}); err != nil || c.ContactID != erin.ID {
			t.Errorf("live message from crm-9: %+v, %v", c, err)
		}

		for _, tt := range []struct {
			inbox *switchboard.Inbox
			c     switchboard.ImportContact
			field string
		}{
			{w.inbox1, switchboard.ImportContact{Email: "x@example.com"}, "conversations[0].contact.phone"},
			{w.inbox1, switchboard.ImportContact{Phone: "+39 333 000 1234", ExternalID: "x"}, "conversations[0].contact.external_id"},
			{w.inbox1, switchboard.ImportContact{Phone: "call me"}, "conversations[0].contact.phone"},
			{mail, switchboard.ImportContact{Phone: "+39 333 000 1234"}, "conversations[0].contact.email"},
			{mail, switchboard.ImportContact{Email: "not an address"}, "conversations[0].contact.email"},
			{api, switchboard.ImportContact{Email: "x@example.com"}, "conversations[0].contact.external_id"},
		} {
			_, err := one(tt.inbox, "bad", tt.c)
			wantField(t, err, switchboard.EINVALID, tt.field)
		}
	})
}

// wantField fails unless err has the code and names the field.
func wantField(t *testing.T, err error, code, field string) {
	t.Helper()
	wantCode(t, err, code)
	if _, ok := switchboard.ErrorFields(err)[field]; !ok {
		t.Errorf("%v does not name %s", err, field)
	}
}

// TestImportRejects sends batches with one problem each, beside a valid conversation: each is
// refused naming the problem, and nothing at all is written.
func TestImportRejects(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		if _, _, _, err := db.Receive(w.sys, &switchboard.InboundMessage{InboxID: w.inbox1.ID, From: "+39 333 999 0000", ProviderID: "wamid.LIVE", Text: "live"}); err != nil {
			t.Fatal(err)
		}
		past := time.Now().Add(-time.Hour)
		good := func(ext string) switchboard.ImportConversation {
			return switchboard.ImportConversation{ExternalID: ext, Contact: switchboard.ImportContact{Phone: "+39 333 555 0101"},
				Messages: []switchboard.ImportMessage{{Direction: "incoming", Text: "fine", CreatedAt: past}}}
		}
		before := counts(db)
		for _, tt := range []struct {
			name  string
			edit  func(c *switchboard.ImportConversation)
			code  string
			field string
		}{
			{"no external id", func(c *switchboard.ImportConversation) { c.ExternalID = " " }, switchboard.EINVALID, "conversations[1].external_id"},
			{"same external id twice", func(c *switchboard.ImportConversation) { c.ExternalID = "ok" }, switchboard.EINVALID, "conversations[1].external_id"},
			{"unknown status", func(c *switchboard.ImportConversation) { c.Status = "archived" }, switchboard.EINVALID, "conversations[1].status"},
			{"snoozed without a time", func(c *switchboard.ImportConversation) { c.Status = switchboard.StatusSnoozed }, switchboard.EINVALID, "conversations[1].snoozed_until"},
			{"no messages", func(c *switchboard.ImportConversation) { c.Messages = nil }, switchboard.EINVALID, "conversations[1].messages"},
			{"empty text", func(c *switchboard.ImportConversation) { c.Messages[0].Text = " " }, switchboard.EINVALID, "conversations[1].messages[0].text"},
			{"bad direction", func(c *switchboard.ImportConversation) { c.Messages[0].Direction = "sideways" }, switchboard.EINVALID, "conversations[1].messages[0].direction"},
			{"future message", func(c *switchboard.ImportConversation) { c.Messages[0].CreatedAt = time.Now().Add(time.Hour) },
				switchboard.EINVALID, "conversations[1].messages[0].created_at"},
			{"out of order", func(c *switchboard.ImportConversation) {
				c.Messages = append(c.Messages, switchboard.ImportMessage{Direction: "outgoing", Text: "earlier", CreatedAt: past.Add(-time.Minute)})
			}, switchboard.EINVALID, "conversations[1].messages[1].created_at"},
			{"started after its first message", func(c *switchboard.ImportConversation) { c.CreatedAt = past.Add(time.Minute) },
				switchboard.EINVALID, "conversations[1].messages[0].created_at"},
			{"agent on an incoming message", func(c *switchboard.ImportConversation) { c.Messages[0].AgentID = &w.ann.ID },
				switchboard.EINVALID, "conversations[1].messages[0].agent_id"},
			{"unknown agent", func(c *switchboard.ImportConversation) {
				c.Messages = append(c.Messages, switchboard.ImportMessage{Direction: "outgoing", Text: "x", CreatedAt: past, AgentEmail: "nobody@team.test"})
			}, switchboard.EINVALID, "conversations[1].messages[1].agent_email"},
			{"unknown assignee", func(c *switchboard.ImportConversation) { c.AssigneeID = ptr(int64(9999)) }, switchboard.EINVALID, "conversations[1].assignee_id"},
			{"assignee outside the inbox", func(c *switchboard.ImportConversation) { c.AssigneeEmail = "bob@team.test" },
				switchboard.EINVALID, "conversations[1].assignee_email"},
			{"unknown label", func(c *switchboard.ImportConversation) { c.Labels = []string{"nope"} }, switchboard.EINVALID, "conversations[1].labels"},
			{"message recorded before", func(c *switchboard.ImportConversation) { c.Messages[0].ExternalID = "wamid.LIVE" },
				switchboard.ECONFLICT, "conversations[1].messages[0].external_id"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				bad := good("bad")
				tt.edit(&bad)
				_, err := db.ImportConversations(w.adminCtx, w.inbox1.ID, &switchboard.ImportBatch{Conversations: []switchboard.ImportConversation{good("ok"), bad}})
				wantField(t, err, tt.code, tt.field)
				if got := counts(db); !cmp.Equal(got, before) {
					t.Errorf("a refused batch wrote rows: %v, before %v", got, before)
				}
			})
		}

		many := &switchboard.ImportBatch{}
		for i := range switchboard.MaxImportConversations + 1 {
			many.Conversations = append(many.Conversations, good(fmt.Sprint(i)))
		}
		_, err := db.ImportConversations(w.adminCtx, w.inbox1.ID, many)
		wantField(t, err, switchboard.EINVALID, "conversations")
		_, err = db.ImportConversations(w.adminCtx, w.inbox1.ID, &switchboard.ImportBatch{})
		wantField(t, err, switchboard.EINVALID, "conversations")

		one := &switchboard.ImportBatch{Conversations: []switchboard.ImportConversation{good("ok")}}
		_, err = db.ImportConversations(w.superCtx, w.inbox1.ID, one)
		wantCode(t, err, switchboard.EFORBIDDEN)
		_, err = db.ImportConversations(w.annCtx, w.inbox1.ID, one)
		wantCode(t, err, switchboard.EFORBIDDEN)
		_, err = db.ImportConversations(w.adminCtx, 9999, one)
		wantCode(t, err, switchboard.ENOTFOUND)
		if got := counts(db); !cmp.Equal(got, before) {
			t.Errorf("refused batches wrote rows: %v, before %v", got, before)
		}
	})
}

// TestImportConcurrentRetries sends one batch several times at once, as a client retrying after
// a timeout might: each conversation is written once, and every answer names the same ids.
func TestImportConcurrentRetries(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		past := time.Now().Add(-time.Hour)
		var convs []switchboard.ImportConversation
		for i := range 50 {
			convs = append(convs, switchboard.ImportConversation{ExternalID: fmt.Sprintf("c-%d", i),
				Contact: switchboard.ImportContact{Phone: fmt.Sprintf("+39 333 444 %04d", i%7)},
				Messages: []switchboard.ImportMessage{{Direction: "incoming", Text: "hello", CreatedAt: past, ExternalID: fmt.Sprintf("m-%d", i)},
					{Direction: "outgoing", Text: "hi", CreatedAt: past, AgentID: &w.ann.ID}}})
		}
		var wg sync.WaitGroup
		results := make([]*switchboard.ImportResult, 4)
		for r := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Each request decodes a batch of its own.
				b := &switchboard.ImportBatch{Conversations: append([]switchboard.ImportConversation(nil), convs...)}
				for i := range b.Conversations {
					b.Conversations[i].Messages = append([]switchboard.ImportMessage(nil), convs[i].Messages...)
				}
				res, err := db.ImportConversations(w.adminCtx, w.inbox1.ID, b)
				if err != nil {
					t.Errorf("import %d: %v", r, err)
					return
				}
				results[r] = res
			}()
		}
		wg.Wait()
		if t.Failed() {
			return
		}
		imported := 0
		for _, res := range results {
			imported += res.Imported
			for i, c := range res.Conversations {
				if c.ID != results[0].Conversations[i].ID {
					t.Fatalf("conversation %d has ids %d and %d", i, c.ID, results[0].Conversations[i].ID)
				}
			}
		}
		if imported != len(convs) {
			t.Errorf("%d conversations created, want %d", imported, len(convs))
		}
		if n := db.CountRowsForTest("conversations"); n != len(convs) {
			t.Errorf("%d conversations stored, want %d", n, len(convs))
		}
		if n := db.CountRowsForTest("contacts"); n != 2+7 {
			t.Errorf("%d contacts stored, want 9", n)
		}
	})
}
