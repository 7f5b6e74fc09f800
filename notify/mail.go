package notify

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/jobs"
)

// Mailer sends an agent the email of their notifications waiting for one (the
// JobSendNotificationEmail handler), and the admins' test email of an SMTP account.
type Mailer struct {
	Store switchboard.NotificationStore
	// Dial connects to the SMTP server (the egress policy's DialContext); nil: a plain dialer.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// BaseURL is the server's public URL, without a trailing slash: the links in emails.
	BaseURL     string
	Unsubscribe *Unsubscribe
	// TLS is the TLS configuration for SMTP servers (nil: the system's roots); ServerName is
	// set to the server's host when empty. Tests give their own roots.
	TLS *tls.Config
	// Now is the clock of the emails' Date (time.Now when nil).
	Now func() time.Time
}

var _ switchboard.NotificationMailTester = (*Mailer)(nil)

// Send emails a JobSendNotificationEmail job's agent every notification waiting for one, in one
// email, and marks them sent. An SMTP server's 5xx answer fails the job for good; 4xx answers
// and network failures retry it. A retry after a crash between the send and the marking sends
// an email with the same Message-ID, which mail systems recognise as the same message.
func (m *Mailer) Send(ctx context.Context, j *switchboard.Job) error {
	var args switchboard.SendNotificationEmailArgs
	if err := json.Unmarshal(j.Args, &args); err != nil {
		return jobs.Final(fmt.Errorf("send notification email: arguments: %w", err))
	}
	ne, err := m.Store.PendingNotificationEmail(ctx, args.AgentID)
	if err != nil {
		return fmt.Errorf("send notification email to agent %d: %w", args.AgentID, err)
	}
	if ne == nil || len(ne.Notifications) == 0 || ne.Agent == nil || ne.Mail == nil {
		return nil // nothing waits, the agent was deleted, or the account is off
	}
	ids := make([]int64, len(ne.Notifications))
	for i, n := range ne.Notifications {
		ids[i] = n.ID
	}
	if ne.Agent.Email == "" {
		// Nowhere to send them (the address was removed meanwhile): the batch is closed, so the
		// agent's next notifications start a batch of their own once an address is back.
		return m.Store.NotificationEmailSent(ctx, args.AgentID, ids)
	}
	raw, err := m.compose(ne)
	if err != nil {
		return jobs.Final(fmt.Errorf("send notification email to agent %d: compose: %w", args.AgentID, err))
	}
	if err := m.submit(ctx, ne.Mail, ne.MailPassword, ne.Agent.Email, raw); err != nil {
		err = fmt.Errorf("send notification email to agent %d: %w", args.AgentID, err)
		var se *smtp.SMTPError
		if (errors.As(err, &se) && se.Code >= 500) || refused(err) {
			return jobs.Final(err)
		}
		return err
	}
	if err := m.Store.NotificationEmailSent(ctx, args.AgentID, ids); err != nil {
		return fmt.Errorf("send notification email to agent %d: mark sent: %w", args.AgentID, err)
	}
	return nil
}

// TestNotificationMail sends a short email through the settings s to the acting admin, so the
// admin sees the account work before saving it. A password left "" uses the kept one. The SMTP
// server's refusal comes back as EINVALID with its answer.
func (m *Mailer) TestNotificationMail(ctx context.Context, s *switchboard.NotificationMailSettings) error {
	admin := switchboard.AgentFromContext(ctx)
	if admin == nil || admin.Role != switchboard.RoleAdmin {
		return switchboard.Errorf(switchboard.EFORBIDDEN, "Only admins may test the notification email account.")
	}
	if admin.Email == "" {
		return switchboard.Errorf(switchboard.EINVALID, "Your account has no email address to send the test to.")
	}
	c := *s
	c.Enabled = true // a test checks everything a working account needs
	if err := c.Validate(); err != nil {
		return err
	}
	password := c.Password
	if password == "" {
		p, err := m.Store.NotificationMailPassword(switchboard.NewSystemContext(ctx), &c)
		if switchboard.ErrorCode(err) == switchboard.EINVALID {
			return err
		} else if err != nil {
			return fmt.Errorf("test notification email: kept password: %w", err)
		}
		password = p
	}
	id := make([]byte, 12)
	_, _ = rand.Read(id)
	w := words(admin.Language)
	raw, err := m.composeTest(&c, admin, w.TestSubject, w.TestBody, "test."+hex.EncodeToString(id))
	if err != nil {
		return fmt.Errorf("test notification email: compose: %w", err)
	}
	if err := m.submit(ctx, &c, password, admin.Email, raw); err != nil {
		var se *smtp.SMTPError
		if errors.As(err, &se) {
			return switchboard.Errorf(switchboard.EINVALID, "The SMTP server answered %d: %s", se.Code, se.Message)
		}
		return switchboard.Errorf(switchboard.EINVALID, "The SMTP server could not be reached: %v", err)
	}
	return nil
}

// smtpPort is the port of a security when the settings give none.
func smtpPort(s *switchboard.NotificationMailSettings) int {
	if s.Port != 0 {
		return s.Port
	}
	switch s.Security {
	case "tls":
		return 465
	case "none":
		return 25
	}
	return 587
}

// submit sends raw over SMTP from the account's address to one recipient: connected through
// Dial with the account's security (implicit TLS, STARTTLS or none) and signed in with AUTH
// PLAIN when the account has a username.
func (m *Mailer) submit(ctx context.Context, s *switchboard.NotificationMailSettings, password, to string, raw []byte) error {
	dial := m.Dial
	if dial == nil {
		dial = (&net.Dialer{Timeout: 30 * time.Second}).DialContext
	}
	conn, err := dial(ctx, "tcp", net.JoinHostPort(s.Host, strconv.Itoa(smtpPort(s))))
	if err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() }) // the SMTP client knows no context
	defer stop()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if m.TLS != nil {
		cfg = m.TLS.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = s.Host
	}
	var c *smtp.Client
	switch s.Security {
	case "tls":
		c = smtp.NewClient(tls.Client(conn, cfg))
	case "none":
		c = smtp.NewClient(conn)
	default:
		if c, err = smtp.NewClientStartTLS(conn, cfg); err != nil {
			conn.Close()
			return err
		}
	}
	defer c.Close()
	if s.Username != "" {
		if err := c.Auth(sasl.NewPlainClient("", s.Username, password)); err != nil {
			return err
		}
	}
	if err := c.Mail(s.FromAddress, nil); err != nil {
		return err
	}
	if err := c.Rcpt(to, nil); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(raw); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	_ = c.Quit()
	return nil
}

func (m *Mailer) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

// mailDomain is the domain of the account's address, for Message-IDs.
func mailDomain(s *switchboard.NotificationMailSettings) string {
	if _, d, ok := strings.Cut(s.FromAddress, "@"); ok && d != "" {
		return d
	}
	return "switchboard.invalid"
}

// oneLine folds a header's text to one line: a customer's name in a title must not add a header.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f || r == ' ' }), " ")
}
