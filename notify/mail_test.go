package notify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/google/go-cmp/cmp"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/egress"
)

// mailbox is an SMTP server (go-smtp's) keeping what it receives.
type mailbox struct {
	mu       sync.Mutex
	user     string // AUTH PLAIN accepts only user/pass; "" offers no AUTH check
	pass     string
	rcptErr  *smtp.SMTPError
	received []mailIn
	host     string
	port     int
}

type mailIn struct {
	From, User string
	To         []string
	Data       []byte
}

type mailSession struct {
	b    *mailbox
	from string
	to   []string
	user string
}

func (b *mailbox) NewSession(c *smtp.Conn) (smtp.Session, error) { return &mailSession{b: b}, nil }
func (s *mailSession) AuthMechanisms() []string                  { return []string{sasl.Plain} }
func (s *mailSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != s.b.user || password != s.b.pass {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		s.user = username
		return nil
	}), nil
}
func (s *mailSession) Mail(from string, opts *smtp.MailOptions) error {
	if s.b.user != "" && s.user == "" {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	s.from = from
	return nil
}
func (s *mailSession) Rcpt(to string, opts *smtp.RcptOptions) error {
	if s.b.rcptErr != nil {
		return s.b.rcptErr
	}
	s.to = append(s.to, to)
	return nil
}
func (s *mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.b.mu.Lock()
	s.b.received = append(s.b.received, mailIn{From: s.from, User: s.user, To: s.to, Data: b})
	s.b.mu.Unlock()
	return nil
}
func (s *mailSession) Reset()        { s.from, s.to = "", nil }
func (s *mailSession) Logout() error { return nil }

func (b *mailbox) messages() []mailIn {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]mailIn(nil), b.received...)
}

// testTLS is a certificate for 127.0.0.1 and the client configuration that trusts it.
func testTLS(t *testing.T) (server, client *tls.Config) {
	ts := httptest.NewUnstartedServer(nil)
	ts.StartTLS()
	defer ts.Close()
	pool := x509.NewCertPool()
	pool.AddCert(ts.Certificate())
	return &tls.Config{Certificates: ts.TLS.Certificates}, &tls.Config{RootCAs: pool}
}

// startMailbox starts an SMTP server with a security: "tls" (implicit), "starttls" or "none".
func startMailbox(t *testing.T, security string, serverTLS *tls.Config) *mailbox {
	t.Helper()
	b := &mailbox{}
	srv := smtp.NewServer(b)
	srv.Domain = "mx.test"
	srv.AllowInsecureAuth = security == "none"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	switch security {
	case "tls":
		ln = tls.NewListener(ln, serverTLS)
	case "starttls":
		srv.TLSConfig = serverTLS
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	b.host, b.port = "127.0.0.1", ln.Addr().(*net.TCPAddr).Port
	return b
}

// mailRig is a mailer over a fake store, with the dials it made.
type mailRig struct {
	store  *fakeStore
	mailer *Mailer
	dials  []string
}

func newMailRig(clientTLS *tls.Config) *mailRig {
	r := &mailRig{store: &fakeStore{emails: map[int64]*switchboard.NotificationEmail{}}}
	r.mailer = &Mailer{Store: r.store, BaseURL: "https://sb.example/", TLS: clientTLS,
		Unsubscribe: &Unsubscribe{Key: []byte("0123456789abcdef0123456789abcdef"), Store: r.store},
		Now:         func() time.Time { return time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC) },
		Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
			r.dials = append(r.dials, addr)
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		}}
	return r
}

func account(b *mailbox, security string) *switchboard.NotificationMailSettings {
	return &switchboard.NotificationMailSettings{Enabled: true, Host: b.host, Port: b.port, Security: security,
		Username: b.user, FromAddress: "notify@shop.example", FromName: "Shop <Support>", DelayMinutes: 5}
}

func notification(id, conv int64, title, body string, at time.Time) *switchboard.Notification {
	return &switchboard.Notification{ID: id, AgentID: 2, Trigger: switchboard.NotifyMessage, ConversationID: &conv,
		InboxID: ptr(int64(10)), Title: title, Body: body, InApp: true, CreatedAt: at}
}

func batch(t *testing.T, b *mailbox, security string, ns ...*switchboard.Notification) *switchboard.NotificationEmail {
	return &switchboard.NotificationEmail{
		Agent: &switchboard.NotifyAgent{ID: 2, Name: "Bruno\r\nBcc: evil@example.com", Email: "bruno@example.com", Language: "it",
			Location: mustZone(t, "Europe/Rome")},
		Notifications: ns, Mail: account(b, security), MailPassword: b.pass,
	}
}

func emailJob(agent int64, attempt int) *switchboard.Job {
	args, _ := json.Marshal(switchboard.SendNotificationEmailArgs{AgentID: agent})
	return &switchboard.Job{ID: 2, Kind: switchboard.JobSendNotificationEmail, Args: args, Attempt: attempt, MaxAttempts: 8}
}

// parsed is an email as a mail client reads it.
type parsed struct {
	h          gomail.Header
	text, html string
}

func parseMail(t *testing.T, raw []byte) parsed {
	t.Helper()
	r, err := gomail.CreateReader(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	p := parsed{h: r.Header}
	for {
		part, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(part.Body)
		ct := part.Header.Get("Content-Type")
		switch {
		case strings.HasPrefix(ct, "text/plain"):
			p.text = string(b)
		case strings.HasPrefix(ct, "text/html"):
			p.html = string(b)
		}
	}
	return p
}

func TestMailBatch(t *testing.T) {
	serverTLS, clientTLS := testTLS(t)
	box := startMailbox(t, "starttls", serverTLS)
	box.user, box.pass = "notify", "s3cret"
	rig := newMailRig(clientTLS)
	at := time.Date(2026, 1, 10, 8, 5, 0, 0, time.UTC)
	hostile := `<script>alert("x")</script> Zoë`
	pending := batch(t, box, "starttls",
		notification(11, 100, hostile+" ha scritto", `<img src=x onerror=alert(1)> dov'è il pacco?`, at),
		notification(12, 101, "Ada ti ha menzionato", "guarda qui", at.Add(time.Minute)),
		notification(15, 100, "SLA mancato: "+hostile, "Prima risposta: obiettivo mancato", at.Add(2*time.Minute)))
	rig.store.emails[2] = pending
	if err := rig.mailer.Send(context.Background(), emailJob(2, 1)); err != nil {
		t.Fatal(err)
	}
	msgs := box.messages()
	if len(msgs) != 1 {
		t.Fatalf("%d emails received, want 1", len(msgs))
	}
	m := msgs[0]
	if m.From != "notify@shop.example" || m.User != "notify" || !cmp.Equal(m.To, []string{"bruno@example.com"}) {
		t.Errorf("envelope from %q to %v as %q", m.From, m.To, m.User)
	}
	if want := []string{net.JoinHostPort(box.host, strconv.Itoa(box.port))}; !cmp.Equal(rig.dials, want) {
		t.Errorf("dialled %v, want %v through Dial", rig.dials, want)
	}
	p := parseMail(t, m.Data)
	subject, _ := p.h.Subject()
	id, _ := p.h.MessageID()
	unsub := rig.mailer.Unsubscribe.URL("https://sb.example", 2)
	if subject != "3 notifiche da Switchboard" || id != "notify.2.11.15@shop.example" {
		t.Errorf("subject %q, Message-ID %q", subject, id)
	}
	if got := p.h.Get("List-Unsubscribe"); got != "<"+unsub+">" {
		t.Errorf("List-Unsubscribe %q, want <%s>", got, unsub)
	}
	if got := p.h.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post %q", got)
	}
	if p.h.Get("Bcc") != "" || strings.Contains(string(m.Data), "\r\nBcc:") {
		t.Errorf("the agent's name added a header:\n%s", m.Data)
	}
	from, _ := p.h.AddressList("From")
	to, _ := p.h.AddressList("To")
	if len(from) != 1 || from[0].Name != "Shop <Support>" || from[0].Address != "notify@shop.example" ||
		len(to) != 1 || to[0].Address != "bruno@example.com" {
		t.Errorf("From %v To %v", from, to)
	}
	for _, want := range []string{hostile + " ha scritto", "https://sb.example/inbox/100", "https://sb.example/inbox/101",
		"2026-01-10 09:05 CET", "2026-01-10 09:07 CET", "Apri la conversazione", unsub, "Ecco cosa è successo su Switchboard:"} {
		if !strings.Contains(p.text, want) {
			t.Errorf("the text lacks %q:\n%s", want, p.text)
		}
	}
	if strings.Contains(p.html, "<script") || strings.Contains(p.html, "<img") {
		t.Errorf("the HTML lets a customer's markup through:\n%s", p.html)
	}
	for _, want := range []string{"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Zoë", "&lt;img src=x onerror=alert(1)&gt;",
		`href="https://sb.example/inbox/101"`, `lang="it"`, "Non ricevere più email di notifica"} {
		if !strings.Contains(p.html, want) {
			t.Errorf("the HTML lacks %q:\n%s", want, p.html)
		}
	}
	if !strings.Contains(p.html, strings.ReplaceAll(unsub, "&", "&amp;")) {
		t.Errorf("the HTML lacks the unsubscribe link:\n%s", p.html)
	}
	if diff := cmp.Diff(map[int64][]int64{2: {11, 12, 15}}, rig.store.emailed); diff != "" {
		t.Errorf("marked sent (-want +got):\n%s", diff)
	}

	// A retry of the same batch (a crash before it was marked sent) is the same message.
	rig.store.emails[2] = pending
	if err := rig.mailer.Send(context.Background(), emailJob(2, 2)); err != nil {
		t.Fatal(err)
	}
	if msgs := box.messages(); len(msgs) != 2 {
		t.Fatalf("%d emails, want 2", len(msgs))
	} else if p2 := parseMail(t, msgs[1].Data); func() bool { id2, _ := p2.h.MessageID(); return id2 != id }() {
		t.Errorf("the retry's Message-ID %q differs from %q", p2.h.Get("Message-Id"), id)
	}
}

func TestMailSingleSubject(t *testing.T) {
	box := startMailbox(t, "none", nil)
	rig := newMailRig(nil)
	rig.store.emails[2] = batch(t, box, "none", notification(21, 100, "Zoë\r\nX-Evil: 1 ha scritto", "ciao", time.Now()))
	if err := rig.mailer.Send(context.Background(), emailJob(2, 1)); err != nil {
		t.Fatal(err)
	}
	msgs := box.messages()
	if len(msgs) != 1 {
		t.Fatalf("%d emails, want 1", len(msgs))
	}
	p := parseMail(t, msgs[0].Data)
	if s, _ := p.h.Subject(); s != "Zoë X-Evil: 1 ha scritto" || p.h.Get("X-Evil") != "" {
		t.Errorf("subject %q, X-Evil %q", s, p.h.Get("X-Evil"))
	}
	if id, _ := p.h.MessageID(); id != "notify.2.21.21@shop.example" {
		t.Errorf("Message-ID %q", id)
	}
	if msgs[0].User != "" {
		t.Errorf("signed in as %q without a username", msgs[0].User)
	}
}

func TestMailSecurities(t *testing.T) {
	serverTLS, clientTLS := testTLS(t)
	for _, security := range []string{"tls", "starttls", "none"} {
		t.Run(security, func(t *testing.T) {
			box := startMailbox(t, security, serverTLS)
			box.user, box.pass = "notify", "pw"
			rig := newMailRig(clientTLS)
			rig.store.emails[2] = batch(t, box, security, notification(31, 100, "t", "b", time.Now()))
			if err := rig.mailer.Send(context.Background(), emailJob(2, 1)); err != nil {
				t.Fatal(err)
			}
			if msgs := box.messages(); len(msgs) != 1 || msgs[0].User != "notify" {
				t.Fatalf("received %+v", msgs)
			}
		})
	}
	t.Run("starttls against an untrusted certificate", func(t *testing.T) {
		box := startMailbox(t, "starttls", serverTLS)
		rig := newMailRig(nil) // the system's roots do not know the test certificate
		rig.store.emails[2] = batch(t, box, "starttls", notification(32, 100, "t", "b", time.Now()))
		if err := rig.mailer.Send(context.Background(), emailJob(2, 1)); err == nil || len(box.messages()) != 0 {
			t.Fatalf("sent over an unverified connection: %v", err)
		}
	})
}

func TestMailOutcomes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(r *mailRig, b *mailbox)
		want  string
		sent  bool
	}{
		{"sent", func(r *mailRig, b *mailbox) {}, "done", true},
		{"nothing pending", func(r *mailRig, b *mailbox) { delete(r.store.emails, 2) }, "done", false},
		{"no address any more: the batch closes", func(r *mailRig, b *mailbox) { r.store.emails[2].Agent.Email = "" }, "done", false},
		{"wrong password: final", func(r *mailRig, b *mailbox) { r.store.emails[2].MailPassword = "nope" }, "failed", false},
		{"mailbox full for now: retry", func(r *mailRig, b *mailbox) {
			b.rcptErr = &smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 2, 2}, Message: "Mailbox full"}
		}, "retry", false},
		{"no such user: final", func(r *mailRig, b *mailbox) {
			b.rcptErr = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}
		}, "failed", false},
		{"server unreachable: retry", func(r *mailRig, b *mailbox) { r.store.emails[2].Mail.Port = closedPort(t) }, "retry", false},
		{"a private address the egress policy refuses: final", func(r *mailRig, b *mailbox) { r.mailer.Dial = (*egress.Policy)(nil).DialContext }, "failed", false},
		{"store down: retry", func(r *mailRig, b *mailbox) { r.store.pendingErr = errors.New("database is locked") }, "retry", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			box := startMailbox(t, "none", nil)
			box.user, box.pass = "notify", "pw"
			rig := newMailRig(nil)
			rig.store.emails[2] = batch(t, box, "none", notification(41, 100, "t", "b", time.Now()))
			tc.setup(rig, box)
			got := runJob(t, rig.mailer.Send, emailJob(2, 1))
			if got.State != tc.want {
				t.Fatalf("recorded %s (%s), want %s", got.State, got.Err, tc.want)
			}
			if strings.Contains(tc.name, "egress") && !strings.Contains(got.Err, "not allowed") {
				t.Errorf("error %q does not tell the policy refused the address", got.Err)
			}
			if sent := len(box.messages()) == 1; sent != tc.sent {
				t.Errorf("sent: %v, want %v", sent, tc.sent)
			}
			if marked := len(rig.store.emailed[2]) > 0; marked != (tc.sent || strings.HasPrefix(tc.name, "no address")) {
				t.Errorf("marked sent: %v, want %v", marked, tc.sent)
			}
		})
	}
}

// closedPort is a local port nothing listens on.
func closedPort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}

func TestNotificationMailTest(t *testing.T) {
	box := startMailbox(t, "none", nil)
	box.user, box.pass = "notify", "kept"
	admin := &switchboard.Agent{ID: 1, Name: "Ada", Email: "ada@example.com", Role: switchboard.RoleAdmin, Language: "fr"}
	ctx := switchboard.NewContextWithAgent(context.Background(), admin)
	rig := newMailRig(nil)
	rig.store.password = "kept"
	s := account(box, "none")
	if err := rig.mailer.TestNotificationMail(ctx, s); err != nil {
		t.Fatalf("with the kept password: %v", err)
	}
	msgs := box.messages()
	if len(msgs) != 1 || !cmp.Equal(msgs[0].To, []string{"ada@example.com"}) || msgs[0].User != "notify" {
		t.Fatalf("received %+v", msgs)
	}
	if p := parseMail(t, msgs[0].Data); p.h.Get("Subject") != "E-mail de test de Switchboard" {
		t.Errorf("subject %q", p.h.Get("Subject"))
	}

	s.Password = "wrong"
	err := rig.mailer.TestNotificationMail(ctx, s)
	if switchboard.ErrorCode(err) != switchboard.EINVALID || !strings.Contains(switchboard.ErrorMessage(err), "535") {
		t.Errorf("wrong password: %v, want EINVALID with the server's 535", err)
	}

	s.Password, s.Port = "", closedPort(t)
	if err := rig.mailer.TestNotificationMail(ctx, s); switchboard.ErrorCode(err) != switchboard.EINVALID {
		t.Errorf("unreachable server: %v, want EINVALID", err)
	}

	s.Host = ""
	if err := rig.mailer.TestNotificationMail(ctx, s); switchboard.ErrorFields(err)["host"] == "" {
		t.Errorf("no host: %v, want a field error", err)
	}

	agent := &switchboard.Agent{ID: 2, Name: "Bruno", Email: "bruno@example.com", Role: switchboard.RoleAgent}
	if err := rig.mailer.TestNotificationMail(switchboard.NewContextWithAgent(context.Background(), agent), account(box, "none")); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
		t.Errorf("an agent: %v, want EFORBIDDEN", err)
	}
	if n := len(box.messages()); n != 1 {
		t.Errorf("%d emails, want only the first", n)
	}
}
