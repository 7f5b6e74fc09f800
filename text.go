package switchboard

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// replacement marks where a character was that no database can store: U+FFFD, the character
// Unicode keeps for that, so the rest of the customer's words are kept and the gap shows.
const replacement = "\uFFFD"

// StorableText returns s as both engines store it alike. PostgreSQL refuses NUL in text (and
// \u0000 in JSON) and any invalid UTF-8, which SQLite would keep: one such byte in a
// customer's name would fail the whole webhook, and the provider's retries with it, so each is
// replaced by U+FFFD wherever text enters Switchboard (InboundBatch.Clean, and the API's
// request bodies and query parameters). Text without them is returned as is, unallocated.
func StorableText(s string) string {
	if strings.IndexByte(s, 0) < 0 && utf8.ValidString(s) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, replacement), "\x00", replacement)
}

// StorableJSON is StorableText for a JSON document as received: invalid UTF-8 and NUL bytes
// become U+FFFD, and so does every \u0000 escape in its strings, so that whatever is decoded
// from it, or kept of it as raw JSON (a contact's attributes), can be stored.
func StorableJSON(b []byte) []byte {
	if bytes.IndexByte(b, 0) >= 0 || !utf8.Valid(b) {
		b = []byte(StorableText(string(b)))
	}
	const nul = `\u0000`
	if !bytes.Contains(b, []byte(nul)) {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] != '\\' || i+1 == len(b):
			out = append(out, b[i])
		case bytes.HasPrefix(b[i:], []byte(nul)):
			out = append(out, `\ufffd`...)
			i += len(nul) - 1
		default: // any other escape, \\ included, is kept whole
			out = append(out, b[i], b[i+1])
			i++
		}
	}
	return out
}

// byteOffset returns where the n-th character of s starts, counting each byte of invalid UTF-8
// as a character as utf8.RuneCountInString does, or len(s) when s has no more.
func byteOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// storableAll applies StorableText to each string of a list in place.
func storableAll(ss []string) {
	for i, s := range ss {
		ss[i] = StorableText(s)
	}
}

// Clean makes every text of the batch storable (see StorableText): what a customer or a
// provider sends is recorded with the odd character marked, never refused, since a refused
// webhook is retried, and a refused mail stops its mailbox's sync at it. The store calls it on
// every batch it records.
func (b *InboundBatch) Clean() {
	for _, m := range b.Messages {
		m.Clean()
	}
	for _, s := range b.Statuses {
		s.ProviderID, s.ErrorCode, s.ErrorReason = StorableText(s.ProviderID), StorableText(s.ErrorCode), StorableText(s.ErrorReason)
	}
	for _, r := range b.Reactions {
		r.From, r.ContactName = StorableText(r.From), StorableText(r.ContactName)
		r.TargetProviderID, r.Emoji = StorableText(r.TargetProviderID), StorableText(r.Emoji)
	}
	if bytes.IndexByte(b.Raw, 0) >= 0 || !utf8.Valid(b.Raw) {
		b.Raw = []byte(StorableText(string(b.Raw)))
	}
	if b.Cursor != nil {
		b.Cursor.Folder = StorableText(b.Cursor.Folder)
	}
}

// Clean makes every text of the message storable (see InboundBatch.Clean).
func (m *InboundMessage) Clean() {
	if c := m.Content; c != nil && c.Email != nil && c.Email.QuotedAt >= 0 {
		// The fold stays before the same character: a run of invalid bytes before it is one
		// character now. Past the end, it is the end.
		c.Email.QuotedAt = utf8.RuneCountInString(StorableText(m.Text[:byteOffset(m.Text, c.Email.QuotedAt)]))
	}
	for _, s := range []*string{&m.From, &m.ContactName, &m.ProviderID, &m.Text, &m.HTML, &m.Subject,
		&m.ReplyToProviderID, &m.Acknowledge, &m.BotName} {
		*s = StorableText(*s)
	}
	storableAll(m.References)
	storableAll(m.Recipients)
	for _, a := range m.Attachments {
		for _, s := range []*string{&a.Kind, &a.ContentType, &a.Filename, &a.URL, &a.SHA256, &a.Source} {
			*s = StorableText(*s)
		}
	}
	for _, f := range m.Files {
		f.Filename, f.ContentType, f.ContentID = StorableText(f.Filename), StorableText(f.ContentType), StorableText(f.ContentID)
	}
	if c := m.Content; c != nil {
		c.Choice, c.Unsupported, c.Unreadable = StorableText(c.Choice), StorableText(c.Unsupported), StorableText(c.Unreadable)
		if t := c.Template; t != nil {
			t.Name, t.Language, t.ProviderID = StorableText(t.Name), StorableText(t.Language), StorableText(t.ProviderID)
			storableAll(t.Params)
		}
		if e := c.Email; e != nil {
			e.Subject, e.From, e.Kind = StorableText(e.Subject), StorableText(e.From), StorableText(e.Kind)
			storableAll(e.To)
			storableAll(e.Cc)
			storableAll(e.Bcc)
		}
		if l := c.Location; l != nil {
			l.Name, l.Address = StorableText(l.Name), StorableText(l.Address)
		}
		c.Contacts = CleanCards(c.Contacts)
	}
}

// CutText shortens s to at most n bytes, at a character's start: text kept within a limit.
func CutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
