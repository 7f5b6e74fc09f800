package main

import (
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// TestWhatsAppUnstorableText: a NUL (which PostgreSQL refuses in text) in a WhatsApp profile
// name and text is answered 200 like any webhook, and the message is kept with U+FFFD in its
// place; the customer's next message lands too.
func TestWhatsAppUnstorableText(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			_, url := e.Open(t, sqltest.Options{})
			w := newWhatsApp(t, url)
			w.deliver(t, w.emu.Customer("Ana\u0000Lima", "5511999990000",
				obj{"id": "wamid.NUL1", "type": "text", "text": obj{"body": "Hi\u0000 there"}},
				obj{"id": "wamid.NUL2", "type": "location", "location": obj{"latitude": 1, "longitude": 2, "name": "Shop\u0000"}}))
			w.deliver(t, w.emu.Customer("Ana Lima", "5511999990000", obj{"id": "wamid.NUL3", "type": "text", "text": obj{"body": "Still there?"}}))
			cs := w.a.allConversations()
			if len(cs) != 1 || cs[0]["contact_name"] != "Ana\uFFFDLima" {
				t.Fatalf("conversations: %v", cs)
			}
			byID := map[string]obj{}
			for _, m := range w.thread(fmt.Sprintf("/api/v1/conversations/%v", cs[0]["id"])) {
				byID[m["provider_id"].(string)] = m
			}
			if byID["wamid.NUL1"]["text"] != "Hi\uFFFD there" || byID["wamid.NUL3"]["text"] != "Still there?" {
				t.Errorf("thread: %v", byID)
			}
			if at := byID["wamid.NUL2"]["attachments"].([]any); len(at) != 1 || at[0].(obj)["filename"] != "Shop\uFFFD" {
				t.Errorf("location: %v", byID["wamid.NUL2"])
			}
		})
	}
}

// TestEmailUnstorableText: a mail with NUL in its name, subject, text and HTML is imported by the
// IMAP sync with U+FFFD in their place, and the mail after it is imported too (a refused mail
// would stop the mailbox's sync at it); the SMTP listener takes such a mail with 250, not 451.
func TestEmailUnstorableText(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ms := startMailServer(t, "support@shop.test", "ana@customer.test")
			free, _ := net.Listen("tcp", "127.0.0.1:0")
			addr := free.Addr().String()
			free.Close()
			_, url := e.Open(t, sqltest.Options{})
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url,
				"SWITCHBOARD_MAIL_RESCAN": "200ms", "SWITCHBOARD_SMTP_LISTEN": addr})
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			emailInbox(t, a, ms, nil)

			// =00 is a NUL once the quoted-printable is decoded.
			mail := func(n int, subject, from string) string {
				return fmt.Sprintf("From: %s <ana@customer.test>\nTo: support@shop.test\nSubject: %s\nMessage-ID: <n%d@customer.test>\n"+
					"Date: %s\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=b\n\n"+
					"--b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nMail %d: a=00b\n"+
					"--b\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n<p>Mail %d: a=00b</p>\n--b--\n",
					from, subject, n, time.Now().Format(time.RFC1123Z), n, n)
			}
			ms.send(t, "ana@customer.test", []string{"support@shop.test"}, mail(1, "=?utf-8?q?Order=00_42?=", "=?utf-8?q?Ana=00Lima?="))
			ms.send(t, "ana@customer.test", []string{"support@shop.test"}, mail(2, "Order 43", "Ana Lima"))
			// Both are imported, each opening a conversation of its own (their subjects differ).
			var cs []obj
			for deadline := time.Now().Add(20 * time.Second); len(cs) < 2; time.Sleep(50 * time.Millisecond) {
				if cs = a.allConversations(); len(cs) < 2 && time.Now().After(deadline) {
					t.Fatalf("%d of the two mails were imported: %v", len(cs), cs)
				}
			}
			subjects := map[any]obj{}
			for _, c := range cs {
				subjects[c["subject"]] = c
			}
			c1, ok := subjects["Order\uFFFD 42"]
			if !ok || c1["contact_name"] != "Ana\uFFFDLima" || subjects["Order 43"] == nil {
				t.Fatalf("conversations: %v", cs)
			}
			first := a.waitMessage(fmt.Sprintf("/api/v1/conversations/%v", c1["id"]), func(m obj) bool { return m["provider_id"] == "n1@customer.test" })
			if !strings.Contains(first["text"].(string), "Mail 1: a\uFFFDb") || !strings.Contains(first["html"].(string), "Mail 1: a\uFFFDb") {
				t.Errorf("the first mail: %q %q", first["text"], first["html"])
			}

			c, err := smtp.Dial(addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if err := c.Mail("ana@customer.test", nil); err != nil {
				t.Fatal(err)
			}
			if err := c.Rcpt("support@shop.test", nil); err != nil {
				t.Fatal(err)
			}
			wc, err := c.Data()
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(wc, strings.ReplaceAll(mail(3, "Forwarded=?utf-8?q?=00?=", "Ana"), "\n", "\r\n"))
			if err := wc.Close(); err != nil {
				t.Fatalf("the SMTP listener refused a mail with a NUL: %v", err)
			}
			if cs := a.allConversations(); len(cs) != 3 {
				t.Fatalf("after the 250: %d conversations, want 3", len(cs))
			}
		})
	}
}
