package sqlstore_test

import (
	"encoding/json"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestProviderTextIsStorable: whatever text a provider sends or answers (here NUL and invalid
// UTF-8, which PostgreSQL refuses) is recorded on both engines with U+FFFD in its place: a
// webhook with every kind of text, a delivery failure, a media fetch failure, a channel error,
// templates.
func TestProviderTextIsStorable(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		ch := switchboard.NewContextWithInbox(w.sys, w.inbox1.ID)
		const bad = "\x00\xff"
		batch := &switchboard.InboundBatch{InboxID: w.inbox1.ID, Raw: []byte(`{"raw": "` + bad + `", "escaped": "\u0000"}`),
			Messages: []*switchboard.InboundMessage{{From: "393330001111", ContactName: "Eva" + bad, ProviderID: "in-1" + bad,
				Text: "hi" + bad, Subject: "s" + bad,
				Attachments: []*switchboard.Attachment{{Kind: "document", Filename: "f" + bad + ".pdf", ContentType: "application/pdf", Source: "media" + bad}},
				Content:     &switchboard.MessageContent{Choice: "c" + bad}}},
			Reactions: []*switchboard.InboundReaction{{From: "393330001111", ContactName: "Eva" + bad, TargetProviderID: "in-1" + bad, Emoji: "👍" + bad}},
			Statuses:  []*switchboard.StatusReport{{ProviderID: "unknown" + bad, Status: switchboard.MessageFailed, ErrorReason: "r" + bad}}}
		if res, err := db.ReceiveBatch(ch, batch); err != nil || res.Created != 1 || res.Reactions != 1 {
			t.Fatalf("webhook: %+v, %v", res, err)
		}
		convs, err := db.FindConversations(w.adminCtx, switchboard.ConversationFilter{View: switchboard.ViewAll})
		if err != nil || len(convs.Items) != 1 || convs.Items[0].ContactName != "Eva\uFFFD\uFFFD" {
			t.Fatalf("conversations: %+v, %v", convs, err)
		}
		page, err := db.FindMessages(w.adminCtx, convs.Items[0].ID, switchboard.MessageFilter{})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("thread: %+v, %v", page, err)
		}
		m := page.Items[0]
		if m.Text != "hi\uFFFD\uFFFD" || m.ProviderID != "in-1\uFFFD\uFFFD" || len(m.Attachments) != 1 || m.Attachments[0].Filename != "f\uFFFD\uFFFD.pdf" ||
			m.Content.Choice != "c\uFFFD\uFFFD" || len(m.Reactions) != 1 || m.Reactions[0].Emoji != "👍\uFFFD\uFFFD" {
			t.Errorf("message: %+v, attachments %+v, reactions %+v", m, m.Attachments, m.Reactions)
		}

		// What a provider answers later: a fetch that failed, a send that failed, a channel error.
		if err := db.FailMediaFetch(w.sys, m.Attachments[0].ID, "gone"+bad); err != nil {
			t.Fatal(err)
		}
		if m, _ := db.FindMessageByID(w.adminCtx, m.ID); m.Attachments[0].FetchError != "gone\uFFFD\uFFFD" {
			t.Errorf("fetch error: %q", m.Attachments[0].FetchError)
		}
		reply, _, err := db.CreateMessage(w.annCtx, convs.Items[0].ID, &switchboard.MessageCreate{Text: "Hi Eva"})
		if err != nil {
			t.Fatal(err)
		}
		if r, err := db.SetMessageStatus(w.sys, reply.ID, switchboard.MessageFailed, "c"+bad, "r"+bad); err != nil || r.ErrorCode != "c\uFFFD\uFFFD" || r.ErrorReason != "r\uFFFD\uFFFD" {
			t.Errorf("failed send: %+v, %v", r, err)
		}
		if err := db.RecordChannelHealth(w.sys, w.inbox1.ID, false, "down"+bad, nil); err != nil {
			t.Fatal(err)
		}
		if h, err := db.FindInboxHealth(w.adminCtx, w.inbox1.ID); err != nil || h.LastError != "down\uFFFD\uFFFD" {
			t.Errorf("health: %+v, %v", h, err)
		}
		components := json.RawMessage(`[{"type": "BODY", "text": "Hello {{1}}\u0000` + "\xff" + `"}]`)
		if err := db.ReplaceTemplates(w.sys, w.inbox1.ID, []*switchboard.Template{{Name: "hello" + bad, Language: "en", Status: "approved", Components: components}}); err != nil {
			t.Fatal(err)
		}
		ts, err := db.FindTemplates(w.adminCtx, w.inbox1.ID)
		if err != nil || len(ts) != 1 || ts[0].Name != "hello\uFFFD\uFFFD" || ts[0].Body != "Hello {{1}}\uFFFD\uFFFD" {
			t.Errorf("templates: %+v, %v", ts, err)
		}
	})
}
