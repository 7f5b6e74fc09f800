package sqlstore_test

import (
	"encoding/json"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/channel/webchat"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestVisitorFlows: a pre-chat form is written with the conversation's first message (not with
// a repeated one); a rating is the system's to record, of a resolved conversation of the
// visitor's, once, and agents read it on the conversation in lists too.
func TestVisitorFlows(t *testing.T) {
	sqltest.RunWith(t, sqltest.Options{Channels: channel.NewRegistry(&webchat.Connector{})}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		chat, err := db.CreateInbox(w.adminCtx, &switchboard.InboxInput{Kind: switchboard.ChannelWebChat, Name: ptr("Chat"),
			Settings: json.RawMessage(`{"allowed_origins":["https://shop.example.com"]}`)})
		if err != nil {
			t.Fatal(err)
		}
		amy, _, err := db.CreateVisitor(w.sys, chat.ID, &switchboard.VisitorContext{})
		if err != nil {
			t.Fatal(err)
		}
		ben, _, err := db.CreateVisitor(w.sys, chat.ID, &switchboard.VisitorContext{})
		if err != nil {
			t.Fatal(err)
		}
		form := &switchboard.PrechatApplied{Name: "Amy", Email: "amy@example.com", Attributes: map[string]any{"order_no": "A-1"}, ConsentText: "OK to keep my details"}
		m, created, err := db.VisitorSend(w.sys, amy.ID, 0, &switchboard.VisitorMessage{Text: "Hi", IdempotencyKey: "k", Applied: form})
		if err != nil || !created {
			t.Fatal(created, err)
		}
		if _, created, err := db.VisitorSend(w.sys, amy.ID, 0, &switchboard.VisitorMessage{Text: "Hi", IdempotencyKey: "k", Applied: form}); err != nil || created {
			t.Fatalf("the repeated first message: %v %v", created, err)
		}
		page, err := db.FindMessages(w.adminCtx, m.ConversationID, switchboard.MessageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		consents := 0
		for _, x := range page.Items {
			if x.Activity != nil && x.Activity.Action == "consent" && x.Activity.Note == "OK to keep my details" {
				consents++
			}
		}
		if consents != 1 {
			t.Errorf("%d consent milestones", consents)
		}
		r := &switchboard.CSAT{Rating: 5, Comment: "Great"}
		if _, err := db.VisitorCSAT(w.adminCtx, amy.ID, m.ConversationID, r); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Errorf("an agent recorded a visitor's rating: %v", err)
		}
		if _, err := db.VisitorCSAT(w.sys, amy.ID, m.ConversationID, r); switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Errorf("an open conversation rated: %v", err)
		}
		if _, err := db.SetStatus(w.adminCtx, m.ConversationID, switchboard.StatusResolved); err != nil {
			t.Fatal(err)
		}
		if _, err := db.VisitorCSAT(w.sys, ben.ID, m.ConversationID, r); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("Ben rated Amy's conversation: %v", err)
		}
		if got, err := db.VisitorCSAT(w.sys, amy.ID, m.ConversationID, r); err != nil || got.Rating != 5 {
			t.Fatalf("rating: %+v %v", got, err)
		}
		if _, err := db.VisitorCSAT(w.sys, amy.ID, m.ConversationID, &switchboard.CSAT{Rating: 1}); switchboard.ErrorCode(err) != switchboard.ECONFLICT {
			t.Errorf("a second rating: %v", err)
		}
		list, err := db.FindConversations(w.adminCtx, switchboard.ConversationFilter{View: switchboard.ViewAll, Statuses: []switchboard.ConversationStatus{switchboard.StatusResolved}})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, c := range list.Items {
			if c.ID == m.ConversationID {
				found = c.CSAT != nil && c.CSAT.Rating == 5 && c.CSAT.Comment == "Great"
			}
		}
		if !found {
			t.Errorf("the rating in the list: %+v", list.Items)
		}
	})
}
