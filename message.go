package switchboard

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Direction says which way a message travelled. Notes and activities stay inside the team.
type Direction string

// The directions.
const (
	DirectionIncoming Direction = "incoming"
	DirectionOutgoing Direction = "outgoing"
	DirectionInternal Direction = "internal"
)

// MessageKind says what a message holds.
type MessageKind string

// The message kinds. An activity is a milestone written by the system (assigned, resolved, …).
const (
	KindText     MessageKind = "text"
	KindMedia    MessageKind = "media"
	KindTemplate MessageKind = "template"
	KindNote     MessageKind = "note"
	KindActivity MessageKind = "activity"
)

// SenderType says who wrote a message. "external" is a colleague who answered from the
// provider's own app (an echo); "bot" is an automated responder.
type SenderType string

// The sender types.
const (
	SenderContact  SenderType = "contact"
	SenderAgent    SenderType = "agent"
	SenderBot      SenderType = "bot"
	SenderExternal SenderType = "external"
	SenderSystem   SenderType = "system"
)

// MessageStatus is the delivery state of an outgoing message. It only moves forward along
// pending → accepted → sent → delivered → read; failed is final (an agent may retry, which makes a
// new attempt of the same message).
type MessageStatus string

// The message statuses.
const (
	MessagePending   MessageStatus = "pending"
	MessageAccepted  MessageStatus = "accepted"
	MessageSent      MessageStatus = "sent"
	MessageDelivered MessageStatus = "delivered"
	MessageRead      MessageStatus = "read"
	MessageFailed    MessageStatus = "failed"
)

// Rank orders statuses so an update can be refused when it would move a message backwards.
// Failed ranks above everything: nothing after it but an explicit retry.
func (s MessageStatus) Rank() int {
	switch s {
	case MessagePending:
		return 1
	case MessageAccepted:
		return 2
	case MessageSent:
		return 3
	case MessageDelivered:
		return 4
	case MessageRead:
		return 5
	case MessageFailed:
		return 6
	}
	return 0
}

// MaxTextLength bounds a message's text; channels impose their own, smaller limits.
const MaxTextLength = 64 << 10

// Attachment is a file carried by a message.
type Attachment struct {
	ID          int64  `json:"id"`
	Kind        string `json:"kind"` // image, audio, video, document, sticker, location, source (AttachmentSource)
	ContentType string `json:"content_type"`
	Filename    string `json:"filename"`
	Size        int64  `json:"size"`
	URL         string `json:"url"`
	SHA256      string `json:"sha256,omitempty"`
	// StorageKey names the file in Switchboard's file store; "" for media linked elsewhere.
	StorageKey string `json:"-"`
	// Source is the provider's reference to an inbound file not fetched yet (a media id, a URL
	// that needs credentials); a job fetches it into the file store.
	Source string `json:"-"`
	// Pending is true while the file is being fetched from the provider; FetchError says why it
	// could not be.
	Pending    bool   `json:"pending"`
	FetchError string `json:"fetch_error"`
}

// Activity describes a milestone in a thread in a structured form, so the UI can show it in the
// agent's language; the message's Text holds an English rendering for exports and the API.
type Activity struct {
	Action   string             `json:"action"` // assigned, unassigned, status_changed, snoozed, labels_added, labels_removed, message_deleted, handed_off, identity_added, identity_removed, referral, consent, csat
	AgentID  *int64             `json:"agent_id,omitempty"`
	TeamID   *int64             `json:"team_id,omitempty"`
	Status   ConversationStatus `json:"status,omitempty"`
	Until    *time.Time         `json:"until,omitempty"`
	Labels   []string           `json:"labels,omitempty"`
	TargetID *int64             `json:"target_id,omitempty"` // the message an action applied to
	// Note is free text that goes with the milestone: why a bot handed the conversation over.
	Note string `json:"note,omitempty"`
	// Identity is the address an agent added to the contact or removed: where replies go, so
	// every conversation of the contact records the change.
	Identity *Identity `json:"identity,omitempty"`
	// Source is where a customer came from (a referral milestone): ADS, SHORTLINK, … as the
	// provider names it; Note then holds the link's ref or the ad's id.
	Source string `json:"source,omitempty"`
	// Rating is a customer's rating of the conversation, 1 to 5 (a csat milestone; Note holds
	// their comment).
	Rating int `json:"rating,omitempty"`
	// Automation is what acted, when it was no person: the rule, assignment or policy.
	Automation *AutomationActor `json:"automation,omitempty"`
}

// Message is one entry of a conversation's thread. Status is the delivery status of outgoing
// messages and "" for the others.
type Message struct {
	ID             int64           `json:"id"`
	ConversationID int64           `json:"conversation_id"`
	InboxID        int64           `json:"inbox_id"`
	Direction      Direction       `json:"direction"`
	Kind           MessageKind     `json:"kind"`
	SenderType     SenderType      `json:"sender_type"`
	SenderID       *int64          `json:"sender_id"` // agent or contact id
	SenderName     string          `json:"sender_name"`
	Text           string          `json:"text"`
	HTML           string          `json:"html"` // sanitised
	Attachments    []*Attachment   `json:"attachments"`
	ReplyToID      *int64          `json:"reply_to_id"`
	ProviderID     string          `json:"provider_id"`
	Status         MessageStatus   `json:"status"`
	ErrorCode      string          `json:"error_code"`
	ErrorReason    string          `json:"error_reason"`
	Mentions       []int64         `json:"mentions"`
	Activity       *Activity       `json:"activity,omitempty"` // for kind activity
	Content        *MessageContent `json:"content,omitempty"`
	// Language is the language the assistant read an incoming message in (ISO 639-1), "" until
	// it did or when it could not tell. A thread read on a server that translates tells the
	// language of the messages the analysis did not read (offline detection, not stored).
	Language  string      `json:"language,omitempty"`
	Reactions []*Reaction `json:"reactions"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
	DeletedAt *time.Time  `json:"deleted_at"`

	// Retry is set while a pending outgoing message waits for another attempt after one failed
	// for a reason that may pass; nil otherwise, and once it is sent or fails for good.
	Retry *DeliveryRetry `json:"retry"`
}

// DeliveryRetry is why an outgoing message is not delivered yet and when it is tried again: the
// provider could not take it for now (it is down, overloaded, or the mail server unreachable).
// Code is the failure's code (see failure.go; a connector may use codes of its own) and Reason
// the provider's words, as for a failed message.
type DeliveryRetry struct {
	Attempts      int       `json:"attempts"` // attempts made so far, all failed
	Code          string    `json:"code"`
	Reason        string    `json:"reason"`
	NextAttemptAt time.Time `json:"next_attempt_at"`
}

// MessageCreate is an agent's reply or private note. Replies are queued with status pending for
// the channel to deliver; notes are visible to the team only and may mention agents.
type MessageCreate struct {
	Note      bool    `json:"note"`
	Text      string  `json:"text"`
	HTML      string  `json:"html"`
	ReplyToID *int64  `json:"reply_to_id"`
	Mentions  []int64 `json:"mentions"`
	// AttachmentIDs are uploads of the acting agent (POST /api/v1/uploads) to send with it.
	AttachmentIDs  []int64 `json:"attachment_ids"`
	IdempotencyKey string  `json:"idempotency_key"`
	// Template sends a provider-approved template instead of free text: how a conversation
	// starts, or goes on after the customer-service window closed (WhatsApp).
	Template *TemplateSend `json:"template"`
	// Location shares a place, with the text (if any) as a separate line.
	Location *Location `json:"location"`
	// Email sets a mail reply's own fields: subject, copies, and the sender address.
	Email *EmailReply `json:"email"`
	// Private answers a comment (in a comment conversation) by direct message to the commenter
	// instead of under the post: once per comment, within PrivateReplyWindow.
	Private bool `json:"private"`
	// QuickReplies offer the customer answers as buttons under the reply (channels whose
	// capabilities say quick_replies: web chat); a click sends that text back.
	QuickReplies []string `json:"quick_replies"`
	// Translation is, when the agent wrote in their language and sends Text in the customer's,
	// what they wrote; it is kept on the message (Content.Translation).
	Translation *SentTranslation `json:"translation"`
	// AI marks a reply the copilot drafted (suggested or rewrote) and the agent sends; it is kept
	// on the message (Content.AI).
	AI *AIOrigin `json:"ai"`
}

// EmailReply is what an agent sets on a mail reply beyond its text.
type EmailReply struct {
	Subject string   `json:"subject"`
	Cc      []string `json:"cc"`
	Bcc     []string `json:"bcc"`
	// From is the inbox's address ("" means it) or, when the inbox allows it, the agent's own.
	From string `json:"from"`
}

// Validate normalises and checks the fields.
func (e *EmailReply) Validate() error {
	var v Validator
	e.Subject = strings.TrimSpace(e.Subject)
	v.MaxLength(e.Subject, 500, "email.subject")
	v.Check(len(e.Cc)+len(e.Bcc) <= 50, "email.cc", "Copy at most 50 addresses.")
	for field, list := range map[string][]string{"email.cc": e.Cc, "email.bcc": e.Bcc} {
		for i, a := range list {
			a = strings.ToLower(strings.TrimSpace(a))
			list[i] = a
			v.Check(validEmail(a), field, "Enter valid email addresses: "+a)
		}
	}
	e.From = strings.ToLower(strings.TrimSpace(e.From))
	v.CheckCode(e.From == "" || validEmail(e.From), "email.from", FieldCode{Code: FieldEmail}, "Enter a valid address.")
	return v.Err()
}

// Validate checks the input.
func (c *MessageCreate) Validate() error {
	var v Validator
	v.Check(strings.TrimSpace(c.Text) != "" || strings.TrimSpace(c.HTML) != "" || len(c.AttachmentIDs) > 0 || c.Template != nil || c.Location != nil,
		"text", "Enter a message.")
	if e := c.Email; e != nil {
		v.Check(!c.Note, "email", "A note is not a mail.")
		if err := e.Validate(); err != nil {
			return err
		}
	}
	if l := c.Location; l != nil {
		v.Check(!c.Note && c.Template == nil && len(c.AttachmentIDs) == 0, "location", "A location is sent on its own, without files or a template.")
		if err := l.Validate(); err != nil {
			return err
		}
	}
	if t := c.Template; t != nil {
		v.Check(!c.Note, "template", "A note cannot be a template.")
		v.Check(t.Name != "" && t.Language != "", "template", "Name the template and its language.")
		v.Check(len(t.Params) <= 20, "template.params", "A template has at most 20 parameters.")
		v.Check(c.Text == "" && len(c.AttachmentIDs) == 0, "template", "A template is sent on its own, without text or files.")
	}
	v.Check(len(c.QuickReplies) <= 10, "quick_replies", "Offer at most 10 quick replies.")
	for i, q := range c.QuickReplies {
		c.QuickReplies[i] = strings.TrimSpace(q)
		v.Check(c.QuickReplies[i] != "" && len([]rune(c.QuickReplies[i])) <= 40, "quick_replies", "Give each quick reply 1 to 40 characters.")
	}
	v.Check(len(c.QuickReplies) == 0 || !c.Note, "quick_replies", "A note offers no quick replies.")
	v.Check(len(c.AttachmentIDs) <= MaxAttachments, "attachment_ids", fmt.Sprintf("Attach at most %d files.", MaxAttachments))
	v.CheckCode(len(c.Text) <= MaxTextLength, "text", FieldCode{Code: FieldTooLong, Max: MaxTextLength}, "The message is too long.")
	v.CheckCode(len(c.HTML) <= 4*MaxTextLength, "html", FieldCode{Code: FieldTooLong, Max: 4 * MaxTextLength}, "The message is too long.")
	v.MaxLength(c.IdempotencyKey, 100, "idempotency_key")
	v.Check(len(c.Mentions) == 0 || c.Note, "mentions", "Only notes can mention agents.")
	v.Check(len(c.Mentions) <= 50, "mentions", "Mention at most 50 agents.")
	if c.Translation != nil {
		c.Translation.Validate(&v)
	}
	if c.AI != nil {
		c.AI.Validate(&v)
	}
	return v.Err()
}

// MessageFilter pages through a thread. Messages come oldest first; Before returns the page of
// older messages that precede a cursor, which is how a thread scrolls back.
type MessageFilter struct {
	Before string
	Limit  int
}

// MessagePage is a page of a thread, oldest first; PrevCursor, when set, fetches older messages.
type MessagePage struct {
	Items      []*Message `json:"items"`
	PrevCursor string     `json:"prev_cursor"`
}

// MessageService reads and writes a conversation's messages, with the same visibility as
// conversations.
type MessageService interface {
	FindMessages(ctx context.Context, conversationID int64, f MessageFilter) (*MessagePage, error)
	FindMessageByID(ctx context.Context, id int64) (*Message, error)
	// CreateMessage adds an agent's reply or note. With an idempotency key the agent has already
	// used in this conversation it returns the first message and created=false: a double click
	// sends once.
	CreateMessage(ctx context.Context, conversationID int64, c *MessageCreate) (m *Message, created bool, err error)
	// DeleteMessage blanks a message's content (admins only) and leaves an activity saying who
	// deleted it and when.
	DeleteMessage(ctx context.Context, id int64) error
	// SetMessageStatus records a delivery report of an outgoing message (system only). A status
	// that would move the message backwards (delivered after read, anything after failed) is
	// ignored, since providers reorder and repeat their callbacks; the message is returned as it
	// stands. code and reason describe a failure.
	SetMessageStatus(ctx context.Context, id int64, s MessageStatus, code, reason string) (*Message, error)
	// RetryMessage sends a failed outgoing message again.
	RetryMessage(ctx context.Context, id int64) (*Message, error)
	// ReactToMessage sets the business's reaction on a customer's message, or removes it with
	// emoji "", and sends it when the channel has reactions.
	ReactToMessage(ctx context.Context, id int64, emoji string) (*Message, error)
}
