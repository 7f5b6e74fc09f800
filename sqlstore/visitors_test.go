package sqlstore_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/channel/webchat"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestVisitors: a web chat inbox gets its identity secret from the server; visitors are made
// with a token only the system can resolve, see only their own conversations of their own
// inbox (never notes), send once per idempotency key, and a verified identity merges two
// visitors' contacts while an unverified one only notes attributes.
func TestVisitors(t *testing.T) {
	reg := channel.NewRegistry(&webchat.Connector{})
	sqltest.RunWith(t, sqltest.Options{Channels: reg}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		settings := json.RawMessage(`{"allowed_origins":["https://shop.example.com"]}`)
		chat, err := db.CreateInbox(w.adminCtx, &switchboard.InboxInput{Kind: switchboard.ChannelWebChat, Name: ptr("Chat"), Settings: settings})
		if err != nil {
			t.Fatal(err)
		}
		other, err := db.CreateInbox(w.adminCtx, &switchboard.InboxInput{Kind: switchboard.ChannelWebChat, Name: ptr("Other chat"), Settings: settings})
		if err != nil {
			t.Fatal(err)
		}
		secrets, err := db.InboxSecrets(w.sys, chat.ID)
		if err != nil || len(secrets[webchat.SecretIdentity]) < 40 {
			t.Fatalf("identity secret: %q, %v", secrets[webchat.SecretIdentity], err)
		}
		if _, _, err := db.CreateVisitor(w.annCtx, chat.ID, &switchboard.VisitorContext{}); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Errorf("an agent made a visitor: %v", err)
		}
		if _, _, err := db.CreateVisitor(w.sys, w.inbox1.ID, &switchboard.VisitorContext{}); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("a visitor of a WhatsApp inbox: %v", err)
		}
		amy, amyToken, err := db.CreateVisitor(w.sys, chat.ID, &switchboard.VisitorContext{Page: "https://shop.example.com/", Browser: "Firefox", TimeZone: "Europe/Rome"})
		if err != nil {
			t.Fatal(err)
		}
		ben, _, err := db.CreateVisitor(w.sys, chat.ID, &switchboard.VisitorContext{})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := db.VisitorByToken(w.sys, chat.ID, amyToken); err != nil || got.ID != amy.ID || got.Browser != "Firefox" {
			t.Errorf("Amy by her token: %+v, %v", got, err)
		}
		for _, c := range []struct {
			inbox int64
			token string
		}{{chat.ID, amyToken + "x"}, {other.ID, amyToken}, {chat.ID, "sbv_"}, {chat.ID, ""}} {
			if _, err := db.VisitorByToken(w.sys, c.inbox, c.token); switchboard.ErrorCode(err) != switchboard.EUNAUTHORIZED {
				t.Errorf("token %q in inbox %d: %v", c.token, c.inbox, err)
			}
		}

		first, created, err := db.VisitorSend(w.sys, amy.ID, 0, &switchboard.VisitorMessage{Text: "Hello", IdempotencyKey: "k1"})
		if err != nil || !created {
			t.Fatal(created, err)
		}
		again, created, err := db.VisitorSend(w.sys, amy.ID, 0, &switchboard.VisitorMessage{Text: "Hello", IdempotencyKey: "k1"})
		if err != nil || created || again.ID != first.ID {
			t.Errorf("the same key again: %+v %v %v", again, created, err)
		}
		conv := first.ConversationID
		if _, _, err := db.CreateMessage(w.adminCtx, conv, &switchboard.MessageCreate{Note: true, Text: "a note"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.CreateMessage(w.adminCtx, conv, &switchboard.MessageCreate{Text: "Hi Amy"}); err != nil {
			t.Fatal(err)
		}
		page, err := db.VisitorMessages(w.sys, amy.ID, conv, switchboard.MessageFilter{})
		if err != nil || len(page.Items) != 2 || page.Items[1].Text != "Hi Amy" || page.Items[1].AgentName == "" {
			t.Fatalf("Amy's thread: %+v, %v", page, err)
		}
		// Ben reaches nothing of Amy's.
		if _, err := db.VisitorMessages(w.sys, ben.ID, conv, switchboard.MessageFilter{}); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("Ben reads Amy's conversation: %v", err)
		}
		if _, _, err := db.VisitorSend(w.sys, ben.ID, conv, &switchboard.VisitorMessage{Text: "hijack"}); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("Ben writes in Amy's conversation: %v", err)
		}
		if _, err := db.VisitorMessage(w.sys, ben.ID, first.ID); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("Ben reads Amy's message: %v", err)
		}
		if err := db.VisitorRead(w.sys, ben.ID, conv, first.ID); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("Ben marks Amy's conversation read: %v", err)
		}
		// Amy's second conversation, then she reads the first.
		if _, _, err := db.VisitorSend(w.sys, amy.ID, 0, &switchboard.VisitorMessage{Text: "Another question"}); err != nil {
			t.Fatal(err)
		}
		convs, err := db.VisitorConversations(w.sys, amy.ID)
		if err != nil || len(convs) != 2 {
			t.Fatalf("Amy's conversations: %+v, %v", convs, err)
		}
		if err := db.VisitorRead(w.sys, amy.ID, conv, page.Items[1].ID); err != nil {
			t.Fatal(err)
		}
		if m, err := db.VisitorMessage(w.sys, amy.ID, page.Items[1].ID); err != nil || m.Status != switchboard.MessageRead {
			t.Errorf("the reply Amy read: %+v, %v", m, err)
		}

		// Unverified: attributes only. Verified: Ben, then Amy, are the shop's user 7.
		if _, err := db.IdentifyVisitor(w.sys, ben.ID, &switchboard.VisitorIdentify{UserID: "7", Name: "Claims To Be"}, false); err != nil {
			t.Fatal(err)
		}
		c, err := db.FindContactByID(w.adminCtx, ben.ContactID)
		if err != nil || c.Name == "Claims To Be" || !strings.Contains(string(c.Attributes), "Claims To Be") {
			t.Errorf("unverified: %+v, %v", c, err)
		}
		if _, err := db.IdentifyVisitor(w.sys, ben.ID, &switchboard.VisitorIdentify{UserID: "7", Name: "Marta"}, true); err != nil {
			t.Fatal(err)
		}
		merged, err := db.IdentifyVisitor(w.sys, amy.ID, &switchboard.VisitorIdentify{UserID: "7", Email: "Marta@Example.com"}, true)
		if err != nil {
			t.Fatal(err)
		}
		if merged.ContactID != ben.ContactID || merged.UserID != "7" || merged.Name != "Marta" || merged.Email != "marta@example.com" {
			t.Errorf("Amy after the merge: %+v (Ben's contact %d)", merged, ben.ContactID)
		}
		if convs, _ := db.VisitorConversations(w.sys, ben.ID); len(convs) != 2 {
			t.Errorf("Ben, now the same person, sees %d conversations", len(convs))
		}
		if _, err := db.FindContactByID(w.adminCtx, amy.ContactID); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("Amy's anonymous contact is left: %v", err)
		}
		visits, err := db.FindContactVisitors(w.adminCtx, ben.ContactID)
		if err != nil || len(visits) != 2 {
			t.Errorf("the contact's visits: %+v, %v", visits, err)
		}
		if _, err := db.FindContactVisitors(w.annCtx, ben.ContactID); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("Ann, of another inbox, reads the visits: %v", err)
		}
		if _, _, err := db.VisitorSend(w.sys, ben.ID, 0, &switchboard.VisitorMessage{Text: strings.Repeat("x", switchboard.MaxVisitorText+1)}); switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Errorf("a message too long: %v", err)
		}
	})
}
