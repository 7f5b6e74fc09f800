package switchboard

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Visitor is a person on a website with an inbox's chat widget: a durable identity (the contact
// identity of kind IdentityWeb named by ExternalID) that the widget proves with an opaque token,
// kept in the host page's storage. What the widget last said of the visitor's browser shows in
// the contact panel.
type Visitor struct {
	ID         int64  `json:"id"`
	InboxID    int64  `json:"inbox_id"`
	ContactID  int64  `json:"contact_id"`
	ExternalID string `json:"external_id"` // "v_…": the identity's external id
	// UserID is the site's id for the person, set once identify proved it with the inbox's
	// identity secret; "" for an anonymous visitor.
	UserID string `json:"user_id"`
	Name   string `json:"name"`
	Email  string `json:"email"`
	// UnverifiedEmail is the address the visitor typed (pre-chat or out-of-hours form, or an
	// unsigned identify), kept apart from the contact's own; "" when none.
	UnverifiedEmail string `json:"unverified_email,omitempty"`
	// VisitorContext is the browser as the widget last reported it.
	VisitorContext
	CreatedAt time.Time `json:"created_at"`
	SeenAt    time.Time `json:"seen_at"`
}

// VisitorContext is what the widget reports of the visitor's browser at each session.
type VisitorContext struct {
	Page     string `json:"page"`
	Referrer string `json:"referrer"`
	Browser  string `json:"browser"`
	OS       string `json:"os"`
	Language string `json:"language"`
	TimeZone string `json:"time_zone"`
}

// Clean trims the context and cuts each field to a bounded length: it is the browser's word,
// shown to agents, never trusted for anything else.
func (c *VisitorContext) Clean() {
	for _, f := range []*string{&c.Page, &c.Referrer, &c.Browser, &c.OS, &c.Language, &c.TimeZone} {
		*f = strings.TrimSpace(*f)
		if len(*f) > 1000 {
			*f = strings.ToValidUTF8((*f)[:1000], "")
		}
	}
}

// VisitorIdentify is what the site tells of the visitor (Switchboard.identify in the widget).
// UserHash is hex HMAC-SHA256(identity secret, UserID): with a valid one the visitor is merged
// with the contact of that user id; without one, Name, Email, Phone and Attributes are kept as
// unverified attributes of the visitor's own contact and nothing is merged.
type VisitorIdentify struct {
	UserID     string         `json:"user_id"`
	UserHash   string         `json:"user_hash"`
	Name       string         `json:"name"`
	Email      string         `json:"email"`
	Phone      string         `json:"phone"`
	Attributes map[string]any `json:"attributes"`
}

// Validate checks the sizes of what the site sent.
func (v *VisitorIdentify) Validate() error {
	var val Validator
	val.Check(len(v.UserID) <= 200, "user_id", "Use at most 200 characters.")
	val.Check(v.UserHash == "" || v.UserID != "", "user_id", "Give the user id the hash signs.")
	val.Check(len(v.UserHash) <= 128, "user_hash", "Give the hex HMAC-SHA256 of the user id.")
	val.Check(len(v.Name) <= 200, "name", "Use at most 200 characters.")
	val.Check(len(v.Email) <= 320, "email", "Use at most 320 characters.")
	val.Check(v.Email == "" || validEmail(strings.ToLower(strings.TrimSpace(v.Email))), "email", "Enter a valid email address.")
	val.Check(len(v.Phone) <= 40, "phone", "Use at most 40 characters.")
	val.Check(len(v.Attributes) <= 50, "attributes", "Give at most 50 attributes.")
	return val.Err()
}

// UserHash signs a site's user id with an inbox's identity secret: what the site's server
// computes and passes to the widget's identify.
func UserHash(secret, userID string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(userID))
	return hex.EncodeToString(mac.Sum(nil))
}

// VerifyUserHash reports whether hash signs userID with secret, in constant time.
func VerifyUserHash(secret, userID, hash string) bool {
	if secret == "" || userID == "" {
		return false
	}
	return hmac.Equal([]byte(UserHash(secret, userID)), []byte(strings.ToLower(strings.TrimSpace(hash))))
}

// VisitorUserIdentity is the external id, of kind IdentityWeb, of a site's verified user id:
// every visitor proven to be that user is the same contact.
func VisitorUserIdentity(userID string) string { return "user:" + userID }

// VisitorConversation is one of a visitor's conversations as the widget lists it.
type VisitorConversation struct {
	ID            int64              `json:"id"`
	Status        ConversationStatus `json:"status"`
	LastMessage   string             `json:"last_message"`
	LastMessageAt *time.Time         `json:"last_message_at"`
	// Unread counts the team's replies after the visitor's read mark.
	Unread int `json:"unread"`
	// CSAT is the visitor's rating of the conversation, nil until they gave one.
	CSAT      *CSAT     `json:"csat"`
	CreatedAt time.Time `json:"created_at"`
}

// WidgetMessage is a message as a visitor sees it: theirs (Direction incoming) or the team's
// (outgoing), with the agent's name and avatar; never a note, an error reason or a provider id.
type WidgetMessage struct {
	ID             int64         `json:"id"`
	ConversationID int64         `json:"conversation_id"`
	Direction      Direction     `json:"direction"`
	Text           string        `json:"text"`
	Attachments    []*WidgetFile `json:"attachments"`
	AgentName      string        `json:"agent_name,omitempty"`
	AgentAvatar    string        `json:"agent_avatar,omitempty"`
	Status         MessageStatus `json:"status,omitempty"`
	// QuickReplies are the answers a team's message offers as buttons (MessageContent.QuickReplies).
	QuickReplies []string  `json:"quick_replies,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// WidgetFile is an attachment as a visitor sees it: a signed link that works without signing in
// for PublicMediaTTL.
type WidgetFile struct {
	ID          int64  `json:"id"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	URL         string `json:"url"`
}

// WidgetMessagePage is a page of a visitor's conversation, oldest first; PrevCursor fetches
// older messages.
type WidgetMessagePage struct {
	Items      []*WidgetMessage `json:"items"`
	PrevCursor string           `json:"prev_cursor"`
}

// VisitorMessage is what a visitor sends: text and files, with the widget's idempotency key.
type VisitorMessage struct {
	Text           string `json:"text"`
	IdempotencyKey string `json:"idempotency_key"`
	// Choice is the quick reply the visitor clicked (its text is Text): kept as the message's
	// content.choice.
	Choice string `json:"choice"`
	// Prechat is the pre-chat form's answers (field key → value), with Consent the consent
	// checkbox: read with the first message of a new conversation when the inbox asks for them.
	Prechat map[string]string `json:"prechat"`
	Consent bool              `json:"consent"`
	Files   []*InboundFile    `json:"-"`
	// Applied is what the web chat made of the pre-chat form (set by the service, not the
	// visitor): the store writes it with the conversation.
	Applied *PrechatApplied `json:"-"`
}

// PrechatApplied is a pre-chat form checked against the inbox's settings: what goes to the
// visitor's contact and, when the form had a consent checkbox, the text agreed to.
type PrechatApplied struct {
	Name, Email, Phone string
	Attributes         map[string]any
	ConsentText        string // "" when the form asked for no consent
}

// CSAT is a customer's rating of a conversation: 1 (bad) to 5 (great), with an optional comment.
type CSAT struct {
	Rating  int       `json:"rating"`
	Comment string    `json:"comment"`
	At      time.Time `json:"at"`
}

// Validate checks a rating.
func (c *CSAT) Validate() error {
	var v Validator
	c.Comment = strings.TrimSpace(c.Comment)
	v.Check(c.Rating >= 1 && c.Rating <= 5, "rating", "Rate from 1 to 5.")
	v.Check(len(c.Comment) <= 2000, "comment", "Use at most 2000 characters.")
	return v.Err()
}

// MaxVisitorText bounds a visitor's message, in bytes.
const MaxVisitorText = 5000

// Validate checks the message.
func (m *VisitorMessage) Validate() error {
	var v Validator
	m.Text = strings.TrimSpace(m.Text)
	v.Check(m.Text != "" || len(m.Files) > 0, "text", "Write a message.")
	v.Check(len(m.Text) <= MaxVisitorText, "text", "The message is too long.")
	v.Check(len(m.IdempotencyKey) <= 100, "idempotency_key", "Use at most 100 characters.")
	v.Check(len(m.Choice) <= 100, "choice", "Use at most 100 characters.")
	v.Check(len(m.Prechat) <= 20, "prechat", "Give at most 20 fields.")
	for k, val := range m.Prechat {
		v.Check(len(k) <= 32 && len(val) <= 2000, "prechat."+k, "Use at most 2000 characters.")
	}
	return v.Err()
}

// VisitorStore keeps visitors and what they may see: their own conversations of their inbox,
// never another's. Only the system (the web chat service) calls it; every method scopes its
// reads and writes to the visitor given.
type VisitorStore interface {
	// CreateVisitor makes a new visitor (and their contact) and returns the token that proves
	// them; only its hash is kept.
	CreateVisitor(ctx context.Context, inboxID int64, vc *VisitorContext) (*Visitor, string, error)
	// VisitorByToken returns the visitor of a token in an inbox, or EUNAUTHORIZED.
	VisitorByToken(ctx context.Context, inboxID int64, token string) (*Visitor, error)
	// SeeVisitor records what the widget says of the visitor's browser now.
	SeeVisitor(ctx context.Context, visitorID int64, vc *VisitorContext) (*Visitor, error)
	// IdentifyVisitor records what the site said of the visitor. With verified, the visitor's
	// identity and conversations move to the contact of the user id (created if new) and the
	// details go there; otherwise they stay on the visitor's own contact, unverified.
	IdentifyVisitor(ctx context.Context, visitorID int64, id *VisitorIdentify, verified bool) (*Visitor, error)
	VisitorConversations(ctx context.Context, visitorID int64) ([]*VisitorConversation, error)
	// VisitorMessages pages a visitor's conversation: the customer's and the team's messages,
	// never notes or milestones. Attachments carry signed links.
	VisitorMessages(ctx context.Context, visitorID, conversationID int64, f MessageFilter) (*WidgetMessagePage, error)
	// VisitorMessage returns one message of a visitor's conversations as the widget shows it,
	// or ENOTFOUND for a message that is not theirs to see (a note, another's).
	VisitorMessage(ctx context.Context, visitorID, messageID int64) (*WidgetMessage, error)
	// VisitorSend records a visitor's message in one of their conversations, or a new one when
	// conversationID is 0; a repeated idempotency key returns the first and created false.
	VisitorSend(ctx context.Context, visitorID, conversationID int64, m *VisitorMessage) (msg *WidgetMessage, created bool, err error)
	// VisitorRead marks the team's messages of a visitor's conversation read up to one.
	VisitorRead(ctx context.Context, visitorID, conversationID, messageID int64) error
	// VisitorCSAT records the visitor's rating of a resolved conversation of theirs, once: a
	// second rating answers ECONFLICT, one of an open conversation EINVALID.
	VisitorCSAT(ctx context.Context, visitorID, conversationID int64, c *CSAT) (*CSAT, error)
	// VisitorOwns reports whether a conversation is the visitor's (ENOTFOUND otherwise).
	VisitorOwns(ctx context.Context, visitorID, conversationID int64) error
	// AgentsOnline reports whether an agent who can answer the inbox is online (and the inbox
	// within its business hours, when it has some).
	AgentsOnline(ctx context.Context, inboxID int64) (bool, error)
	// FindContactVisitors lists the visitors of a contact, last seen first.
	FindContactVisitors(ctx context.Context, contactID int64) ([]*Visitor, error)
}

// WidgetConfig is the public part of a web chat inbox's settings, which the widget draws with.
type WidgetConfig struct {
	InboxID          int64       `json:"inbox_id"`
	Name             string      `json:"name"`
	Color            string      `json:"color"`
	Position         string      `json:"position"`
	LauncherText     string      `json:"launcher_text"`
	Greeting         string      `json:"greeting"`
	Language         string      `json:"language"`
	ShowAgentAvatars bool        `json:"show_agent_avatars"`
	AgentsOnline     bool        `json:"agents_online"`
	Media            MediaLimits `json:"media"`
	// The conversation flows (see the web chat's settings): the pre-chat form, the reply
	// expectation, what the widget says when nobody is online, and the rating after a
	// resolution.
	Prechat   *WidgetPrechat `json:"prechat"` // nil when the inbox asks nothing first
	ReplyTime string         `json:"reply_time"`
	Offline   WidgetOffline  `json:"offline"`
	CSAT      bool           `json:"csat"`
}

// WidgetPrechat is the pre-chat form: its fields, and the consent text ("" for no checkbox).
type WidgetPrechat struct {
	Fields  []PrechatField `json:"fields"`
	Consent string         `json:"consent"`
}

// PrechatField is one field of the pre-chat form. Key name, email and phone fill the contact's;
// other keys become contact attributes.
type PrechatField struct {
	Key      string `json:"key"`
	Label    string `json:"label"`
	Type     string `json:"type"` // text, email, tel or textarea
	Required bool   `json:"required"`
}

// WidgetOffline is what the widget does when no agent of the inbox is online.
type WidgetOffline struct {
	Message      string `json:"message"`
	CollectEmail bool   `json:"collect_email"`
}

// WidgetSession answers the widget's session call: the visitor, their token (new or the same)
// and the inbox's public configuration.
type WidgetSession struct {
	Token   string        `json:"token"`
	Visitor *Visitor      `json:"visitor"`
	Config  *WidgetConfig `json:"config"`
}

// VisitorSignal is an ephemeral event on a visitor's stream (never in the event log): the
// team typing, or reading the visitor's messages.
type VisitorSignal struct {
	Type           string `json:"type"` // "typing" or "read"
	ConversationID int64  `json:"conversation_id"`
	AgentName      string `json:"agent_name,omitempty"`
	On             bool   `json:"on,omitempty"`
	MessageID      int64  `json:"message_id,omitempty"`
}

// WidgetService is the web chat's visitor side: what the widget's public API calls, once the
// transport checked the request's origin. It decides; the VisitorStore persists.
type WidgetService interface {
	// AllowedOrigins returns the origins a web chat inbox's widget may be used from; ENOTFOUND
	// for an inbox that is not a web chat.
	AllowedOrigins(ctx context.Context, inboxID int64) ([]string, error)
	// Session resumes the visitor of token, or starts a new one when token is "" or unknown.
	Session(ctx context.Context, inboxID int64, token string, vc *VisitorContext) (*WidgetSession, error)
	// Visitor returns the visitor of a token, or EUNAUTHORIZED.
	Visitor(ctx context.Context, inboxID int64, token string) (*Visitor, error)
	// Identify applies what the site says; a user_hash that does not verify answers EFORBIDDEN
	// and changes nothing.
	Identify(ctx context.Context, v *Visitor, id *VisitorIdentify) (*Visitor, error)
	Conversations(ctx context.Context, v *Visitor) ([]*VisitorConversation, error)
	Messages(ctx context.Context, v *Visitor, conversationID int64, f MessageFilter) (*WidgetMessagePage, error)
	// Send records the visitor's message (files checked against the channel's limits).
	Send(ctx context.Context, v *Visitor, conversationID int64, m *VisitorMessage) (*WidgetMessage, bool, error)
	Read(ctx context.Context, v *Visitor, conversationID, messageID int64) error
	// Typing tells the agents who see the conversation that the visitor is typing, or stopped.
	Typing(ctx context.Context, v *Visitor, conversationID int64, on bool) error
	// Rate records the visitor's rating of a resolved conversation (where the inbox asks for
	// one); a second rating is refused with ECONFLICT.
	Rate(ctx context.Context, v *Visitor, conversationID int64, c *CSAT) (*CSAT, error)
}

// EventTyping is an ephemeral event on the agents' stream, never in the log (its id is 0): a
// customer is typing in a conversation (Data: {"conversation_id", "name", "on"}).
const EventTyping EventType = "conversation.typing"

// JobEmailVisitor emails a web chat visitor who left the team's replies they have not seen,
// through the email inbox the web chat inbox names (continuity by email).
const JobEmailVisitor = "email_visitor"

// EmailVisitorArgs are the arguments of a JobEmailVisitor job: the conversation and the reply
// that scheduled it.
type EmailVisitorArgs struct {
	ConversationID int64 `json:"conversation_id"`
	MessageID      int64 `json:"message_id"`
}

// VisitorEmail is what continuity by email needs of a web chat conversation when its job runs.
type VisitorEmail struct {
	Conversation *Conversation
	// Email and Name are the contact's (Email "" when the visitor gave none).
	Email, Name string
	// VisitorIDs are the contact's visitors of the conversation's inbox.
	VisitorIDs []int64
	// Replies are the team's messages the visitor has neither read in the widget nor been
	// emailed, oldest first.
	Replies []*Message
	// ReplyKey names the conversation in the mail, so the visitor's answer threads back.
	ReplyKey string
}

// VisitorEmailStore keeps continuity by email (system only): it persists, the web chat decides.
type VisitorEmailStore interface {
	// ScheduleVisitorEmail queues a JobEmailVisitor for a reply, due at at.
	ScheduleVisitorEmail(ctx context.Context, conversationID, messageID int64, at time.Time) error
	VisitorEmail(ctx context.Context, conversationID int64) (*VisitorEmail, error)
	// RecordVisitorEmail records that the team's messages up to upTo were emailed through an
	// email inbox (whose replies then thread back into the conversation), with a milestone.
	RecordVisitorEmail(ctx context.Context, conversationID, emailInboxID, upTo int64, to string) error
}
