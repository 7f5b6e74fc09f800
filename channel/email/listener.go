package email

import (
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/switchboardhq/switchboard"
)

// Listener takes mail for Switchboard's email inboxes over SMTP, for set-ups that forward mail
// (a mail host's forwarding rule, an MX pointed at Switchboard) instead of giving it a mailbox to
// read. It accepts mail only for the addresses of its email inboxes (support+anything@ too),
// with no authentication and no relaying, and records each message as the IMAP sync does before
// answering 250, so a mail it accepted is never lost.
type Listener struct {
	Store interface {
		ReceiveBatch(ctx context.Context, b *switchboard.InboundBatch) (*switchboard.BatchResult, error)
		FindInboxes(ctx context.Context) ([]*switchboard.Inbox, error)
	}
	Log    *slog.Logger
	Domain string // the name the server greets with
}

// Serve accepts connections on ln until ctx ends.
func (l *Listener) Serve(ctx context.Context, ln net.Listener) error {
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &inboundSession{l: l, ctx: ctx}, nil }))
	s.Domain = l.Domain
	if s.Domain == "" {
		s.Domain = "switchboard"
	}
	s.MaxMessageBytes = MaxMessage
	s.MaxRecipients = 50
	s.ReadTimeout, s.WriteTimeout = 5*time.Minute, time.Minute
	go func() { <-ctx.Done(); s.Close() }()
	err := s.Serve(ln)
	if ctx.Err() != nil {
		return nil
	}
	return err
}

type inboundSession struct {
	l     *Listener
	ctx   context.Context
	rcpts []*switchboard.Inbox
	from  string // the envelope's sender (MAIL FROM), for a mail whose header names none
	// boxes are the email inboxes by address, read once per connection.
	boxes map[string]*switchboard.Inbox
}

// inbox finds the email inbox an address belongs to: its own address, or that with a +tag.
func (s *inboundSession) inbox(addr string) *switchboard.Inbox {
	addr = strings.ToLower(strings.TrimSpace(addr))
	if local, domain, ok := strings.Cut(addr, "@"); ok {
		if base, _, plus := strings.Cut(local, "+"); plus {
			addr = base + "@" + domain
		}
	}
	if s.boxes == nil {
		inboxes, err := s.l.Store.FindInboxes(switchboard.NewSystemContext(s.ctx))
		if err != nil {
			return nil
		}
		s.boxes = map[string]*switchboard.Inbox{}
		for _, in := range inboxes {
			if st, err := settingsOf(in); err == nil && in.Kind == switchboard.ChannelEmail {
				s.boxes[strings.ToLower(st.Address)] = in
			}
		}
	}
	return s.boxes[addr]
}

func (s *inboundSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}

func (s *inboundSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	in := s.inbox(to)
	if in == nil {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such mailbox here"}
	}
	s.rcpts = append(s.rcpts, in)
	return nil
}

func (s *inboundSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(io.LimitReader(r, MaxMessage+1))
	if err != nil {
		return err
	}
	if len(raw) > MaxMessage {
		return &smtp.SMTPError{Code: 552, EnhancedCode: smtp.EnhancedCode{5, 3, 4}, Message: "Message too big"}
	}
	seen := map[int64]bool{}
	for _, in := range s.rcpts {
		if seen[in.ID] {
			continue
		}
		seen[in.ID] = true
		st, err := settingsOf(in)
		if err != nil {
			continue
		}
		batch := &switchboard.InboundBatch{InboxID: in.ID}
		readMail(s.l.Log, batch, st, raw, envelope{From: envelopeAddress("", s.from), Arrived: time.Now()}, false)
		if err := record(switchboard.NewContextWithInbox(s.ctx, in.ID), s.l.Log, s.l.Store, batch); err != nil {
			s.l.Log.Warn("email: SMTP delivery not recorded", "inbox_id", in.ID, "err", err)
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
		}
	}
	return nil
}

func (s *inboundSession) Reset()        { s.rcpts, s.from = nil, "" }
func (s *inboundSession) Logout() error { return nil }
