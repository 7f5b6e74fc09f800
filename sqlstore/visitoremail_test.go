package sqlstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/channel/email"
	"github.com/switchboardhq/switchboard/channel/webchat"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestVisitorEmails: continuity by email's bookkeeping. The team's replies a visitor has neither
// read nor been emailed are what a mail carries; once recorded they are not again, with a
// milestone. An answer by mail to the email inbox threads back into the web chat conversation
// only with a genuine reply key of a conversation emailed through that inbox, from the address
// it was emailed to: a forged key, another sender or another inbox starts an email conversation.
// A visitor's unverified address (typed in a form) is where they are written.
func TestVisitorEmails(t *testing.T) {
	reg := channel.NewRegistry(&webchat.Connector{}, &email.Connector{})
	sqltest.RunWith(t, sqltest.Options{Channels: reg}, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		mailSettings := json.RawMessage(`{"address":"support@shop.test","imap_host":"imap.shop.test","smtp_host":"smtp.shop.test"}`)
		mail, err := db.CreateInbox(w.adminCtx, &switchboard.InboxInput{Kind: switchboard.ChannelEmail, Name: ptr("Mail"), Settings: mailSettings,
			Secrets: map[string]string{"password": "secret"}})
		if err != nil {
			t.Fatal(err)
		}
		other, err := db.CreateInbox(w.adminCtx, &switchboard.InboxInput{Kind: switchboard.ChannelEmail, Name: ptr("Other mail"), Settings: mailSettings,
			Secrets: map[string]string{"password": "secret"}})
		if err != nil {
			t.Fatal(err)
		}
		chat, err := db.CreateInbox(w.adminCtx, &switchboard.InboxInput{Kind: switchboard.ChannelWebChat, Name: ptr("Chat"),
			Settings: json.RawMessage(fmt.Sprintf(`{"allowed_origins":["https://shop.example.com"],"email_inbox_id":%d}`, mail.ID))})
		if err != nil {
			t.Fatal(err)
		}
		ana, _, err := db.CreateVisitor(w.sys, chat.ID, &switchboard.VisitorContext{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.IdentifyVisitor(w.sys, ana.ID, &switchboard.VisitorIdentify{UserID: "u1", Email: "Ana@Customer.test", Name: "Ana"}, true); err != nil {
			t.Fatal(err)
		}
		first, _, err := db.VisitorSend(w.sys, ana.ID, 0, &switchboard.VisitorMessage{Text: "Hello"})
		if err != nil {
			t.Fatal(err)
		}
		conv := first.ConversationID
		reply := func(text string) int64 {
			m, _, err := db.CreateMessage(w.adminCtx, conv, &switchboard.MessageCreate{Text: text})
			if err != nil {
				t.Fatal(err)
			}
			return m.ID
		}
		unseen := func() (*switchboard.VisitorEmail, []string) {
			ve, err := db.VisitorEmail(w.sys, conv)
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, m := range ve.Replies {
				texts = append(texts, m.Text)
			}
			return ve, texts
		}
		if _, err := db.VisitorEmail(w.adminCtx, conv); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Errorf("an agent read the visitor email state: %v", err)
		}
		read := reply("Let me check")
		if err := db.VisitorRead(w.sys, ana.ID, conv, read); err != nil {
			t.Fatal(err)
		}
		if ve, texts := unseen(); ve.Email != "ana@customer.test" || len(texts) != 0 {
			t.Errorf("after reading: %q, %v", ve.Email, texts)
		}
		reply("Yes")
		last := reply("In 3 days")
		ve, texts := unseen()
		if strings.Join(texts, "|") != "Yes|In 3 days" || len(ve.VisitorIDs) != 1 {
			t.Errorf("unseen replies %v, visitors %v", texts, ve.VisitorIDs)
		}
		if err := db.RecordVisitorEmail(w.sys, conv, mail.ID, last, "ana@customer.test"); err != nil {
			t.Fatal(err)
		}
		if _, texts := unseen(); len(texts) != 0 {
			t.Errorf("emailed replies still unseen: %v", texts)
		}
		page, err := db.FindMessages(w.adminCtx, conv, switchboard.MessageFilter{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		if m := page.Items[len(page.Items)-1]; m.Activity == nil || m.Activity.Action != "emailed_visitor" || m.Activity.Note != "ana@customer.test" {
			t.Errorf("the milestone: %+v", m)
		}

		receive := func(inbox int64, from, rcpt string) int64 {
			t.Helper()
			m, _, _, err := db.Receive(switchboard.NewContextWithInbox(context.Background(), inbox), &switchboard.InboundMessage{InboxID: inbox, From: from,
				Text: "Thanks!", Subject: "Re: Your conversation on Chat", Threaded: true, Recipients: []string{rcpt},
				ProviderID: fmt.Sprintf("<%s.%s.%d@mail.test>", from, rcpt, inbox)})
			if err != nil {
				t.Fatal(err)
			}
			return m.ConversationID
		}
		key := ve.ReplyKey
		forged := key[:len(key)-1] + map[bool]string{true: "0", false: "1"}[!strings.HasSuffix(key, "0")]
		for _, c := range []struct {
			inbox      int64
			from, rcpt string
		}{{mail.ID, "ana@customer.test", "support+c_" + forged + "@shop.test"}, {mail.ID, "eve@elsewhere.test", "support+c_" + key + "@shop.test"},
			{other.ID, "ana@customer.test", "support+c_" + key + "@shop.test"}} {
			if got := receive(c.inbox, c.from, c.rcpt); got == conv {
				t.Errorf("%s to %s in inbox %d threaded into the web chat conversation", c.from, c.rcpt, c.inbox)
			}
		}
		if got := receive(mail.ID, "Ana@customer.test", "support+c_"+key+"@shop.test"); got != conv {
			t.Fatalf("Ana's answer went to conversation %d, want the web chat's %d", got, conv)
		}
		// An anonymous visitor who typed their address (unverified) is written at that address.
		ben, _, err := db.CreateVisitor(w.sys, chat.ID, &switchboard.VisitorContext{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.IdentifyVisitor(w.sys, ben.ID, &switchboard.VisitorIdentify{Email: "Ben@Example.test"}, false); err != nil {
			t.Fatal(err)
		}
		bens, _, err := db.VisitorSend(w.sys, ben.ID, 0, &switchboard.VisitorMessage{Text: "Hi"})
		if err != nil {
			t.Fatal(err)
		}
		if bve, err := db.VisitorEmail(w.sys, bens.ConversationID); err != nil || bve.Email != "ben@example.test" {
			t.Errorf("Ben's address: %+v, %v", bve, err)
		}
		msgs, err := db.VisitorMessages(w.sys, ana.ID, conv, switchboard.MessageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if m := msgs.Items[len(msgs.Items)-1]; m.Text != "Thanks!" || m.Direction != switchboard.DirectionIncoming {
			t.Errorf("the widget's last message: %+v", m)
		}
	})
}
