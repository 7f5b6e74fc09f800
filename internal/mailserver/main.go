// Command mailserver is a real IMAP and SMTP server for Switchboard's email tests, built from
// emersion's go-imap (its in-memory IMAP server) and go-smtp, and run by the tests as a separate
// process. Mail submitted over SMTP to a local user lands in that user's INBOX, as a mail host
// delivers it; mail to a local domain's unknown user is accepted and answered with a delivery
// status notification (a bounce) in the sender's INBOX, as a relay reports a failure later.
//
//	mailserver -user support@shop.test:secret -user ana@customer.test:secret
//
// Every mailbox has the folders INBOX, Sent, Archive and "Sent Messages", which the server marks
// \Sent (RFC 6154 SPECIAL-USE) as Apple's and others' servers mark theirs; with -keep-sent, mail
// a user submits is also kept there, as Gmail keeps it.
//
// It prints "imap=<addr> smtp=<addr>" once both listen.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

type users []string

func (u *users) String() string     { return strings.Join(*u, ",") }
func (u *users) Set(v string) error { *u = append(*u, v); return nil }

type account struct {
	password string
	imap     *imapmemserver.User
	folders  []string // its folders' names, for LIST with special-use attributes
}

// sentFolder is the folder the server marks \Sent.
const sentFolder = "Sent Messages"

var (
	oauthCheck string
	keepSent   bool
	mu         sync.Mutex
	accounts   = map[string]*account{}
	domains    = map[string]bool{}
)

func main() {
	var list users
	imapAddr := flag.String("imap", "127.0.0.1:0", "IMAP listen address")
	smtpAddr := flag.String("smtp", "127.0.0.1:0", "SMTP listen address")
	flag.Var(&list, "user", "address:password of a mailbox (repeatable)")
	flag.StringVar(&oauthCheck, "oauth-check", "", "URL that validates XOAUTH2 bearer tokens (GET ?token=; 200 with the address)")
	flag.BoolVar(&keepSent, "keep-sent", false, "keep a copy of what a user submits in their \\Sent folder")
	flag.Parse()

	mem := imapmemserver.New()
	for _, u := range list {
		addr, pass, ok := strings.Cut(u, ":")
		if !ok {
			log.Fatalf("-user %q: want address:password", u)
		}
		addr = strings.ToLower(addr)
		iu := imapmemserver.NewUser(addr, pass)
		boxes := []string{"INBOX", "Sent", "Archive", sentFolder}
		for _, box := range boxes {
			if err := iu.Create(box, nil); err != nil {
				log.Fatal(err)
			}
		}
		mem.AddUser(iu)
		accounts[addr] = &account{password: pass, imap: iu, folders: boxes}
		domains[addr[strings.LastIndexByte(addr, '@')+1:]] = true
	}

	iln, err := net.Listen("tcp", *imapAddr)
	if err != nil {
		log.Fatal(err)
	}
	is := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &imapSession{SessionIMAP4rev2: mem.NewSession().(imapserver.SessionIMAP4rev2)}, nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}, imap.CapSpecialUse: {}},
		InsecureAuth: true,
	})
	go func() { log.Fatal(is.Serve(iln)) }()

	sln, err := net.Listen("tcp", *smtpAddr)
	if err != nil {
		log.Fatal(err)
	}
	ss := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{}, nil }))
	ss.Domain = "mail.test"
	ss.AllowInsecureAuth = true
	ss.MaxMessageBytes = 64 << 20
	ss.ReadTimeout, ss.WriteTimeout = time.Minute, time.Minute
	go func() { log.Fatal(ss.Serve(sln)) }()

	fmt.Printf("imap=%s smtp=%s\n", iln.Addr(), sln.Addr())
	os.Stdout.Sync()
	select {}
}

// session is one SMTP submission: an authenticated local user sending to anyone.
type session struct {
	user string
	from string
	to   []string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain, "XOAUTH2"} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	if mech == "XOAUTH2" {
		return &xoauth2Server{login: func(user string) error { s.user = user; return nil }}, nil
	}
	return sasl.NewPlainServer(func(_, username, password string) error {
		mu.Lock()
		defer mu.Unlock()
		if a := accounts[strings.ToLower(username)]; a != nil && a.password == password {
			s.user = strings.ToLower(username)
			return nil
		}
		return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.user == "" {
		return smtp.ErrAuthRequired
	}
	s.from = strings.ToLower(from)
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, strings.ToLower(to))
	return nil
}

func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	msg := append([]byte("Received: from submission by mail.test; "+time.Now().UTC().Format(time.RFC1123Z)+"\r\n"), raw...)
	if sender := accounts[s.user]; keepSent && sender != nil {
		if _, err := sender.imap.Append(sentFolder, bytes.NewReader(raw), &imap.AppendOptions{Flags: []imap.Flag{imap.FlagSeen}, Time: time.Now()}); err != nil {
			return err
		}
	}
	for _, rcpt := range s.to {
		if local, domain, ok := strings.Cut(rcpt, "@"); ok {
			if base, _, plus := strings.Cut(local, "+"); plus {
				rcpt = base + "@" + domain // subaddressing: support+tag@ is support@
			}
		}
		mu.Lock()
		a := accounts[rcpt]
		local := domains[rcpt[strings.LastIndexByte(rcpt, '@')+1:]]
		mu.Unlock()
		switch {
		case a != nil:
			if err := deliver(a, msg); err != nil {
				return err
			}
		case local:
			// A local domain without that user: the relay bounces it to the sender.
			if sender := accounts[s.from]; sender != nil {
				if err := deliver(sender, bounce(s.from, rcpt, raw)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func deliver(a *account, msg []byte) error {
	_, err := a.imap.Append("INBOX", bytes.NewReader(msg), &imap.AppendOptions{Time: time.Now()})
	return err
}

// bounce is the RFC 3464 report a relay sends back for a recipient that does not exist, with
// the original's headers.
func bounce(sender, rcpt string, original []byte) []byte {
	headers := original
	if i := bytes.Index(original, []byte("\r\n\r\n")); i >= 0 {
		headers = original[:i+2]
	}

	var b bytes.Buffer
	fmt.Fprintf(&b, "From: Mail Delivery System <MAILER-DAEMON@mail.test>\r\nTo: %s\r\nSubject: Undelivered Mail Returned to Sender\r\n", sender)
	fmt.Fprintf(&b, "Date: %s\r\nMessage-ID: <dsn.%d@mail.test>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n", time.Now().UTC().Format(time.RFC1123Z), time.Now().UnixNano())
	b.WriteString("Content-Type: multipart/report; report-type=delivery-status; boundary=\"dsn\"\r\n\r\n")
	fmt.Fprintf(&b, "--dsn\r\nContent-Type: text/plain\r\n\r\nYour message to %s could not be delivered: no such user.\r\n", rcpt)
	fmt.Fprintf(&b, "--dsn\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mail.test\r\n\r\nFinal-Recipient: rfc822; %s\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 <%s>: Recipient address rejected: User unknown\r\n", rcpt, rcpt)
	fmt.Fprintf(&b, "--dsn\r\nContent-Type: text/rfc822-headers\r\n\r\n%s--dsn--\r\n", headers)
	return b.Bytes()
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

// imapSession adds XOAUTH2 to the in-memory server's sessions (keeping their IMAP4rev2 side,
// which the server requires of sessions when it advertises IMAP4rev2).
type imapSession struct {
	imapserver.SessionIMAP4rev2
	user string
}

// Login signs in and remembers who, for List.
func (s *imapSession) Login(username, password string) error {
	if err := s.SessionIMAP4rev2.Login(username, password); err != nil {
		return err
	}
	s.user = strings.ToLower(username)
	return nil
}

// Create makes a folder and remembers it, for List.
func (s *imapSession) Create(name string, options *imap.CreateOptions) error {
	if err := s.SessionIMAP4rev2.Create(name, options); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	if a := accounts[s.user]; a != nil {
		a.folders = append(a.folders, name)
	}
	return nil
}

// List answers as the memory server does, with the special-use attributes it does not keep when
// they are asked for: the user's folders, "Sent Messages" marked \Sent.
func (s *imapSession) List(w *imapserver.ListWriter, ref string, patterns []string, options *imap.ListOptions) error {
	if !options.ReturnSpecialUse && !options.SelectSpecialUse {
		return s.SessionIMAP4rev2.List(w, ref, patterns, options)
	}
	mu.Lock()
	var folders []string
	if a := accounts[s.user]; a != nil {
		folders = append(folders, a.folders...)
	}
	mu.Unlock()
	for _, name := range folders {
		match := false
		for _, p := range patterns {
			match = match || imapserver.MatchList(name, '/', ref, p)
		}
		var attrs []imap.MailboxAttr
		if name == sentFolder {
			attrs = append(attrs, imap.MailboxAttrSent)
		}
		if !match || (options.SelectSpecialUse && len(attrs) == 0) {
			continue
		}
		if err := w.WriteList(&imap.ListData{Mailbox: name, Delim: '/', Attrs: attrs}); err != nil {
			return err
		}
	}
	return nil
}

func (s *imapSession) AuthenticateMechanisms() []string { return []string{sasl.Plain, "XOAUTH2"} }

func (s *imapSession) Authenticate(mech string) (sasl.Server, error) {
	if mech == "XOAUTH2" {
		return &xoauth2Server{login: func(user string) error {
			mu.Lock()
			a := accounts[user]
			mu.Unlock()
			return s.Login(user, a.password)
		}}, nil
	}
	return sasl.NewPlainServer(func(_, username, password string) error { return s.Login(username, password) }), nil
}

// xoauth2Server checks "user=<u>\x01auth=Bearer <token>\x01\x01" with the -oauth-check URL; a
// refused token gets the JSON challenge Gmail sends, then a failure.
type xoauth2Server struct {
	login    func(user string) error
	prompted bool
	failed   bool
}

func (x *xoauth2Server) Next(resp []byte) ([]byte, bool, error) {
	if x.failed {
		return nil, true, errors.New("invalid credentials")
	}
	if len(resp) == 0 && !x.prompted {
		x.prompted = true // no initial response: ask for it
		return nil, false, nil
	}
	var user, tok string
	for _, f := range strings.Split(string(resp), "\x01") {
		if v, ok := strings.CutPrefix(f, "user="); ok {
			user = strings.ToLower(v)
		}
		if v, ok := strings.CutPrefix(f, "auth=Bearer "); ok {
			tok = v
		}
	}
	if oauthCheck != "" && tok != "" {
		if res, err := http.Get(oauthCheck + "?token=" + url.QueryEscape(tok)); err == nil {
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			mu.Lock()
			known := accounts[user] != nil
			mu.Unlock()
			if res.StatusCode == http.StatusOK && strings.EqualFold(strings.TrimSpace(string(b)), user) && known {
				return nil, true, x.login(user)
			}
		}
	}
	x.failed = true
	return []byte(`{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}`), false, nil
}
