package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/switchboardhq/switchboard/channel/email"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// mailServer is internal/mailserver — go-imap's IMAP server and go-smtp — running as its own
// process, with a support mailbox and customers' mailboxes.
type mailServer struct {
	imap, smtp string
}

var buildMailServer = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(tempDir, "mailserver")
	out, err := exec.Command("go", "build", "-o", bin, "../../internal/mailserver").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("build mailserver: %v\n%s", err, out)
	}
	return bin, nil
})

var tempDir = func() string { d, _ := os.MkdirTemp("", "switchboard-mail"); return d }()

// startUntil runs Main.Run("serve") until ctx ends, so a test can stop and restart the server.
func startUntil(t *testing.T, ctx context.Context, vars map[string]string) *app {
	t.Helper()
	started := make(chan string, 1)
	logs := &syncWriter{}
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: logs, Getenv: env(vars), Started: started}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, []string{"serve"}) }()
	t.Cleanup(func() {
		<-done
		if t.Failed() {
			for _, l := range strings.Split(logs.String(), "\n") {
				if strings.Contains(l, "WARN") || strings.Contains(l, "ERROR") || strings.Contains(l, "mail") {
					t.Log(l)
				}
			}
		}
	})
	var addr string
	select {
	case addr = <-started:
	case err := <-done:
		t.Fatalf("serve exited: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	jar, _ := cookiejar.New(nil)
	return &app{t: t, base: "http://" + addr, env: vars, client: &http.Client{Jar: jar, Timeout: 60 * time.Second}}
}

// base64Lines encodes b as MIME wants it: base64 in lines of 76.
func base64Lines(b []byte) string {
	s := base64.StdEncoding.EncodeToString(b)
	var out strings.Builder
	for len(s) > 76 {
		out.WriteString(s[:76] + "\n")
		s = s[76:]
	}
	out.WriteString(s)
	return out.String()
}

func startMailServer(t *testing.T, users ...string) *mailServer {
	t.Helper()
	return startMailServerWith(t, nil, users...)
}

// startMailServerWith starts it with extra flags (-oauth-check).
func startMailServerWith(t *testing.T, args []string, users ...string) *mailServer {
	t.Helper()
	bin, err := buildMailServer()
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		args = append(args, "-user", u+":secret")
	}
	cmd := exec.Command(bin, args...)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("mailserver did not start: %v", err)
	}
	ms := &mailServer{}
	fmt.Sscanf(strings.TrimSpace(line), "imap=%s smtp=%s", &ms.imap, &ms.smtp)
	return ms
}

// send submits a raw message as user over SMTP, as the customer's mail client does.
func (ms *mailServer) send(t *testing.T, user string, to []string, raw string) {
	t.Helper()
	c, err := smtp.Dial(ms.smtp)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Auth(sasl.NewPlainClient("", user, "secret")); err != nil {
		t.Fatal(err)
	}
	if err := c.SendMail(user, to, strings.NewReader(strings.ReplaceAll(raw, "\n", "\r\n"))); err != nil {
		t.Fatal(err)
	}
}

// login signs in to a user's mailbox over IMAP, as a mail client does.
func (ms *mailServer) login(t *testing.T, user string) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(ms.imap, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(user, "secret").Wait(); err != nil {
		c.Close()
		t.Fatal(err)
	}
	return c
}

// inbox reads every message of a user's folder.
func (ms *mailServer) inbox(t *testing.T, user, folder string) []*email.Mail {
	t.Helper()
	c := ms.login(t, user)
	defer c.Close()
	sel, err := c.Select(folder, nil).Wait()
	if err != nil || sel.NumMessages == 0 {
		return nil
	}
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.SeqSetNum(seqRange(sel.NumMessages)...), &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	var out []*email.Mail
	for _, m := range msgs {
		p, err := email.Parse(m.FindBodySection(section), 0)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func seqRange(n uint32) []uint32 {
	out := make([]uint32, n)
	for i := range out {
		out[i] = uint32(i + 1)
	}
	return out
}

// waitMail waits for a user's INBOX to hold n messages and returns them.
func (ms *mailServer) waitMail(t *testing.T, user string, n int) []*email.Mail {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if got := ms.inbox(t, user, "INBOX"); len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s has %d messages, want %d", user, len(ms.inbox(t, user, "INBOX")), n)
		}
	}
}

// emailInbox creates an email inbox on the support mailbox.
func emailInbox(t *testing.T, a *app, ms *mailServer, extra obj) string {
	t.Helper()
	ih, ip := splitHostPort(ms.imap)
	sh, sp := splitHostPort(ms.smtp)
	// The test server offers no TLS: sign-in in clear must be allowed explicitly.
	settings := obj{"address": "support@shop.test", "from_name": "Shop support", "imap_host": ih, "imap_port": ip, "imap_security": "none",
		"smtp_host": sh, "smtp_port": sp, "smtp_security": "none", "allow_insecure": true, "sent_folder": "Sent", "poll_seconds": 1}
	for k, v := range extra {
		settings[k] = v
	}
	var in obj
	a.do("POST", "/api/v1/inboxes", obj{"kind": "email", "name": "Support mail", "settings": settings, "secrets": obj{"password": "secret"}}, 201, &in)
	return fmt.Sprintf("/api/v1/inboxes/%v", in["id"])
}

func splitHostPort(addr string) (string, int) {
	i := strings.LastIndexByte(addr, ':')
	var port int
	fmt.Sscanf(addr[i+1:], "%d", &port)
	return addr[:i], port
}

// conversations lists every conversation, all statuses.
func (a *app) allConversations() []obj {
	var all []obj
	for _, st := range []string{"open", "pending", "snoozed", "resolved"} {
		var list struct{ Items []obj }
		a.do("GET", "/api/v1/conversations?view=all&limit=100&status="+st, nil, 200, &list)
		all = append(all, list.Items...)
	}
	return all
}

// TestEmailThreading: ten messages alternating between the customer and an agent, the customer
// writing from three mail clients' header styles (Gmail keeps References, Outlook only
// In-Reply-To and a rewritten subject, a client that drops both answers the Reply-To), stay one
// conversation; the customer's first mail gets the acknowledgement once, marked automatic; a
// reply reopens the resolved conversation; replies carry the threading headers and a copy lands
// in Sent.
func TestEmailThreading(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ms := startMailServer(t, "support@shop.test", "ana@customer.test")
			_, url := e.Open(t, sqltest.Options{})
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url,
				"SWITCHBOARD_MAIL_RESCAN": "200ms"})
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			emailInbox(t, a, ms, obj{"acknowledge": "Thanks, we got your message and will answer soon.", "after_import": "archive"})
			a.do("PATCH", "/api/v1/auth/me", obj{"signature": "Ada\nShop support"}, 200, nil)

			ms.send(t, "ana@customer.test", []string{"support@shop.test"}, "From: Ana Lima <ana@customer.test>\nTo: support@shop.test\n"+
				"Subject: Order #42 arrived damaged\nMessage-ID: <c1@customer.test>\nDate: "+time.Now().Format(time.RFC1123Z)+"\n\nThe box was crushed.\n")
			var conv string
			for deadline := time.Now().Add(20 * time.Second); conv == ""; time.Sleep(50 * time.Millisecond) {
				if cs := a.allConversations(); len(cs) == 1 {
					conv = fmt.Sprintf("/api/v1/conversations/%v", cs[0]["id"])
					if cs[0]["subject"] != "Order #42 arrived damaged" || cs[0]["contact_handle"] != "ana@customer.test" {
						t.Errorf("conversation = %v", cs[0])
					}
				} else if time.Now().After(deadline) {
					t.Fatal("the first mail was not imported")
				}
			}
			// The acknowledgement reaches Ana once, marked as automatic, threaded to her mail.
			ack := ms.waitMail(t, "ana@customer.test", 1)[0]
			if ack.Kind != email.AutoReply || !strings.Contains(ack.Text, "we got your message") || len(ack.InReplyTo) != 1 || ack.InReplyTo[0] != "c1@customer.test" {
				t.Fatalf("acknowledgement = %+v", ack)
			}
			// It is no answer: Ana still waits. Once its Message-ID is recorded, the agent's first
			// reply threads to Ana's mail all the same; References keep the acknowledgement.
			a.waitMessage(conv, func(m obj) bool { return m["provider_id"] == ack.MessageID })
			var waiting obj
			a.do("GET", conv, nil, 200, &waiting)
			if waiting["last_replier"] != "customer" || waiting["waiting_since"] == nil {
				t.Errorf("after the acknowledgement: last replier %v, waiting since %v; want customer, set", waiting["last_replier"], waiting["waiting_since"])
			}

			styles := []func(n int, last *email.Mail) string{
				func(n int, last *email.Mail) string { // Gmail: In-Reply-To and the full References
					return fmt.Sprintf("Subject: Re: %s\nIn-Reply-To: <%s>\nReferences: %s <%s>\n", last.Subject, last.MessageID, refs(last), last.MessageID)
				},
				func(n int, last *email.Mail) string { // Outlook: In-Reply-To only, subject rewritten
					return fmt.Sprintf("Subject: RE: Order #42 arrived damaged\nIn-Reply-To: <%s>\nThread-Index: AQHZ%d\n", last.MessageID, n)
				},
				func(n int, last *email.Mail) string { // a client that keeps no threading headers: the Reply-To's key
					return fmt.Sprintf("Subject: my order\nTo: %s\n", last.ReplyTo[0].Address)
				},
			}
			received := 1
			for round := 0; round < 5; round++ {
				var reply obj
				a.do("POST", conv+"/messages", obj{"text": fmt.Sprintf("Reply %d from the shop.", round+1)}, 201, &reply)
				received++
				got := ms.waitMail(t, "ana@customer.test", received)
				last := got[len(got)-1]
				if !strings.HasPrefix(last.MessageID, "sb.") || !strings.Contains(last.Text, fmt.Sprintf("Reply %d", round+1)) ||
					!strings.Contains(last.Text, "\n-- \nAda\nShop support") || strings.Contains(last.Text[:last.Quoted], "Shop support") ||
					!strings.HasPrefix(last.Subject, "Re: Order #42") || len(last.InReplyTo) != 1 || len(last.ReplyTo) != 1 ||
					!strings.Contains(last.ReplyTo[0].Address, "+c_") || last.HTML == "" {
					t.Fatalf("reply %d as received: %+v", round+1, last)
				}
				if round == 0 && (last.InReplyTo[0] != "c1@customer.test" || refs(last) != fmt.Sprintf("<c1@customer.test> <%s> ", ack.MessageID)) {
					t.Errorf("the first reply answers %v with References %s; want Ana's c1@customer.test, after it hers and the acknowledgement", last.InReplyTo, refs(last))
				}
				if round == 4 {
					break // ten messages: five from Ana, five from the shop
				}
				if round == 2 {
					a.do("POST", conv+"/resolve", nil, 200, nil) // a reply reopens it
				}
				head := styles[round%3](round, last)
				rcpt := "support@shop.test"
				if round%3 == 2 {
					rcpt = last.ReplyTo[0].Address
				}
				ms.send(t, "ana@customer.test", []string{rcpt}, "From: Ana Lima <ana@customer.test>\n"+ifTo(head)+head+
					fmt.Sprintf("Message-ID: <c%d@customer.test>\n\nAnswer %d from Ana.\n\nOn Tue, Support wrote:\n> Reply %d\n", round+2, round+1, round+1))
				a.waitMessage(conv, func(m obj) bool { return m["provider_id"] == fmt.Sprintf("c%d@customer.test", round+2) })
			}
			if cs := a.allConversations(); len(cs) != 1 || cs[0]["status"] != "open" {
				t.Fatalf("%d conversations (want 1, open): %v", len(cs), cs)
			}
			var th struct{ Items []obj }
			a.do("GET", conv+"/messages?limit=100", nil, 200, &th)
			in, out := 0, 0
			for _, m := range th.Items {
				switch {
				case m["direction"] == "incoming":
					in++
					if q := m["content"].(obj)["email"].(obj)["quoted_at"].(float64); in > 1 && int(q) >= len(m["text"].(string)) {
						t.Errorf("the quoted part of %v is not folded", m["text"])
					}
				case m["direction"] == "outgoing" && m["sender_type"] == "agent":
					out++
				}
			}
			if in != 5 || out != 5 {
				t.Errorf("%d messages from Ana and %d from the shop, want 5 and 5", in, out)
			}
			if sent := ms.inbox(t, "support@shop.test", "Sent"); len(sent) != 6 {
				t.Errorf("%d copies in Sent, want 6 (five replies and the acknowledgement)", len(sent))
			}
			// after_import archive moved each imported mail out of the INBOX.
			if left, archived := ms.inbox(t, "support@shop.test", "INBOX"), ms.inbox(t, "support@shop.test", "Archive"); len(left) != 0 || len(archived) != 5 {
				t.Errorf("INBOX holds %d, Archive %d; want 0 and 5", len(left), len(archived))
			}
			// An agent's own address is refused unless the inbox allows it.
			a.do("POST", conv+"/messages", obj{"text": "From me", "email": obj{"from": "ada@example.com"}}, 400, nil)
		})
	}
}

func refs(m *email.Mail) string {
	var b strings.Builder
	for _, r := range m.References {
		b.WriteString("<" + r + "> ")
	}
	return b.String()
}

// ifTo adds the usual To header unless the style sets its own.
func ifTo(head string) string {
	if strings.Contains(head, "\nTo: ") || strings.HasPrefix(head, "To: ") {
		return ""
	}
	return "To: support@shop.test\n"
}

// TestEmailOutage: mail that arrives while Switchboard is stopped is imported once after it
// starts again; an auto-reply opens a conversation but gets no acknowledgement; a reply to an
// address that does not exist comes back as a bounce that fails it with the reason; a 20 MB
// attachment makes the round trip intact.
func TestEmailOutage(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ms := startMailServer(t, "support@shop.test", "ana@customer.test", "bo@customer.test")
			_, url := e.Open(t, sqltest.Options{})
			dir := t.TempDir()
			vars := map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": dir, "SWITCHBOARD_DATABASE_URL": url, "SWITCHBOARD_MAIL_RESCAN": "200ms"}
			ctx, stop := context.WithCancel(context.Background())
			a := startUntil(t, ctx, vars)
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			emailInbox(t, a, ms, obj{"acknowledge": "We got it."})
			ms.send(t, "ana@customer.test", []string{"support@shop.test"}, "From: ana@customer.test\nTo: support@shop.test\nSubject: First\nMessage-ID: <o1@customer.test>\n\nHello\n")
			for deadline := time.Now().Add(20 * time.Second); len(a.allConversations()) < 1; time.Sleep(50 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("not imported")
				}
			}
			stop()
			time.Sleep(200 * time.Millisecond)
			for i := 2; i <= 4; i++ {
				ms.send(t, "ana@customer.test", []string{"support@shop.test"}, fmt.Sprintf("From: ana@customer.test\nTo: support@shop.test\nSubject: While you were away %d\nMessage-ID: <o%d@customer.test>\n\nHello %d\n", i, i, i))
			}
			// Bo's vacation reply: machine mail, never answered automatically.
			ms.send(t, "bo@customer.test", []string{"support@shop.test"}, "From: bo@customer.test\nTo: support@shop.test\nSubject: Automatic reply: Offers\nAuto-Submitted: auto-replied\nMessage-ID: <ooo@customer.test>\n\nI am away.\n")

			ctx2, stop2 := context.WithCancel(context.Background())
			defer stop2()
			b := startUntil(t, ctx2, vars)
			jar, _ := cookiejar.New(nil)
			b.client = &http.Client{Jar: jar, Timeout: 30 * time.Second}
			b.do("POST", "/api/v1/auth/login", obj{"email": "ada@example.com", "password": "a long password"}, 200, nil)
			for deadline := time.Now().Add(20 * time.Second); len(b.allConversations()) < 5; time.Sleep(50 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("after the restart: %d conversations, want 5", len(b.allConversations()))
				}
			}
			time.Sleep(time.Second) // another sync round must not import anything twice
			counts := map[string]int{}
			var bo obj
			for _, c := range b.allConversations() {
				var th struct{ Items []obj }
				b.do("GET", fmt.Sprintf("/api/v1/conversations/%v/messages", c["id"]), nil, 200, &th)
				for _, m := range th.Items {
					if m["direction"] == "incoming" {
						counts[m["provider_id"].(string)]++
					}
				}
				if c["contact_handle"] == "bo@customer.test" {
					bo = c
				}
			}
			for _, id := range []string{"o1@customer.test", "o2@customer.test", "o3@customer.test", "o4@customer.test", "ooo@customer.test"} {
				if counts[id] != 1 {
					t.Errorf("%s imported %d times", id, counts[id])
				}
			}
			if got := ms.inbox(t, "bo@customer.test", "INBOX"); len(got) != 0 {
				t.Errorf("the auto-reply was answered: %v", got[0].Subject)
			}
			if got := ms.waitMail(t, "ana@customer.test", 4); len(got) != 4 {
				t.Errorf("Ana got %d acknowledgements, want 4", len(got))
			}

			// A reply to an address of the customer's domain that does not exist bounces.
			var contact, conv obj
			b.do("POST", "/api/v1/contacts", obj{"name": "Nobody", "identities": []obj{{"kind": "email", "external_id": "nobody@customer.test"}}}, 201, &contact)
			var inboxes struct{ Items []obj }
			b.do("GET", "/api/v1/inboxes", nil, 200, &inboxes)
			var started struct{ Conversation, Message obj }
			b.do("POST", "/api/v1/conversations", obj{"inbox_id": inboxes.Items[0]["id"], "contact_id": contact["id"], "subject": "Your invoice", "text": "Your invoice is attached."}, 201, &started)
			conv = started.Conversation
			defer func() {
				if t.Failed() {
					for _, m := range ms.inbox(t, "support@shop.test", "INBOX") {
						t.Logf("support INBOX: %s %s %s %+v", m.MessageID, m.Subject, m.Kind, m.Failure)
					}
					for _, c := range b.allConversations() {
						t.Logf("conversation %v %v %v", c["id"], c["contact_handle"], c["subject"])
					}
				}
			}()
			failed := b.waitMessage(fmt.Sprintf("/api/v1/conversations/%v", conv["id"]), func(m obj) bool {
				return m["id"] == started.Message["id"] && m["status"] == "failed"
			})
			if failed["error_code"] != "bounced" || !strings.Contains(failed["error_reason"].(string), "User unknown") {
				t.Errorf("bounced reply: %v %v", failed["error_code"], failed["error_reason"])
			}
			_ = bo

			// 20 MB each way.
			big := make([]byte, 20<<20)
			rand.Read(big)
			var body bytes.Buffer
			body.WriteString("From: ana@customer.test\nTo: support@shop.test\nSubject: Big file\nMessage-ID: <big@customer.test>\nMIME-Version: 1.0\n" +
				"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nSee attached.\n--b\nContent-Type: application/octet-stream\n" +
				"Content-Disposition: attachment; filename=\"scan.bin\"\nContent-Transfer-Encoding: base64\n\n")
			enc := base64Lines(big)
			body.WriteString(enc)
			body.WriteString("\n--b--\n")
			ms.send(t, "ana@customer.test", []string{"support@shop.test"}, body.String())
			var bigConv obj
			for deadline := time.Now().Add(60 * time.Second); bigConv == nil; time.Sleep(100 * time.Millisecond) {
				for _, c := range b.allConversations() {
					if c["subject"] == "Big file" {
						bigConv = c
					}
				}
				if time.Now().After(deadline) {
					t.Fatal("the big mail was not imported")
				}
			}
			path := fmt.Sprintf("/api/v1/conversations/%v", bigConv["id"])
			m := b.waitMessage(path, func(m obj) bool { return m["provider_id"] == "big@customer.test" })
			att := m["attachments"].([]any)[0].(obj)
			res, err := b.client.Get(b.base + att["url"].(string))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if !bytes.Equal(got, big) {
				t.Fatalf("the 20 MB attachment came in as %d bytes, not the same", len(got))
			}
			up := uploadTo(t, b, "scan.bin", "application/octet-stream", big)
			before := len(ms.inbox(t, "ana@customer.test", "INBOX"))
			b.do("POST", path+"/messages", obj{"text": "Here it is back.", "attachment_ids": []any{up["id"]}}, 201, nil)
			back := ms.waitMail(t, "ana@customer.test", before+1)
			last := back[len(back)-1]
			if len(last.Parts) != 1 || !bytes.Equal(last.Parts[0].Data, big) {
				t.Fatalf("the 20 MB attachment went out as %d parts", len(last.Parts))
			}
		})
	}
}

// oauthProvider is a stand-in for Google's authorisation and token endpoints: consent is given at
// once, codes become tokens, refresh tokens give new access tokens until consent is revoked, and
// the mail server asks it whether a bearer token is good.
type oauthProvider struct {
	mu      sync.Mutex
	revoked bool
	issued  map[string]bool
	n       int
}

func (p *oauthProvider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch r.URL.Path {
	case "/authorize":
		q := r.URL.Query()
		if q.Get("client_id") != "cid" || q.Get("response_type") != "code" || !strings.Contains(q.Get("scope"), "https://mail.google.com/") || q.Get("access_type") != "offline" {
			http.Error(w, "bad authorisation request", 400)
			return
		}
		http.Redirect(w, r, q.Get("redirect_uri")+"?code=code-1&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
	case "/token":
		r.ParseForm()
		f := r.PostForm
		w.Header().Set("Content-Type", "application/json")
		if f.Get("client_id") != "cid" || f.Get("client_secret") != "shh" {
			w.WriteHeader(401)
			io.WriteString(w, `{"error":"invalid_client"}`)
			return
		}
		ok := (f.Get("grant_type") == "authorization_code" && f.Get("code") == "code-1" && strings.HasSuffix(f.Get("redirect_uri"), "/api/v1/oauth/callback")) ||
			(f.Get("grant_type") == "refresh_token" && f.Get("refresh_token") == "rt-1" && !p.revoked)
		if !ok {
			w.WriteHeader(400)
			io.WriteString(w, `{"error":"invalid_grant","error_description":"Token has been expired or revoked."}`)
			return
		}
		p.n++
		tok := fmt.Sprintf("at-%d", p.n)
		p.issued[tok] = true
		fmt.Fprintf(w, `{"access_token":%q,"refresh_token":"rt-1","expires_in":3600,"token_type":"Bearer"}`, tok)
	case "/check":
		if p.issued[r.URL.Query().Get("token")] && !p.revoked {
			io.WriteString(w, "support@shop.test")
			return
		}
		w.WriteHeader(401)
	}
}

// TestEmailOAuth connects a Gmail-style mailbox with the authorisation-code flow: the admin's
// browser goes to the consent page and back, the refresh token is kept as a secret, mail is
// imported over IMAP and replies sent over SMTP with XOAUTH2; once consent is revoked, sending
// fails with the reason and the inbox's health says the credentials are refused.
func TestEmailOAuth(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			prov := &oauthProvider{issued: map[string]bool{}}
			ps := httptest.NewServer(prov)
			t.Cleanup(ps.Close)
			ms := startMailServerWith(t, []string{"-oauth-check", ps.URL + "/check"}, "support@shop.test", "ana@customer.test")
			_, url := e.Open(t, sqltest.Options{})
			ctx, stop := context.WithCancel(context.Background())
			defer stop() // before startUntil's cleanup waits for the server to end
			// The sign-in provider's stand-in listens on loopback.
			a := startUntil(t, ctx, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url,
				"SWITCHBOARD_MAIL_RESCAN": "200ms", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1"})
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			ih, ip := splitHostPort(ms.imap)
			sh, sp := splitHostPort(ms.smtp)
			a.do("POST", "/api/v1/inboxes", obj{"kind": "email", "name": "Gmail", "settings": obj{"address": "support@shop.test", "auth": "google"}}, 400, nil) // no client id
			var in obj
			a.do("POST", "/api/v1/inboxes", obj{"kind": "email", "name": "Gmail", "settings": obj{"address": "support@shop.test", "auth": "google",
				"oauth_client_id": "cid", "oauth_auth_url": ps.URL + "/authorize", "oauth_token_url": ps.URL + "/token",
				"imap_host": ih, "imap_port": ip, "imap_security": "none", "smtp_host": sh, "smtp_port": sp, "smtp_security": "none", "allow_insecure": true, "poll_seconds": 1},
				"secrets": obj{"oauth_client_secret": "shh"}}, 201, &in)
			path := fmt.Sprintf("/api/v1/inboxes/%v", in["id"])

			var startRes struct{ URL string }
			a.do("POST", path+"/oauth", nil, 200, &startRes)
			res, err := a.client.Get(startRes.URL) // consent, then back to Switchboard
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.Request.URL.Path != "/settings/inboxes" || res.Request.URL.Query().Get("connected") != fmt.Sprint(in["id"]) {
				t.Fatalf("after consent the browser is at %s", res.Request.URL)
			}
			var shown obj
			a.do("GET", path, nil, 200, &shown)
			if !strings.Contains(fmt.Sprint(shown["secret_names"]), "oauth_refresh_token") {
				t.Fatalf("no refresh token kept: %v", shown["secret_names"])
			}
			// A forged state is refused.
			res, _ = a.client.Get(a.base + "/api/v1/oauth/callback?code=code-1&state=1.9999999999.abc")
			res.Body.Close()
			if res.Request.URL.Query().Get("oauth_error") == "" {
				t.Errorf("a forged state was accepted: %s", res.Request.URL)
			}

			ms.send(t, "ana@customer.test", []string{"support@shop.test"}, "From: ana@customer.test\nTo: support@shop.test\nSubject: Hi\nMessage-ID: <g1@customer.test>\n\nHello over OAuth\n")
			var conv string
			for deadline := time.Now().Add(20 * time.Second); conv == ""; time.Sleep(50 * time.Millisecond) {
				if cs := a.allConversations(); len(cs) == 1 {
					conv = fmt.Sprintf("/api/v1/conversations/%v", cs[0]["id"])
				} else if time.Now().After(deadline) {
					t.Fatal("the mail was not imported over XOAUTH2")
				}
			}
			a.do("POST", conv+"/messages", obj{"text": "Answered with a token."}, 201, nil)
			if got := ms.waitMail(t, "ana@customer.test", 1); !strings.Contains(got[0].Text, "Answered with a token.") {
				t.Fatalf("reply = %+v", got[0])
			}

			// Consent revoked: the next send fails for good with the reason, and health says so.
			prov.mu.Lock()
			prov.revoked = true
			prov.mu.Unlock()
			var second obj
			a.do("POST", conv+"/messages", obj{"text": "Still there?"}, 201, &second)
			failed := a.waitMessage(conv, func(m obj) bool { return m["id"] == second["id"] && m["status"] == "failed" })
			if failed["error_code"] != "invalid_token" {
				t.Errorf("after revocation: %v %v", failed["error_code"], failed["error_reason"])
			}
			var health obj
			a.do("GET", path+"/health", nil, 200, &health)
			if health["credentials_ok"] != false || health["last_error"] == "" {
				t.Errorf("health after revocation: %v", health)
			}
		})
	}
}

// TestEmailSMTPListener: forwarded mail taken over SMTP lands in the inbox whose address it was
// sent to (a +tag too), once; mail for any other address is refused with 550.
func TestEmailSMTPListener(t *testing.T) {
	for _, e := range sqltest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ms := startMailServer(t, "support@shop.test")
			free, _ := net.Listen("tcp", "127.0.0.1:0")
			addr := free.Addr().String()
			free.Close()
			_, url := e.Open(t, sqltest.Options{})
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url,
				"SWITCHBOARD_SMTP_LISTEN": addr})
			a.do("POST", "/api/v1/setup", obj{"name": "Ada", "email": "ada@example.com", "password": "a long password"}, 201, nil)
			emailInbox(t, a, ms, nil)
			c, err := smtp.Dial(addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if err := c.Mail("rita@elsewhere.test", nil); err != nil {
				t.Fatal(err)
			}
			if err := c.Rcpt("sales@shop.test", nil); err == nil || !strings.Contains(err.Error(), "550") {
				t.Errorf("mail for an unknown address: %v, want 550", err)
			}
			if err := c.Rcpt("support+orders@shop.test", nil); err != nil {
				t.Fatal(err)
			}
			w, err := c.Data()
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(w, "From: Rita <rita@elsewhere.test>\r\nTo: support@shop.test\r\nSubject: Forwarded\r\nMessage-ID: <f1@elsewhere.test>\r\n\r\nHello by forwarding\r\n")
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			cs := a.allConversations()
			if len(cs) != 1 || cs[0]["contact_handle"] != "rita@elsewhere.test" || cs[0]["subject"] != "Forwarded" {
				t.Fatalf("after the 250: %v", cs)
			}
		})
	}
}
