package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestWebChatEmailContinuity: a reply to a visitor who left is emailed through the email inbox
// the web chat inbox names, once, with a milestone; a reply the visitor read in the widget is
// not; the visitor's answer by mail threads back into the same web chat conversation, as
// theirs. Settings naming no email inbox are refused.
func TestWebChatEmailContinuity(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ms := startMailServer(t, "support@shop.test", "ana@customer.test")
			_, url := e.Open(t, sqltest.Options{})
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url,
				"SWITCHBOARD_MAIL_RESCAN": "200ms"})
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			mailPath := emailInbox(t, a, ms, nil)
			var mailID int64
			fmt.Sscanf(mailPath, "/api/v1/inboxes/%d", &mailID)

			// Bad settings are refused: not an inbox, not an email inbox, a negative wait.
			var api obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "api", "name": "Bot"}, 201, &api)
			origins := []string{"https://shop.example.com"}
			for _, bad := range []obj{{"email_inbox_id": 99999}, {"email_inbox_id": api["id"]}, {"email_inbox_id": mailID, "email_after_minutes": -1}} {
				bad["allowed_origins"] = origins
				var e struct {
					Error struct{ Fields map[string]string }
				}
				a.do("POST", "/api/v1/inboxes", obj{"kind": "webchat", "name": "Shop", "settings": bad}, 400, &e)
				if len(e.Error.Fields) == 0 {
					t.Errorf("%v: refused without saying which field", bad)
				}
			}
			var inbox obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "webchat", "name": "Shop", "settings": obj{"allowed_origins": origins,
				"email_inbox_id": mailID, "email_after_minutes": 0.1}}, 201, &inbox)
			var secret struct{ Secret string }
			a.do("GET", fmt.Sprintf("/api/v1/inboxes/%v/identity-secret", inbox["id"]), nil, 200, &secret)

			// Ana, signed in on the shop, writes from the widget and leaves.
			base := fmt.Sprintf("/api/v1/widget/%v", inbox["id"])
			var s struct{ Token string }
			visitorCall(t, a, "POST", base+"/session", "", obj{}, 200, &s)
			visitorCall(t, a, "POST", base+"/identify", s.Token, obj{"user_id": "u42", "user_hash": switchboard.UserHash(secret.Secret, "u42"),
				"name": "Ana Lima", "email": "Ana@Customer.test"}, 200, nil)
			var first struct {
				ID             int64 `json:"id"`
				ConversationID int64 `json:"conversation_id"`
			}
			visitorCall(t, a, "POST", base+"/conversations", s.Token, obj{"text": "Do you ship to Lisbon?"}, 201, &first)
			conv := fmt.Sprintf("/api/v1/conversations/%d", first.ConversationID)

			// While her widget is open, a reply she reads there is never emailed.
			ctx, leave := context.WithCancel(context.Background())
			events := openStreamUntil(t, ctx, a, inbox["id"], s.Token, "")
			next(t, events, "ready")
			var read obj
			a.do("POST", conv+"/messages", obj{"text": "Let me check."}, 201, &read)
			next(t, events, "message")
			visitorCall(t, a, "POST", fmt.Sprintf("%s/conversations/%d/read", base, first.ConversationID), s.Token, obj{"message_id": read["id"]}, 204, nil)

			// She closed the tab: the next replies are emailed, together, once.
			leave()
			a.do("POST", conv+"/messages", obj{"text": "Yes, we ship to Lisbon."}, 201, nil)
			a.do("POST", conv+"/messages", obj{"text": "Delivery takes 3 days."}, 201, nil)
			got := ms.waitMail(t, "ana@customer.test", 1)
			mail := got[0]
			if !strings.Contains(mail.Text, "Yes, we ship to Lisbon.") || !strings.Contains(mail.Text, "Delivery takes 3 days.") ||
				strings.Contains(mail.Text, "Let me check.") || !strings.Contains(mail.Text, "website chat") ||
				!strings.Contains(mail.Subject, "Shop") || len(mail.ReplyTo) != 1 || !strings.Contains(mail.ReplyTo[0].Address, "+c_") {
				t.Fatalf("the mail: subject %q, reply-to %v, text %q", mail.Subject, mail.ReplyTo, mail.Text)
			}
			a.waitMessage(conv, func(m obj) bool {
				act, _ := m["activity"].(obj)
				return act != nil && act["action"] == "emailed_visitor" && act["note"] == "ana@customer.test"
			})
			time.Sleep(500 * time.Millisecond) // both replies' jobs have run: still one mail
			if n := len(ms.inbox(t, "ana@customer.test", "INBOX")); n != 1 {
				t.Errorf("%d mails, want 1", n)
			}

			// Her answer by mail comes back into the web chat conversation, as hers.
			ms.send(t, "ana@customer.test", []string{mail.ReplyTo[0].Address}, "From: Ana Lima <ana@customer.test>\nTo: "+mail.ReplyTo[0].Address+"\n"+
				fmt.Sprintf("Subject: Re: %s\nIn-Reply-To: <%s>\nReferences: <%s>\nMessage-ID: <a1@customer.test>\n\nGreat, thanks!\n\nOn Mon, Shop wrote:\n> Yes, we ship\n",
					mail.Subject, mail.MessageID, mail.MessageID))
			back := a.waitMessage(conv, func(m obj) bool { return m["provider_id"] == "a1@customer.test" })
			if back["direction"] != "incoming" || back["sender_type"] != "contact" || !strings.HasPrefix(back["text"].(string), "Great, thanks!") ||
				back["inbox_id"] != inbox["id"] {
				t.Errorf("the answer by mail: %v", back)
			}
			if cs := a.allConversations(); len(cs) != 1 {
				t.Errorf("%d conversations, want the web chat's one", len(cs))
			}
			var page struct{ Items []obj }
			visitorCall(t, a, "GET", fmt.Sprintf("%s/conversations/%d/messages", base, first.ConversationID), s.Token, nil, 200, &page)
			if last := page.Items[len(page.Items)-1]; !strings.HasPrefix(last["text"].(string), "Great, thanks!") {
				t.Errorf("the widget's thread ends with %v", last)
			}
		})
	}
}
