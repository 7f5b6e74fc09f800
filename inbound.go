package switchboard

import (
	"context"
	"fmt"
	"mime"
	"net/url"
	"path"
	"strings"
	"time"
)

// InboundMessage is a customer's message as a channel reports it, after the channel verified and
// parsed the provider's payload.
type InboundMessage struct {
	InboxID int64 `json:"-"`
	// From is the customer's address on the channel: a phone number, an email address, a
	// page-scoped id. Its kind follows from the inbox's channel.
	From string `json:"from"`
	// ContactName is the name the provider gives for the sender, used when the contact is new.
	ContactName string `json:"contact_name"`
	// ProviderID is the provider's id for the message; a second delivery with the same id is the
	// same message, recorded once.
	ProviderID string `json:"provider_id"`
	Text       string `json:"text"`
	HTML       string `json:"html"`
	Subject    string `json:"subject"`
	// Attachments are the message's files. An integration gives each by its https URL (with a
	// filename and content_type if it likes); Switchboard fetches it into its own store (see
	// FetchLinkedFiles), so agents' browsers never load the integration's address.
	Attachments []*Attachment `json:"attachments"`
	// ReplyToProviderID is the provider id of the message this one answers, when the customer
	// replied to a specific message.
	ReplyToProviderID string `json:"reply_to_provider_id"`
	// SentAt is when the customer sent it; zero means now.
	SentAt time.Time `json:"sent_at"`
	// Content is what the message carries beyond text and files (a button picked, an
	// unsupported kind).
	Content *MessageContent `json:"content,omitempty"`
	// Threaded channels (email) find the conversation by the message's references rather than
	// continuing the contact's latest one: References are the provider ids it answers (In-Reply-To
	// and References), Recipients the addresses it was sent to (which may carry a reply key), and
	// a reply reopens a resolved conversation.
	Threaded   bool     `json:"-"`
	References []string `json:"-"`
	Recipients []string `json:"-"`
	// Files are attachments whose bytes came with the message (email), stored when it is new.
	// ContentID links inline images to the HTML's cid: references.
	Files []*InboundFile `json:"-"`
	// Source is the message exactly as the provider delivered it (a mail's RFC 5322 source); when
	// set it is kept, byte for byte, as an attachment of kind AttachmentSource, downloadable by
	// those who see the conversation.
	Source []byte `json:"-"`
	// Acknowledge, when set, is an automatic reply sent when the message opens a new
	// conversation (the inbox's acknowledgement); machine mail never gets one.
	Acknowledge string `json:"-"`
	// FromBot marks the integration's bot answering the customer (API inboxes): From is the
	// customer it answered, and the message is recorded as an outgoing one sent by BotName.
	FromBot bool   `json:"from_bot"`
	BotName string `json:"bot_name"`
	// Consent is the customer opting out of messages, or back in, with this message (an SMS
	// reading STOP or START): the channel machinery says so (see OptOutKeywords in package
	// channel), and the store records it on the sender's identity along with the message.
	Consent Consent `json:"-"`
	// Echo marks a message the business sent from another tool (the provider's phone app): From
	// is then the customer it went to, and it is recorded as an outgoing message sent by an
	// external agent, leaving the assignment alone.
	Echo bool `json:"-"`
	// Milestone, when set, makes this no message but a milestone of the customer's conversation
	// (started for it when they have none): the ad or link a Messenger thread was opened from.
	// ProviderID de-duplicates it like a message; Text is its English wording.
	Milestone *Activity `json:"-"`
	// Comment, when set, makes the message a comment under a post (see InboundComment).
	Comment *InboundComment `json:"-"`
}

// InboundFile is an attachment that arrived with its bytes.
type InboundFile struct {
	Filename    string
	ContentType string
	ContentID   string
	Inline      bool
	Data        []byte
}

// Validate checks the message.
func (m *InboundMessage) Validate() error {
	var v Validator
	v.Check(strings.TrimSpace(m.From) != "", "from", "Say who sent the message.")
	v.Check(strings.TrimSpace(m.Text) != "" || strings.TrimSpace(m.HTML) != "" || len(m.Attachments) > 0 || len(m.Files) > 0 || !m.Content.Empty(),
		"text", "The message is empty.")
	v.Check(len(m.Text) <= MaxTextLength, "text", "The message is too long.")
	v.Check(len(m.HTML) <= 4*MaxTextLength, "html", "The message is too long.")
	v.Check(len(m.ProviderID) <= 200, "provider_id", "Use at most 200 characters.")
	v.Check(len(m.ContactName) <= 200, "contact_name", "Use at most 200 characters.")
	v.Check(len(m.Subject) <= 500, "subject", "Use at most 500 characters.")
	v.Check(len(m.BotName) <= 100, "bot_name", "Use at most 100 characters.")
	v.Check(len(m.Attachments) <= MaxAttachments, "attachments", fmt.Sprintf("Attach at most %d files.", MaxAttachments))
	for i, a := range m.Attachments {
		// A connector's files name their source at the provider; any other is given by URL.
		v.Check(a != nil && (a.Source != "" || IsHTTPSURL(a.URL)), fmt.Sprintf("attachments[%d].url", i),
			"Give the file's absolute https URL: Switchboard fetches it from there.")
		v.Check(a == nil || len(a.Filename) <= 500, fmt.Sprintf("attachments[%d].filename", i), "Use at most 500 characters.")
	}
	return v.Err()
}

// LinkedSourcePrefix marks an attachment's Source as the https URL an integration gave for it.
const LinkedSourcePrefix = "url:"

// MaxLinkedURLLength bounds the URL of a file an integration links.
const MaxLinkedURLLength = 2048

// FetchLinkedFiles turns the attachments an integration gave by URL into files Switchboard
// fetches into its own store with JobFetchMedia, like a provider's media: pending until then,
// failed with a reason if the fetch fails. Of what the integration sent it keeps the URL (as the
// attachment's Source), the file name (else the URL's last element) and the content type; the
// size, checksum and state are Switchboard's to say. Call it once m is valid.
func (m *InboundMessage) FetchLinkedFiles() {
	for i, a := range m.Attachments {
		if a.Source != "" {
			continue
		}
		ct := ""
		if base, params, err := mime.ParseMediaType(a.ContentType); err == nil {
			ct = mime.FormatMediaType(base, params)
		}
		name := a.Filename
		if u, err := url.Parse(a.URL); name == "" && err == nil {
			name = path.Base(u.Path)
		}
		m.Attachments[i] = &Attachment{Kind: AttachmentKind(ct), ContentType: ct, Filename: CleanFilename(name),
			Source: LinkedSourcePrefix + a.URL, Pending: true}
	}
}

// LinkedURL returns the URL of a file an integration linked, from its attachment's Source, if
// it is one.
func LinkedURL(source string) (string, bool) {
	return strings.CutPrefix(source, LinkedSourcePrefix)
}

// IsHTTPSURL reports whether s is an absolute https URL with a host and no credentials: the only
// addresses Switchboard fetches an integration's files from, redirects included.
func IsHTTPSURL(s string) bool {
	if s == "" || len(s) > MaxLinkedURLLength {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && strings.EqualFold(u.Scheme, "https") && u.Opaque == "" && u.User == nil && u.Hostname() != ""
}

// InboundService records customers' messages. It finds or creates the contact by identity, finds
// the conversation (the contact's latest one in the inbox unless it is resolved, else a new one),
// wakes it if snoozed, and writes the message with its events in one transaction.
type InboundService interface {
	// Receive records m; created is false when its provider id was already recorded.
	Receive(ctx context.Context, m *InboundMessage) (msg *Message, conv *Conversation, created bool, err error)
}

// NormalizeSubject strips reply and forward prefixes (in the common languages) and tags in
// brackets from a mail subject, for matching a reply whose headers were lost to its
// conversation.
func NormalizeSubject(s string) string {
	s = strings.TrimSpace(s)
	for {
		lower := strings.ToLower(s)
		cut := false
		for _, p := range []string{"re:", "fwd:", "fw:", "aw:", "sv:", "antw:", "tr:", "rif:", "r:", "wg:", "[external]"} {
			if strings.HasPrefix(lower, p) {
				s, cut = strings.TrimSpace(s[len(p):]), true
				break
			}
		}
		if !cut {
			break
		}
	}
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
