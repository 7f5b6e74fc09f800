package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-smtp"

	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// appendMail puts a raw mail into a user's folder over IMAP, byte for byte, as a mail host
// delivers it.
func (ms *mailServer) appendMail(t *testing.T, user, folder string, raw []byte) {
	t.Helper()
	c := ms.login(t, user)
	defer c.Close()
	cmd := c.Append(folder, int64(len(raw)), &imap.AppendOptions{Time: time.Now()})
	if _, err := cmd.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
}

// messageByProvider waits for the message recorded with a provider id, in any conversation.
func (a *app) messageByProvider(id string) obj {
	a.t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		for _, c := range a.allConversations() {
			var th struct{ Items []obj }
			a.do("GET", fmt.Sprintf("/api/v1/conversations/%v/messages?limit=100", c["id"]), nil, 200, &th)
			for _, m := range th.Items {
				if m["provider_id"] == id {
					return m
				}
			}
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("no message %s was recorded", id)
		}
	}
}

// download fetches a file the API serves.
func (a *app) download(path string) []byte {
	a.t.Helper()
	res, err := a.client.Get(a.base + path)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		a.t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
	}
	return b
}

// TestEmailBroken: mail that is broken in every usual way (bad base64, an unknown character
// set, a multipart cut short, no From, no sender at all, a text over the store's limit) is
// imported over IMAP, each as a message marked as not fully read, found by search by the words
// that could be read, with its source downloadable byte for byte by those who see the
// conversation, and no one else; the mail after them is imported as usual, not marked. A mail
// whose header has a line that is not a field, NUL and 8-bit bytes comes in over SMTP the same
// way (go-imap's memory server cannot serve it: it answers an empty body, and that too becomes
// a message saying so), and one with no sender in its header takes the envelope's.
func TestEmailBroken(t *testing.T) {
	type want struct{ file, id, from, word string }
	cases := []want{
		{"broken-base64.eml", "b64@customer.test", "rosa@customer.test", "marmalade"},
		{"unknown-charset.eml", "charset@customer.test", "luc@customer.test", "hedgehog"},
		{"truncated-multipart.eml", "trunc@customer.test", "ines@customer.test", "lighthouse"},
		{"missing-from.eml", "nofrom@customer.test", "walrus.keeper@customer.test", "walrus"},
		{"no-sender.eml", "nosender@customer.test", "unknown-sender@invalid", "albatross"},
		{"", "long@customer.test", "otto@customer.test", "narwhal"},
		{"header-garbage.eml", "garbage@customer.test", "paolo@customer.test", "porcupine"}, // over SMTP
		{"", "envelope@customer.test", "rita@elsewhere.test", "pangolin"},                   // over SMTP
	}
	fixture := func(name string) []byte {
		raw, err := os.ReadFile(filepath.Join("..", "..", "channel", "email", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return bytes.ReplaceAll(raw, []byte("\n"), []byte("\r\n")) // as mail travels
	}
	raws := map[string][]byte{
		"long@customer.test": []byte("From: otto@customer.test\r\nTo: support@shop.test\r\nSubject: Long\r\nMessage-ID: <long@customer.test>\r\n\r\n" +
			"The narwhal " + strings.Repeat("went on and on ", 6000) + "\r\n"),
		"envelope@customer.test": []byte("To: support@shop.test\r\nSubject: Pangolin\r\nMessage-ID: <envelope@customer.test>\r\n\r\nA pangolin, sender unknown.\r\n"),
	}
	for _, c := range cases {
		if c.file != "" {
			raws[c.id] = fixture(c.file)
		}
	}
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ms := startMailServer(t, "support@shop.test")
			_, dbURL := e.Open(t, sqltest.Options{})
			free, _ := net.Listen("tcp", "127.0.0.1:0")
			smtpAddr := free.Addr().String()
			free.Close()
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": dbURL,
				"SWITCHBOARD_MAIL_RESCAN": "200ms", "SWITCHBOARD_SMTP_LISTEN": smtpAddr})
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			for _, c := range cases[:6] {
				ms.appendMail(t, "support@shop.test", "INBOX", raws[c.id])
			}
			ms.appendMail(t, "support@shop.test", "INBOX", raws["garbage@customer.test"])
			ms.appendMail(t, "support@shop.test", "INBOX", []byte("From: ana@customer.test\r\nTo: support@shop.test\r\nSubject: Fine\r\n"+
				"Message-ID: <fine@customer.test>\r\n\r\nA mail that follows the rules.\r\n"))
			emailInbox(t, a, ms, nil)
			for _, c := range cases[6:] {
				from := "rita@elsewhere.test"
				if c.file != "" {
					from = "bounces@customer.test"
				}
				deliverSMTP(t, smtpAddr, from, "support@shop.test", raws[c.id])
			}

			fine := a.messageByProvider("fine@customer.test")
			if c := fine["content"].(obj); c["unreadable"] != nil || len(fine["attachments"].([]any)) != 1 {
				t.Errorf("a readable mail: %v, attachments %v", c, fine["attachments"])
			}
			var empty obj // the mail the memory server could not serve
			for _, c := range a.allConversations() {
				var th struct{ Items []obj }
				a.do("GET", fmt.Sprintf("/api/v1/conversations/%v/messages", c["id"]), nil, 200, &th)
				for _, m := range th.Items {
					if strings.HasPrefix(m["provider_id"].(string), "imap-INBOX-") {
						empty = m
					}
				}
			}
			if empty == nil || !strings.Contains(fmt.Sprint(empty["content"]), "gave nothing") {
				t.Errorf("the mail served empty: %v", empty)
			}
			for _, c := range cases {
				m := a.messageByProvider(c.id)
				content := m["content"].(obj)
				if content["unreadable"] == nil || content["unreadable"] == "" {
					t.Errorf("%s is not marked as not fully read: %v", c.id, content)
				}
				var conv obj
				a.do("GET", fmt.Sprintf("/api/v1/conversations/%v", m["conversation_id"]), nil, 200, &conv)
				if conv["contact_handle"] != c.from {
					t.Errorf("%s: sender %v, want %s", c.id, conv["contact_handle"], c.from)
				}
				src := sourceOf(m)
				if src == "" {
					t.Fatalf("%s has no source: %v", c.id, m["attachments"])
				}
				if got := a.download(src); !bytes.Equal(got, raws[c.id]) {
					t.Errorf("%s: the source downloads as %d bytes, not the %d received", c.id, len(got), len(raws[c.id]))
				}
				found := false
				for deadline := time.Now().Add(20 * time.Second); !found; time.Sleep(50 * time.Millisecond) {
					var res struct{ Messages []obj }
					a.do("GET", "/api/v1/search?q="+url.QueryEscape(c.word), nil, 200, &res)
					for _, h := range res.Messages {
						found = found || h["message_id"] == m["id"]
					}
					if !found && time.Now().After(deadline) {
						t.Fatalf("searching %q does not find %s: %v", c.word, c.id, res.Messages)
					}
				}
			}
			// An agent who is not in the inbox cannot download a source.
			a.do("POST", "/api/v1/agents", obj{"name": "Bo", "email": "bo@example.com", "password": "a long password", "role": "agent",
				"time_zone": "Europe/Rome", "language": "en"}, 201, nil)
			jar, _ := cookiejar.New(nil)
			b := &app{t: t, base: a.base, client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
			b.do("POST", "/api/v1/auth/login", obj{"email": "bo@example.com", "password": "a long password"}, 200, nil)
			b.do("GET", sourceOf(a.messageByProvider("b64@customer.test")), nil, 404, nil)
		})
	}
}

// deliverSMTP hands a raw mail to an SMTP server with no authentication, as a mail host that
// forwards does.
func deliverSMTP(t *testing.T, addr, from, to string, raw []byte) {
	t.Helper()
	c, err := smtp.Dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Mail(from, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt(to, nil); err != nil {
		t.Fatal(err)
	}
	w, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// sourceOf is the address of a message's source, "" when it has none.
func sourceOf(m obj) string {
	for _, att := range m["attachments"].([]any) {
		if att.(obj)["kind"] == "source" {
			return att.(obj)["url"].(string)
		}
	}
	return ""
}
