package email

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/switchboardhq/switchboard"
)

// envelope is what the transport says of a mail beside its content: the sender it names (IMAP's
// ENVELOPE as the server read it, or SMTP's MAIL FROM), when the mail arrived, and its whole size
// when only its beginning was fetched.
type envelope struct {
	From    *mail.Address
	Arrived time.Time
	Size    int64
	// MessageID is the Message-ID the server read (IMAP's ENVELOPE); Key names the mail in its
	// mailbox (folder, UIDVALIDITY and UID): its id when the server gave none of its content.
	MessageID, Key string
}

// envelopeAddress is an envelope's sender when Switchboard can record it, else nil.
func envelopeAddress(name, addr string) *mail.Address {
	a, err := switchboard.NormalizeIdentity(switchboard.IdentityEmail, addr)
	if err != nil {
		return nil
	}
	return &mail.Address{Name: name, Address: a}
}

// UnknownSender stands for the sender of a mail that names none anywhere, in its header or its
// envelope: the mail is kept under a contact of this address (which no reply reaches) rather
// than lost.
const UnknownSender = "unknown-sender@invalid"

// readMail turns a raw mail into the batch's message, or for a bounce into the failure of ours it
// reports (a bounce that names no message of ours is kept as a message). What cannot be read is left out or guessed, and the message says so (Unreadable), with
// the raw mail kept as its source; a mail is never left out for being broken. Mail found in a
// sent folder, or sent from the inbox's own address, is a reply a colleague sent from their own
// mail client: it is recorded as an outgoing message by an external agent, to the customer it
// went to. Mail Switchboard sent itself (its Message-ID or X-Loop) is left out: it is recorded
// already. The batch moves the cursor in every case.
func readMail(log *slog.Logger, batch *switchboard.InboundBatch, s *Settings, raw []byte, env envelope, sent bool) {
	m, _ := Parse(raw, MaxMessage)
	probs := problems(m.Problems)
	if len(raw) == 0 {
		probs.add("The mail server gave nothing of the email's content.")
	}
	if env.Size > int64(len(raw)) {
		probs.add("The email is %d MB: only its first %d MB were imported.", env.Size>>20, len(raw)>>20)
	}
	if strings.HasPrefix(m.Loop, "switchboard-") || (strings.HasPrefix(m.MessageID, "sb.") && strings.HasSuffix(m.MessageID, "@"+s.domain())) {
		batch.Raw = raw
		return // our own mail coming back
	}
	if m.Kind == Bounce && !sent && m.Failure != nil && m.Failure.MessageID != "" {
		// A report on a message sent from the inbox; one that names none is kept as a message.
		batch.Raw = raw
		if f := m.Failure; f.Action != "delivered" && f.Action != "delayed" {
			reason := "The mail bounced"
			if f.Recipient != "" {
				reason += " for " + f.Recipient
			}
			if f.Diagnostic != "" {
				reason += ": " + f.Diagnostic
			} else if f.Status != "" {
				reason += " (" + f.Status + ")"
			}
			batch.Statuses = append(batch.Statuses, &switchboard.StatusReport{ProviderID: f.MessageID, Status: switchboard.MessageFailed,
				ErrorCode: "bounced", ErrorReason: reason})
		}
		return
	}
	from := m.From
	if from == nil && env.From != nil {
		from = env.From
		probs.add("The sender could not be read from the header: it was taken from the envelope.")
	}
	echo := sent || (from != nil && s.own(from.Address))
	contact := from
	if echo {
		if contact = s.customerOf(m); contact == nil {
			log.Info("email: a sent mail addressed to nobody but the inbox is not a conversation", "inbox_id", batch.InboxID, "message_id", m.MessageID)
			batch.Raw = raw
			return
		}
	}
	if contact == nil {
		contact = &mail.Address{Address: UnknownSender}
		probs.add("No sender could be read from the email.")
	}
	id := cmp.Or(m.MessageID, env.MessageID)
	switch {
	case id == "" && len(raw) == 0 && env.Key != "":
		id = "imap-" + env.Key
	case id == "" || len(id) > 200:
		sum := sha256.Sum256(raw)
		if id != "" {
			sum = sha256.Sum256([]byte(id))
		}
		id = "sha256-" + hex.EncodeToString(sum[:16])
	}
	var to, cc, recipients []string
	for _, a := range m.To {
		to = append(to, a.Address)
	}
	for _, a := range m.Cc {
		cc = append(cc, a.Address)
	}
	recipients = append(append(recipients, to...), cc...)
	fields := &switchboard.EmailFields{Subject: m.Subject, To: to, Cc: cc, QuotedAt: m.QuotedChars(), Kind: string(m.Kind)}
	if from != nil {
		fields.From = from.Address
	}
	in := &switchboard.InboundMessage{From: contact.Address, ContactName: contact.Name, ProviderID: id, Subject: m.Subject,
		Text: m.Text, HTML: m.HTML, SentAt: env.Arrived, Threaded: true, References: append(append([]string{}, m.InReplyTo...), m.References...),
		Recipients: recipients, Source: raw, Echo: echo,
		Content: &switchboard.MessageContent{Automatic: m.Kind != Person, Email: fields}}
	for _, p := range m.Parts {
		in.Files = append(in.Files, &switchboard.InboundFile{Filename: p.Filename, ContentType: p.ContentType, ContentID: p.ContentID, Inline: p.Inline, Data: p.Data})
	}
	if strings.TrimSpace(in.Text) == "" && in.HTML == "" && len(in.Files) == 0 {
		in.Text = "(no text)"
	}
	local := strings.ToLower(contact.Address)
	if s.Acknowledge != "" && m.Kind == Person && !echo && contact.Address != UnknownSender &&
		!strings.HasPrefix(local, "noreply@") && !strings.HasPrefix(local, "no-reply@") {
		in.Acknowledge = s.Acknowledge
	}
	in.Clean()
	fit(in, &probs)
	in.Content.Unreadable = strings.Join(probs, " ")
	batch.Messages = append(batch.Messages, in)
}

// fit cuts what is longer than the store keeps (see InboundMessage.Validate), noting it when it
// is the text: a mail is never refused for its size, which would stop its mailbox's sync at it.
func fit(in *switchboard.InboundMessage, p *problems) {
	if len(in.Text) > switchboard.MaxTextLength {
		in.Text = switchboard.CutText(in.Text, switchboard.MaxTextLength)
		p.add("The text is longer than %d KB: the rest of it is in the source.", switchboard.MaxTextLength>>10)
	}
	if e, n := in.Content.Email, utf8.RuneCountInString(in.Text); e.QuotedAt > n { // characters, as QuotedAt counts
		e.QuotedAt = n
	}
	if len(in.HTML) > 4*switchboard.MaxTextLength {
		in.HTML = ""
		p.add("The HTML is longer than %d KB: only the text is shown, and the source has it all.", 4*switchboard.MaxTextLength>>10)
	}
	in.Subject = switchboard.CutText(in.Subject, 500)
	in.Content.Email.Subject = in.Subject
	in.ContactName = switchboard.CutText(in.ContactName, 200)
}

// own reports whether an address is the inbox's own (support@, or support+anything@).
func (s *Settings) own(addr string) bool {
	addr = strings.ToLower(addr)
	if local, domain, ok := strings.Cut(addr, "@"); ok {
		if base, _, plus := strings.Cut(local, "+"); plus {
			addr = base + "@" + domain
		}
	}
	return addr == strings.ToLower(s.Address)
}

// customerOf is the customer a mail the inbox sent went to: its first recipient (To, then Cc,
// then Bcc) that is not the inbox itself.
func (s *Settings) customerOf(m *Mail) *mail.Address {
	for _, list := range [][]*mail.Address{m.To, m.Cc, m.Bcc} {
		for _, a := range list {
			if _, err := switchboard.NormalizeIdentity(switchboard.IdentityEmail, a.Address); err == nil && !s.own(a.Address) {
				return a
			}
		}
	}
	return nil
}

// record records a batch of mail. If the store refuses a message as invalid (which fit and
// Parse are there to prevent), the message is recorded again with nothing but its sender, its
// id, its source and why: a mail the store refuses would otherwise stop its mailbox's sync at it
// for good.
func record(ctx context.Context, log *slog.Logger, store interface {
	ReceiveBatch(ctx context.Context, b *switchboard.InboundBatch) (*switchboard.BatchResult, error)
}, batch *switchboard.InboundBatch) error {
	_, err := store.ReceiveBatch(ctx, batch)
	if switchboard.ErrorCode(err) != switchboard.EINVALID || len(batch.Messages) == 0 {
		return err
	}
	log.Warn("email: a mail was refused, kept with its source only", "inbox_id", batch.InboxID, "err", err)
	reason := fmt.Sprintf("It could not be recorded as it came (%s).", switchboard.ErrorMessage(err))
	for _, in := range batch.Messages {
		if _, err := switchboard.NormalizeIdentity(switchboard.IdentityEmail, in.From); err != nil {
			in.From = UnknownSender
		}
		in.ContactName, in.Text, in.HTML, in.Files, in.Acknowledge = "", "", "", nil, ""
		in.Subject = switchboard.CutText(in.Subject, 500)
		in.Content = &switchboard.MessageContent{Unreadable: reason}
	}
	_, err = store.ReceiveBatch(ctx, batch)
	return err
}
