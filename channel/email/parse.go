// Package email is the email channel: mail read from a mailbox over IMAP (or handed over by SMTP)
// and replies sent over SMTP. This file reads one RFC 5322 message into what the inbox keeps: its
// threading headers, the text and sanitisable HTML, attachments and inline images, whether it is
// machine mail (auto-replies, bulk, bounces) that must never be answered automatically, and for
// bounces which of our messages failed and why. See shared/channels/email.md.
package email

import (
	"bytes"
	"errors"
	"io"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // charsets beyond UTF-8: ISO-8859-x, Windows-125x, GBK, ISO-2022-JP, KOI8-R…
	gomail "github.com/emersion/go-message/mail"

	"github.com/switchboardhq/switchboard"
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
	Bcc        []*mail.Address // kept in the copies of sent mail
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
	// Problems says, in English, what could not be read of the mail (left out or guessed); none
	// for a mail that follows the standards.
	Problems []string
}

// ErrTooLarge is returned with the part of a message that was read when it is over the size
// limit.
var ErrTooLarge = errors.New("email: the message is too large")

// Parse reads a raw message as far as it can be read, and never gives up on one: header lines
// that are not fields are left out, a part it cannot decode is kept as well as it decodes (an
// attachment stays an attachment), text in an unknown character set is read as Windows-1252,
// and Problems says what had to be left out or guessed. A message over max bytes (when max > 0)
// is read up to max, with ErrTooLarge.
func Parse(raw []byte, max int64) (*Mail, error) {
	var tooLarge error
	var probs problems
	if max > 0 && int64(len(raw)) > max {
		raw, tooLarge = raw[:max], ErrTooLarge
		probs.add("The email is larger than %d MB: only its beginning was read.", max>>20)
	}
	hdr, body := readHeader(raw, &probs)
	h := gomail.Header{Header: hdr}
	m := &Mail{Kind: Person}
	if id, err := h.MessageID(); err == nil {
		m.MessageID = id
	}
	m.InReplyTo = msgIDs(h, "In-Reply-To")
	m.References = msgIDs(h, "References")
	m.From = sender(h, &probs)
	m.ReplyTo = addresses(h, "Reply-To")
	m.To = addresses(h, "To")
	m.Cc = addresses(h, "Cc")
	m.Bcc = addresses(h, "Bcc")
	if s, err := h.Subject(); err == nil {
		m.Subject = strings.TrimSpace(s)
	} else {
		m.Subject = strings.TrimSpace(hdr.Get("Subject"))
	}
	if !utf8.ValidString(m.Subject) {
		m.Subject = string(windows1252([]byte(m.Subject)))
		probs.add("The subject is not in a declared character set: it was read as Windows-1252.")
	}
	if d, err := h.Date(); err == nil {
		m.Date = d.UTC()
	}
	m.Loop = hdr.Get("X-Loop")
	m.Kind = classify(hdr, m)

	var text, html string
	_ = walk(hdr, body, 0, &probs, func(part *message.Entity, ct string, params map[string]string, disposition string, dparams map[string]string) error {
		body, _ := io.ReadAll(part.Body) // decoded already: it cannot fail
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
	m.Problems = probs
	return m, tooLarge
}

// senderFields are where a mail's sender is looked for, in order: From, then what stands in for
// it when From cannot be read.
var senderFields = []string{"From", "Sender", "Reply-To", "Return-Path"}

// anyAddress finds an address in a field that does not follow the standard.
var anyAddress = regexp.MustCompile(`[^\s<>()\[\],;:"@]+@[^\s<>()\[\],;:"@]+\.[^\s<>()\[\],;:"@]+`)

// sender is the mail's sender: From's first address that Switchboard can record, else an address
// found in From as written, else the same from Sender, Reply-To and Return-Path; nil when there
// is none (the caller falls back on the envelope).
func sender(h gomail.Header, p *problems) *mail.Address {
	for _, key := range senderFields {
		var found *mail.Address
		if list, err := h.AddressList(key); err == nil {
			for _, a := range list {
				if addr, err := switchboard.NormalizeIdentity(switchboard.IdentityEmail, a.Address); err == nil {
					found = &mail.Address{Name: a.Name, Address: addr}
					break
				}
			}
		}
		if found == nil {
			for _, s := range anyAddress.FindAllString(h.Get(key), 10) {
				if addr, err := switchboard.NormalizeIdentity(switchboard.IdentityEmail, s); err == nil {
					found = &mail.Address{Address: addr}
					if key == "From" {
						p.add("The From field does not follow the standard: the sender's address was picked out of it.")
					}
					break
				}
			}
		}
		if found != nil {
			if key != "From" {
				p.add("The sender could not be read from the From field: it was taken from %s.", key)
			}
			if !utf8.ValidString(found.Name) {
				found.Name = string(windows1252([]byte(found.Name)))
			}
			return found
		}
	}
	return nil
}

// msgIDs reads a list of message ids, picking the <id>s out of a field that does not follow the
// standard.
func msgIDs(h gomail.Header, key string) []string {
	if ids, err := h.MsgIDList(key); err == nil {
		return ids
	}
	var ids []string
	for _, m := range bracketed.FindAllStringSubmatch(h.Get(key), 50) {
		ids = append(ids, m[1])
	}
	return ids
}

var bracketed = regexp.MustCompile(`<([^<>\s]{1,250})>`)

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
