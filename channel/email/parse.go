// Package email is the email channel: mail read from a mailbox over IMAP (or handed over by SMTP)
// and replies sent over SMTP. This file reads one RFC 5322 message into what the inbox keeps: its
// threading headers, the text and sanitisable HTML, attachments and inline images, whether it is
// machine mail (auto-replies, bulk, bounces) that must never be answered automatically, and for
// bounces which of our messages failed and why. See shared/channels/email.md.
package email

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // charsets beyond UTF-8: ISO-8859-x, Windows-125x, GBK, ISO-2022-JP, KOI8-R…
	gomail "github.com/emersion/go-message/mail"
)

// Kind classifies a message by who wrote it.
type Kind string

// The kinds of mail.
const (
	Person    Kind = "person"     // a human wrote it: it may be answered
	AutoReply Kind = "auto_reply" // vacation or out-of-office reply, auto-generated notices
	Bulk      Kind = "bulk"       // newsletters, mailing lists, Precedence bulk/junk/list
	Bounce    Kind = "bounce"     // a delivery status notification (DSN) or a mailer-daemon's report
	Receipt   Kind = "receipt"    // a read receipt (MDN)
)

// Part is an attachment or an inline image.
type Part struct {
	ContentType string
	Filename    string
	ContentID   string // for inline images referenced as cid: in the HTML
	Inline      bool
	Data        []byte
}

// Failure is what a bounce says of one of our messages.
type Failure struct {
	MessageID  string // the Message-ID of the message that failed, when the report carries it
	Recipient  string
	Status     string // an enhanced status code such as 5.1.1
	Action     string // failed, delayed, delivered
	Diagnostic string
}

// Mail is a parsed message.
type Mail struct {
	MessageID  string // without angle brackets
	InReplyTo  []string
	References []string
	From       *mail.Address
	ReplyTo    []*mail.Address
	To, Cc     []*mail.Address
	Subject    string
	Date       time.Time
	Text       string // the plain text: the text/plain part, or text derived from the HTML
	HTML       string // the HTML part, its quoted history marked (see foldHTML); to be sanitised before display
	// Quoted is the byte offset in Text where the quoted earlier conversation starts (len(Text)
	// when none): the thread folds what follows instead of deleting it. HTML marks the same part
	// with QuotedAttr.
	Quoted int
	Parts  []*Part
	Kind   Kind
	// Failure is set for bounces.
	Failure *Failure
	// Loop is our own X-Loop value when the mail carries one: it came from us.
	Loop string
}

// ErrTooLarge is returned for a message over the size limit.
var ErrTooLarge = errors.New("email: the message is too large")

// Parse reads a raw message of at most max bytes. It is tolerant: a part it cannot decode is kept
// as an attachment rather than failing the whole message.
func Parse(raw []byte, max int64) (*Mail, error) {
	if max > 0 && int64(len(raw)) > max {
		return nil, ErrTooLarge
	}
	e, err := message.Read(bytes.NewReader(raw))
	if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
		return nil, fmt.Errorf("email: %w", err)
	}
	h := gomail.Header{Header: e.Header}
	m := &Mail{Kind: Person}
	if id, err := h.MessageID(); err == nil {
		m.MessageID = id
	}
	m.InReplyTo, _ = h.MsgIDList("In-Reply-To")
	m.References, _ = h.MsgIDList("References")
	if from, err := h.AddressList("From"); err == nil && len(from) > 0 {
		m.From = &mail.Address{Name: from[0].Name, Address: strings.ToLower(from[0].Address)}
	}
	m.ReplyTo = addresses(h, "Reply-To")
	m.To = addresses(h, "To")
	m.Cc = addresses(h, "Cc")
	if s, err := h.Subject(); err == nil {
		m.Subject = strings.TrimSpace(s)
	} else {
		m.Subject = strings.TrimSpace(e.Header.Get("Subject"))
	}
	if d, err := h.Date(); err == nil {
		m.Date = d.UTC()
	}
	m.Loop = e.Header.Get("X-Loop")
	m.Kind = classify(e.Header, m)

	var text, html string
	walkErr := walk(e, func(part *message.Entity, ct string, params map[string]string, disposition string, dparams map[string]string) error {
		body, err := io.ReadAll(part.Body)
		if err != nil && len(body) == 0 {
			body = nil
		}
		filename := dparams["filename"]
		if filename == "" {
			filename = params["name"]
		}
		switch {
		case ct == "text/plain" && disposition != "attachment" && text == "":
			text = string(body)
			if strings.EqualFold(params["format"], "flowed") {
				text = Unflow(text, strings.EqualFold(params["delsp"], "yes"))
			}
		case ct == "text/html" && disposition != "attachment" && html == "":
			html = string(body)
		case ct == "message/delivery-status":
			m.Failure = deliveryStatus(body)
		case strings.HasPrefix(ct, "multipart/"):
		default:
			cid := strings.Trim(part.Header.Get("Content-Id"), "<> ")
			m.Parts = append(m.Parts, &Part{ContentType: ct, Filename: filename, ContentID: cid,
				Inline: disposition == "inline" || (cid != "" && disposition != "attachment"), Data: body})
		}
		return nil
	})
	if walkErr != nil && text == "" && html == "" && len(m.Parts) == 0 {
		return nil, fmt.Errorf("email: %w", walkErr)
	}
	// A NUL is kept: InboundBatch.Clean marks it (U+FFFD) with the rest of what cannot be stored.
	m.Text = strings.ReplaceAll(text, "\r\n", "\n")
	m.Quoted = QuoteStart(m.Text)
	if html != "" {
		var derived string
		var quoted int
		m.HTML, derived, quoted = foldHTML(html)
		if m.Text == "" {
			m.Text, m.Quoted = derived, quoted
		}
	}
	if m.Kind == Bounce && m.Failure == nil {
		m.Failure = &Failure{Action: "failed"}
	}
	if m.Failure != nil && m.Failure.MessageID == "" {
		// The returned original (message/rfc822 or text/rfc822-headers) names our Message-ID.
		for _, p := range m.Parts {
			if p.ContentType == "message/rfc822" || p.ContentType == "text/rfc822-headers" {
				if orig, err := mail.ReadMessage(bytes.NewReader(append(p.Data, '\r', '\n'))); err == nil {
					m.Failure.MessageID = strings.Trim(orig.Header.Get("Message-Id"), "<> ")
				}
			}
		}
	}
	return m, nil
}

// QuotedChars is Quoted counted in characters (code points), as EmailFields.QuotedAt is.
func (m *Mail) QuotedChars() int {
	return utf8.RuneCountInString(m.Text[:m.Quoted])
}

func addresses(h gomail.Header, key string) []*mail.Address {
	list, err := h.AddressList(key)
	if err != nil {
		return nil
	}
	out := make([]*mail.Address, 0, len(list))
	for _, a := range list {
		out = append(out, &mail.Address{Name: a.Name, Address: strings.ToLower(a.Address)})
	}
	return out
}

// walk visits every leaf part of a message (and the parts of attached messages, which stay
// attachments themselves), with its media type, parameters and disposition.
func walk(e *message.Entity, fn func(part *message.Entity, ct string, params map[string]string, disposition string, dparams map[string]string) error) error {
	ct, params, err := e.Header.ContentType()
	if err != nil || ct == "" {
		ct, params = "text/plain", map[string]string{}
	}
	disposition, dparams, _ := e.Header.ContentDisposition()
	if dparams == nil {
		dparams = map[string]string{}
	}
	if mr := e.MultipartReader(); mr != nil {
		for {
			p, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
				return err
			}
			if p == nil {
				return nil
			}
			if err := walk(p, fn); err != nil {
				return err
			}
		}
	}
	return fn(e, ct, params, disposition, dparams)
}

// classify tells machine mail from a person's (§2.2), so nothing answers it automatically.
func classify(h message.Header, m *Mail) Kind {
	ct, params, _ := h.ContentType()
	get := func(k string) string { return strings.ToLower(strings.TrimSpace(h.Get(k))) }
	from := ""
	if m.From != nil {
		from = m.From.Address
	}
	switch {
	case ct == "multipart/report" && strings.EqualFold(params["report-type"], "delivery-status"):
		return Bounce
	case ct == "multipart/report" && strings.EqualFold(params["report-type"], "disposition-notification"):
		return Receipt
	case strings.HasPrefix(from, "mailer-daemon@") || strings.HasPrefix(from, "postmaster@") || get("Return-Path") == "<>":
		return Bounce
	case get("Auto-Submitted") != "" && get("Auto-Submitted") != "no",
		h.Get("X-Autoreply") != "", h.Get("X-Autorespond") != "", h.Get("X-Autoresponder") != "",
		get("Precedence") == "auto_reply",
		strings.Contains(get("X-Auto-Response-Suppress"), "oof"):
		return AutoReply
	case get("Precedence") == "bulk" || get("Precedence") == "junk" || get("Precedence") == "list",
		h.Get("List-Id") != "", h.Get("List-Unsubscribe") != "":
		return Bulk
	}
	s := strings.ToLower(m.Subject)
	for _, p := range []string{"automatic reply:", "auto:", "out of office", "autoreply", "abwesenheitsnotiz", "réponse automatique", "risposta automatica", "respuesta automática"} {
		if strings.HasPrefix(s, p) || strings.Contains(s, "out of office") {
			return AutoReply
		}
	}
	for _, p := range []string{"undeliverable:", "delivery status notification", "mail delivery failed", "returned mail:", "undelivered mail"} {
		if strings.HasPrefix(s, p) {
			return Bounce
		}
	}
	return Person
}

// deliveryStatus reads a message/delivery-status part (RFC 3464): per-recipient fields after
// the per-message ones, separated by blank lines.
func deliveryStatus(body []byte) *Failure {
	f := &Failure{}
	for _, block := range strings.Split(strings.ReplaceAll(string(body), "\r\n", "\n"), "\n\n") {
		hdr, err := mail.ReadMessage(strings.NewReader(strings.TrimSpace(block) + "\n\n"))
		if err != nil {
			continue
		}
		get := hdr.Header.Get
		if v := get("Original-Envelope-Id"); v != "" {
			f.MessageID = strings.Trim(v, "<> ")
		}
		if v := get("Final-Recipient"); v != "" {
			_, addr, _ := strings.Cut(v, ";")
			f.Recipient = strings.TrimSpace(addr)
		}
		if v := get("Action"); v != "" && f.Action == "" {
			f.Action = strings.ToLower(strings.TrimSpace(v))
		}
		if v := get("Status"); v != "" && f.Status == "" {
			f.Status = strings.TrimSpace(v)
		}
		if v := get("Diagnostic-Code"); v != "" && f.Diagnostic == "" {
			_, d, _ := strings.Cut(v, ";")
			f.Diagnostic = strings.TrimSpace(d)
		}
	}
	if f.Action == "" {
		f.Action = "failed"
	}
	return f
}
