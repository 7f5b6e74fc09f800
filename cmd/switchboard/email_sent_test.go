package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestEmailSentFolder: an inbox that imports two folders and its Sent folder (which the server
// marks \Sent; it keeps a copy of what is submitted, as Gmail does). A colleague's reply from
// their own mail client, in Sent and answering the customer's mail, shows in the customer's
// conversation as sent by an external agent, leaves the assignment alone and sends nothing; a
// mail from the inbox's own address that lands in INBOX too is the same message, once; the
// server's copy of a reply Switchboard sent is not a second message; mail in the second folder
// is imported like INBOX's.
func TestEmailSentFolder(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ms := startMailServerWith(t, []string{"-keep-sent"}, "support@shop.test", "ana@customer.test")
			c := ms.login(t, "support@shop.test")
			if err := c.Create("Orders", nil).Wait(); err != nil {
				t.Fatal(err)
			}
			c.Close()
			_, dbURL := e.Open(t, sqltest.Options{})
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": dbURL,
				"SWITCHBOARD_MAIL_RESCAN": "200ms"})
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			// No sent_folder: Switchboard appends no copy itself, and finds Sent by its mark.
			emailInbox(t, a, ms, obj{"folders": []string{"INBOX", "Orders"}, "sync_sent": true, "sent_folder": ""})

			ms.send(t, "ana@customer.test", []string{"support@shop.test"}, "From: Ana Lima <ana@customer.test>\nTo: support@shop.test\n"+
				"Subject: Where is my order?\nMessage-ID: <q1@customer.test>\n\nIt has been two weeks.\n")
			first := a.messageByProvider("q1@customer.test")
			conv := fmt.Sprintf("/api/v1/conversations/%v", first["conversation_id"])
			var reply obj
			a.do("POST", conv+"/messages", obj{"text": "Let me look into it."}, 201, &reply)
			ms.waitMail(t, "ana@customer.test", 1)

			// Ben answers from his mail client on the shared mailbox; his client files it in Sent,
			// and he copied the shared address, so it also lands in INBOX.
			ben := "From: Ben at Shop <support@shop.test>\r\nTo: Ana Lima <ana@customer.test>\r\nSubject: Re: Where is my order?\r\n" +
				"Message-ID: <ben1@shop.test>\r\nIn-Reply-To: <q1@customer.test>\r\nReferences: <q1@customer.test>\r\n\r\nIt left the warehouse today.\r\n"
			ms.appendMail(t, "support@shop.test", "Sent Messages", []byte(ben))
			ms.appendMail(t, "support@shop.test", "INBOX", []byte(ben))
			ms.appendMail(t, "support@shop.test", "Orders", []byte("From: bo@customer.test\r\nTo: orders@shop.test\r\nSubject: Order 7\r\n"+
				"Message-ID: <o7@customer.test>\r\n\r\nPlease add a second mug.\r\n"))

			echo := a.messageByProvider("ben1@shop.test")
			if echo["conversation_id"] != first["conversation_id"] || echo["direction"] != "outgoing" || echo["sender_type"] != "external" ||
				echo["status"] != "sent" || !strings.Contains(echo["text"].(string), "left the warehouse") {
				t.Errorf("Ben's reply: %v", echo)
			}
			orders := a.messageByProvider("o7@customer.test")
			if orders["direction"] != "incoming" {
				t.Errorf("the mail in Orders: %v", orders)
			}
			// Sent's last mail was imported, so the copy of Switchboard's reply before it was; Ana's
			// answer comes after INBOX's copy of Ben's mail, so that was imported too.
			ms.send(t, "ana@customer.test", []string{"support@shop.test"}, "From: Ana Lima <ana@customer.test>\nTo: support@shop.test\n"+
				"Subject: Re: Where is my order?\nMessage-ID: <q2@customer.test>\nIn-Reply-To: <ben1@shop.test>\n\nGreat, thanks.\n")
			if m := a.messageByProvider("q2@customer.test"); m["conversation_id"] != first["conversation_id"] {
				t.Errorf("Ana's answer to Ben is in conversation %v", m["conversation_id"])
			}
			var th struct{ Items []obj }
			a.do("GET", conv+"/messages?limit=100", nil, 200, &th)
			counts := map[string]int{}
			for _, m := range th.Items {
				if m["kind"] != "activity" {
					counts[fmt.Sprint(m["sender_type"])]++
				}
			}
			if counts["contact"] != 2 || counts["agent"] != 1 || counts["external"] != 1 || len(counts) != 3 {
				t.Errorf("the thread holds %v, want two messages from Ana, one each from Ada and an external agent", counts)
			}
			var got obj
			a.do("GET", conv, nil, 200, &got)
			if got["assignee_id"] != reply["sender_id"] {
				t.Errorf("assignee %v after Ben's reply, want Ada (%v)", got["assignee_id"], reply["sender_id"])
			}
			if n := len(ms.inbox(t, "ana@customer.test", "INBOX")); n != 1 {
				t.Errorf("Ana received %d mails, want only Ada's reply", n)
			}
		})
	}
}
