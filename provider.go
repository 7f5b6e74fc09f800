package switchboard

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ProviderRequest is a request a messaging provider made to an inbox's webhook URL, as received:
// connectors check its signature over these exact bytes (and, for Twilio, the URL) before
// anything is read from it.
type ProviderRequest struct {
	Method string
	// URL is the address the provider called, as it sees it (scheme and host included).
	URL    *url.URL
	Header http.Header
	Body   []byte
}

// ProviderResponse is what the provider is answered.
type ProviderResponse struct {
	Status      int
	ContentType string
	Body        []byte
}

// InboundBatch is everything one provider webhook carries, after the connector verified and
// parsed it. The store records all of it in one transaction, so the provider is answered 2xx
// only once everything is committed, and a redelivery of the same webhook changes nothing.
type InboundBatch struct {
	InboxID   int64
	Messages  []*InboundMessage
	Statuses  []*StatusReport
	Reactions []*InboundReaction
	Edits     []*InboundEdit
	// Unsent are the provider ids of messages the customer unsent (Instagram): each is hidden,
	// with a milestone saying so.
	Unsent []string
	// Raw is the payload as received; it is kept (provider_payloads) so it can be inspected or
	// replayed after a parser fix.
	Raw []byte
	// Cursor, when set, is where a mailbox sync stands once the batch is recorded; it is saved in
	// the same transaction.
	Cursor *MailCursor
}

// MailCursor is where the IMAP sync of one folder stands.
type MailCursor struct {
	Folder      string
	UIDValidity uint32
	UID         uint32
}

// InboundReaction is a customer adding an emoji to a message, or removing it (Emoji "").
type InboundReaction struct {
	// OpensWindow says the reaction reopens the customer-service window, as a message does
	// (Messenger's reactions).
	OpensWindow      bool      `json:"-"`
	From             string    `json:"from"`
	ContactName      string    `json:"contact_name"`
	TargetProviderID string    `json:"target_provider_id"`
	Emoji            string    `json:"emoji"`
	SentAt           time.Time `json:"sent_at"`
}

// InboundEdit is a customer changing the text of a message they sent. Count is which edit it is
// (1 for the first): a replay, or an edit arriving after a later one, changes nothing.
type InboundEdit struct {
	ProviderID string
	Text       string
	Count      int
}

// BatchResult counts what a batch changed.
type BatchResult struct {
	Created    int // messages recorded
	Duplicates int // messages already recorded (a provider's retry)
	Statuses   int // delivery reports that moved a message on
	Reactions  int
}

// Reaction is an emoji one side of the conversation put on a message. WhatsApp keeps one per
// side: the customer's, and the business's (set by whichever agent reacted last).
type Reaction struct {
	Side       string `json:"side"` // contact or business
	SenderID   *int64 `json:"sender_id"`
	SenderName string `json:"sender_name"`
	Emoji      string `json:"emoji"`
}

// MessageContent is what a message carries beyond text and files.
type MessageContent struct {
	// Template is the provider-approved template the message was sent as.
	Template *TemplateSend `json:"template,omitempty"`
	// Choice is the id of the button or list row a customer picked.
	Choice string `json:"choice,omitempty"`
	// Unsupported names a kind of message the provider delivered but Switchboard cannot show
	// (a poll, say); the thread says so rather than dropping it.
	Unsupported string `json:"unsupported,omitempty"`
	// Forwarded marks a message the customer forwarded from elsewhere.
	Forwarded bool `json:"forwarded,omitempty"`
	// Automatic marks a message no person wrote: an acknowledgement Switchboard sent, or machine
	// mail received (an auto-reply, a newsletter). Nothing answers those automatically.
	Automatic bool `json:"automatic,omitempty"`
	// AutoReply is the kind of automatic reply a message is (welcome, out_of_hours,
	// acknowledge; see Automation): the thread shows it sent by "Auto-reply".
	AutoReply string `json:"auto_reply,omitempty"`
	// Email holds a mail's own fields, for the email view.
	Email *EmailFields `json:"email,omitempty"`
	// Location is a place an agent shares (the thread shows it as a map link attachment).
	Location *Location `json:"location,omitempty"`
	// Unreadable says, in English, what of a received message could not be read (a mail's broken
	// encoding, a part cut short, a sender found only in the envelope): what could be read is
	// shown, marked as not fully read, and the message's source is kept as an attachment of kind
	// AttachmentSource.
	Unreadable string `json:"unreadable,omitempty"`
	// Voice marks an audio message the customer recorded as a voice note (WhatsApp's
	// "voice": true), which the thread shows as such, with its player.
	Voice bool `json:"voice,omitempty"`
	// Contacts are contact cards the customer shared (a WhatsApp contacts message, a vCard file),
	// which the thread shows as cards with "add as contact". When they are all a message carries,
	// its text is their English rendering (CardsText), for previews, search and exports.
	Contacts []*ContactCard `json:"contacts,omitempty"`
	// Edits are the earlier texts of a message the customer edited (Messenger), oldest first:
	// the thread shows it as edited, with what it said before.
	Edits []string `json:"edits,omitempty"`
	// Story says the message answers the business's story ("reply") or mentions the business in
	// the customer's story ("mention", Instagram); the story's media is its attachment.
	Story string `json:"story,omitempty"`
	// Shared names what the customer shared by its link (Instagram: "post" or "reel").
	Shared string `json:"shared,omitempty"`
	// Unsent marks a message the customer unsent: its text and files are gone.
	Unsent bool `json:"unsent,omitempty"`
	// Comment holds a comment's own fields (see CommentFields).
	Comment *CommentFields `json:"comment,omitempty"`
	// QuickReplies are answers a team's message offers the customer as buttons (web chat): a
	// click sends that text, with Choice set to it.
	QuickReplies []string `json:"quick_replies,omitempty"`
	// Choices are what an automatic survey offers the customer to tap (see SurveyChoices).
	Choices *ChoiceSet `json:"choices,omitempty"`
	// CSATRating marks a customer's message taken as their answer to a survey: the rating it
	// recorded (1–5).
	CSATRating int `json:"csat_rating,omitempty"`
	// Analysis is the assistant's reading of a customer turn, on the private note that shows it.
	Analysis *Analysis `json:"analysis,omitempty"`
	// AI marks a text an assistant made (an analysis note; a reply the copilot drafted that an
	// agent sent) and which provider made it.
	AI *AIOrigin `json:"ai,omitempty"`
	// Translation is, on a reply an agent wrote in their language and sent in the customer's,
	// what they wrote (the message's text is what was sent).
	Translation *SentTranslation `json:"translation,omitempty"`
}

// Empty reports whether c carries nothing.
func (c *MessageContent) Empty() bool {
	return c == nil || (c.Template == nil && c.Choice == "" && c.Unsupported == "" && !c.Forwarded && c.Location == nil && !c.Automatic &&
		c.Email == nil && c.Unreadable == "" && !c.Voice && len(c.Contacts) == 0 && len(c.Edits) == 0 &&
		c.Story == "" && c.Shared == "" && !c.Unsent && c.Comment == nil && len(c.QuickReplies) == 0 && c.Choices == nil && c.CSATRating == 0 &&
		c.Analysis == nil && c.AI == nil && c.Translation == nil)
}

// EmailFields are what a mail carries beyond its text.
type EmailFields struct {
	Subject string   `json:"subject"`
	From    string   `json:"from"`
	To      []string `json:"to"`
	Cc      []string `json:"cc,omitempty"`
	Bcc     []string `json:"bcc,omitempty"` // outgoing only
	// QuotedAt is where the quoted earlier conversation (or the signature) starts in the text,
	// counted in Unicode characters (code points), not bytes nor UTF-16 units: the thread folds
	// what follows. It is the text's length in characters when nothing folds.
	QuotedAt int `json:"quoted_at"`
	// Kind is person, auto_reply, bulk or receipt for received mail.
	Kind string `json:"kind,omitempty"`
}

// Location is a place on the map.
type Location struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name"`
	Address   string  `json:"address"`
}

// Validate checks the coordinates and the labels.
func (l *Location) Validate() error {
	var v Validator
	v.Check(l.Latitude >= -90 && l.Latitude <= 90, "location.latitude", "Use a latitude from -90 to 90.")
	v.Check(l.Longitude >= -180 && l.Longitude <= 180, "location.longitude", "Use a longitude from -180 to 180.")
	v.Check(len(l.Name) <= 200 && len(l.Address) <= 500, "location.name", "Use a shorter name and address.")
	return v.Err()
}

// Label is how a place is named in a thread: its name and address, or its coordinates.
func (l *Location) Label() string {
	var parts []string
	for _, s := range []string{l.Name, l.Address} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return fmt.Sprintf("%.5f, %.5f", l.Latitude, l.Longitude)
	}
	return strings.Join(parts, ", ")
}

// MapURL links a place to a map anyone can open.
func (l *Location) MapURL() string {
	return fmt.Sprintf("https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f#map=17/%.6f/%.6f", l.Latitude, l.Longitude, l.Latitude, l.Longitude)
}

// Attachment is the place as a thread shows it: a map link labelled with its name.
func (l *Location) Attachment() *Attachment {
	return &Attachment{Kind: "location", Filename: l.Label(), URL: l.MapURL()}
}

// Template is a message template approved by the provider, which may start a conversation or
// reopen a closed customer-service window (WhatsApp).
type Template struct {
	ID       int64  `json:"id"`
	InboxID  int64  `json:"inbox_id"`
	Name     string `json:"name"`
	Language string `json:"language"`
	Category string `json:"category"` // marketing, utility, authentication
	Status   string `json:"status"`   // approved, pending, rejected, paused, disabled
	// Body is the template's main text with numbered placeholders {{1}}, {{2}}, …
	Body string `json:"body"`
	// Params is how many body placeholders must be filled.
	Params int `json:"params"`
	// Components are the template's parts as the provider describes them.
	Components json.RawMessage `json:"components"`
	// ProviderID is the provider's own id of the template, when sends name it by id (Twilio's
	// ContentSid).
	ProviderID string    `json:"provider_id"`
	SyncedAt   time.Time `json:"synced_at"`
}

// Render fills the body's placeholders.
func (t *Template) Render(params []string) string {
	out := t.Body
	for i, p := range params {
		out = strings.ReplaceAll(out, "{{"+strconv.Itoa(i+1)+"}}", p)
	}
	return out
}

// TemplateSend names a template to send and the values of its body placeholders.
type TemplateSend struct {
	Name     string   `json:"name"`
	Language string   `json:"language"`
	Params   []string `json:"params"`
	// ProviderID is the template's id at the provider, filled in by Switchboard when it is sent.
	ProviderID string `json:"provider_id,omitempty"`
}

// TemplateService lists an inbox's templates and keeps them in step with the provider.
type TemplateService interface {
	// FindTemplates lists an inbox's templates, to agents of the inbox.
	FindTemplates(ctx context.Context, inboxID int64) ([]*Template, error)
	// SyncTemplates asks for the inbox's templates to be fetched from the provider again
	// (admins); a job does it.
	SyncTemplates(ctx context.Context, inboxID int64) error
	// ReplaceTemplates stores what the provider has, removing the templates it no longer has
	// (system only).
	ReplaceTemplates(ctx context.Context, inboxID int64, ts []*Template) error
}

// InboxHealth is how an inbox's connection to its provider is doing.
type InboxHealth struct {
	InboxID           int64      `json:"inbox_id"`
	LastWebhookAt     *time.Time `json:"last_webhook_at"`
	LastSendAt        *time.Time `json:"last_send_at"`
	LastError         string     `json:"last_error"`
	LastErrorAt       *time.Time `json:"last_error_at"`
	CredentialsOK     *bool      `json:"credentials_ok"` // nil until they were used
	TemplatesSyncedAt *time.Time `json:"templates_synced_at"`
	// WebhookURL is where the provider must send its webhooks (relative to the server's
	// public address); VerifyToken is the token Meta's console asks for, when the channel has one.
	WebhookURL  string `json:"webhook_url"`
	VerifyToken string `json:"verify_token,omitempty"`
	// Warnings are the inbox's settings that work but put something at risk, such as a mail
	// password sent unencrypted; empty when there are none.
	Warnings []string `json:"warnings"`
	// OAuthProvider is the sign-in the inbox connects with ("facebook", "instagram", "google",
	// "microsoft"; "" when its settings connect without one): POST /inboxes/{id}/oauth starts it.
	OAuthProvider string `json:"oauth_provider"`
	// TokenExpiresAt is when the token Switchboard obtained (by OAuth, or a refresh) stops
	// working, nil when it does not expire or was pasted; TokenRefreshAt is when Switchboard
	// renews it, nil when it does not.
	TokenExpiresAt *time.Time `json:"token_expires_at"`
	TokenRefreshAt *time.Time `json:"token_refresh_at"`
	// MissingPermissions and UnsubscribedFields are what the last credentials check found
	// missing: permissions the consent did not grant, webhook fields the account is not
	// subscribed to; left out until a check could tell.
	MissingPermissions []string `json:"missing_permissions,omitzero"`
	UnsubscribedFields []string `json:"unsubscribed_fields,omitzero"`
}

// ConnectionReport is what a credentials check found beyond whether they work, for the inbox's
// health: each list nil when the provider cannot tell, empty when nothing is missing.
type ConnectionReport struct {
	MissingPermissions []string
	UnsubscribedFields []string
}

// IssuedToken is a credential Switchboard obtained itself, by an OAuth consent or a refresh,
// to keep as one of the inbox's secrets.
type IssuedToken struct {
	Secret string // the secret's name
	Value  string
	// ExpiresAt is when it stops working (nil: it does not); RefreshAt when to renew it
	// (JobRefreshToken; nil: never).
	ExpiresAt, RefreshAt *time.Time
	// MissingPermissions are those the consent did not grant, when the provider says only then
	// (Instagram Login); nil when a credentials check tells.
	MissingPermissions []string
}

// ChannelService is what the channels' inbound and outbound machinery asks of the store.
type ChannelService interface {
	// ReceiveBatch records a verified provider webhook in one transaction (system or the inbox's
	// channel): messages once each by provider id (echoes as sent by an external agent), status
	// reports forward only, reactions, the customer-service windows, media fetch jobs, the raw
	// payload and the inbox's last-webhook time.
	ReceiveBatch(ctx context.Context, b *InboundBatch) (*BatchResult, error)
	// StoreFetchedMedia puts a fetched inbound file in place of its provider reference (system).
	StoreFetchedMedia(ctx context.Context, attachmentID int64, contentType string, r io.Reader) error
	// MediaToFetch loads an attachment still waiting for its file, with its inbox and secrets
	// (system).
	MediaToFetch(ctx context.Context, attachmentID int64) (*MediaFetch, error)
	// FailMediaFetch records why an attachment's file could not be fetched (system).
	FailMediaFetch(ctx context.Context, attachmentID int64, reason string) error
	// RecordChannelHealth notes the outcome of a call to the provider (system): callErr "" for
	// a success, which counts as the last send when sent is true (a message, a reaction, a read
	// receipt, not a template sync).
	RecordChannelHealth(ctx context.Context, inboxID int64, sent bool, callErr string, credentialsOK *bool) error
	// RecordConnectionReport keeps what a credentials check found missing (system).
	RecordConnectionReport(ctx context.Context, inboxID int64, r *ConnectionReport) error
	// KeepIssuedToken stores a token Switchboard obtained as the inbox's sealed secret, with
	// its expiry for the health and the job that renews it at its RefreshAt, and queues a check
	// of the credentials (admins, as a consent comes back; or system, for a refresh).
	KeepIssuedToken(ctx context.Context, inboxID int64, t *IssuedToken) error
	// ReactionFor loads the business's reaction to send (system).
	ReactionFor(ctx context.Context, reactionID int64) (*OutboundReaction, error)
	// ReceiptFor loads the read receipt to send for a customer's message (system).
	ReceiptFor(ctx context.Context, messageID int64) (*OutboundReceipt, error)
	// FindMailCursor returns where an inbox's sync of a folder stands (system); a zero cursor
	// when it never ran.
	FindMailCursor(ctx context.Context, inboxID int64, folder string) (*MailCursor, error)
	// NameContact gives a contact the name the provider has for them, unless its name is no
	// longer the one given (placeholder): an agent renamed them meanwhile (system).
	NameContact(ctx context.Context, contactID int64, placeholder, name string) error
	// SetContactPicture keeps the picture a provider has of a contact in the file store and
	// makes it the contact's avatar, unless someone chose another.
	SetContactPicture(ctx context.Context, contactID int64, contentType string, r io.Reader) error
	// FindInboxHealth reports an inbox's channel health (admins).
	FindInboxHealth(ctx context.Context, inboxID int64) (*InboxHealth, error)
}

// MediaFetch is an inbound attachment waiting for its file.
type MediaFetch struct {
	Attachment *Attachment
	Source     string // the provider's reference: a media id, a URL
	Inbox      *Inbox
	Secrets    map[string]string
	Limits     MediaLimits
}

// WindowError is the refusal of free text outside a channel's customer-service window (the time
// after a customer's last message in which free-form replies are allowed: 24 hours on
// WhatsApp). closedAt is when it closed, nil when the customer never wrote.
func WindowError(window time.Duration, closedAt *time.Time) error {
	msg := fmt.Sprintf("This customer has not written in the last %s: only a template can be sent.", humanDuration(window))
	if closedAt == nil {
		msg = "This customer has never written to this inbox: the first message must be a template."
	}
	return &Error{Code: EWINDOWCLOSED, Message: msg, Fields: map[string]string{"template": "Choose a template."}}
}

func humanDuration(d time.Duration) string {
	if d%time.Hour == 0 {
		return strconv.Itoa(int(d/time.Hour)) + " hours"
	}
	return d.String()
}

// ChannelCapabilities are what a channel kind can do beyond sending text, as its connector says.
type ChannelCapabilities struct {
	// Window is how long after a customer's last message free-form replies are allowed; 0
	// means no limit. Outside it only templates go out.
	Window       time.Duration `json:"window_seconds"`
	Templates    bool          `json:"templates"`
	Reactions    bool          `json:"reactions"`
	ReadReceipts bool          `json:"read_receipts"`
	// OptOut is true where carriers honour opt-out keywords (SMS): a customer who texted STOP
	// is sent nothing until they text START (see Identity.OptedOutAt).
	OptOut bool `json:"opt_out"`
	// Formatting is how the customer sees styled text (one of the Format constants; "" for
	// plain text only): the composer offers it, and the thread shows it.
	Formatting string `json:"formatting"`
	// Location is true where a shared place reaches the customer as a place their app shows on
	// a map; elsewhere a message may not carry one.
	Location bool `json:"location"`
	// Comments is true where comments under posts arrive as conversations of kind comment,
	// answered publicly or privately (see channel.Commenter).
	Comments bool `json:"comments"`
	// QuickReplies is true where a reply may offer quick-reply buttons (MessageCreate.QuickReplies).
	QuickReplies bool `json:"quick_replies"`
	// Typing is true where the customer can be shown that an agent is typing (Messenger's and
	// Instagram's typing indicator): the composer says so while the window is open.
	Typing bool `json:"typing"`
	// ReactionEmojis, when not empty, are the only reactions the channel can send (Instagram's
	// ❤️); empty, any emoji goes.
	ReactionEmojis []string `json:"reaction_emojis"`
}

// The ways channels style text (ChannelCapabilities.Formatting).
const (
	// FormatWhatsApp is WhatsApp's markup, sent as typed: *bold*, _italic_, ~strike~,
	// ```monospace```, `code`, and lines starting "> " (quote), "- " or "1. " (lists).
	FormatWhatsApp = "whatsapp"
	// FormatMarkdown is Markdown sent as typed, for the receiver to render: **bold**, _italic_,
	// ~~strike~~, `code`, [links](https://…), quotes and lists.
	FormatMarkdown = "markdown"
	// FormatHTML is a channel that carries HTML (email): the composer writes Markdown and sends
	// the message's html beside its plain text.
	FormatHTML = "html"
)

// MarshalJSON writes the window in seconds.
func (c ChannelCapabilities) MarshalJSON() ([]byte, error) {
	type wire struct {
		Window       int64    `json:"window_seconds"`
		Templates    bool     `json:"templates"`
		Reactions    bool     `json:"reactions"`
		ReadReceipts bool     `json:"read_receipts"`
		OptOut       bool     `json:"opt_out"`
		Formatting   string   `json:"formatting"`
		Location     bool     `json:"location"`
		Comments     bool     `json:"comments"`
		Typing       bool     `json:"typing"`
		Emojis       []string `json:"reaction_emojis"`
	}
	emojis := c.ReactionEmojis
	if emojis == nil {
		emojis = []string{}
	}
	return json.Marshal(wire{int64(c.Window / time.Second), c.Templates, c.Reactions, c.ReadReceipts, c.OptOut, c.Formatting, c.Location, c.Comments, c.Typing, emojis})
}

// ChannelRules is what the store must know of each channel kind to accept what agents write:
// the connectors know it (channel.Registry implements it).
type ChannelRules interface {
	// MediaLimits says what files a kind accepts in one message.
	MediaLimits(kind ChannelKind) MediaLimits
	// ValidateSettings checks an inbox's settings against its kind's typed configuration.
	ValidateSettings(kind ChannelKind, settings json.RawMessage) error
	Capabilities(kind ChannelKind) ChannelCapabilities
	// Destinations says where an inbox's settings send requests and which of its secrets go
	// along, so that an update moving a secret elsewhere must enter it again (SecretsMoved).
	Destinations(kind ChannelKind, settings json.RawMessage) []Destination
	// SettingsWarnings points out settings that work but put something at risk (a mail password
	// sent in clear), for the inbox's health.
	SettingsWarnings(kind ChannelKind, settings json.RawMessage) []string
	// ExtendedWindow is how long past the channel's window an inbox's settings let agents
	// still answer (Messenger's HUMAN_AGENT tag: to 7 days in all); 0 when they do not.
	ExtendedWindow(in *Inbox) time.Duration
	// ChecksCredentials says whether a kind's connector can check an inbox's credentials on
	// their own (a job does, as they are saved).
	ChecksCredentials(kind ChannelKind) bool
	// FetchesProfiles says whether a kind's connector asks the provider for the names of new
	// customers (a job does, as the contact is created).
	FetchesProfiles(kind ChannelKind) bool
	// OAuthProvider names the sign-in an inbox's settings connect with ("" when none).
	OAuthProvider(kind ChannelKind, settings json.RawMessage) string
}

// OutboundReaction is the business's reaction to send, with what the channel needs to send it.
type OutboundReaction struct {
	Inbox            *Inbox
	Secrets          map[string]string
	To               string
	TargetProviderID string
	Emoji            string // "" removes it
}

// OutboundTyping is a typing indicator to show (or hide) in a customer's thread.
type OutboundTyping struct {
	Inbox   *Inbox
	Secrets map[string]string
	// To is the customer's address on the channel.
	To string
	// ConversationID is the conversation typed in, and AgentName who types (web chat shows it).
	ConversationID int64
	AgentName      string
	// On shows the indicator; false hides it.
	On bool
}

// TypingService tells the customer of a conversation that an agent is typing there (Typing with
// on) or stopped (off), on channels that show it; repeated calls are throttled.
type TypingService interface {
	Typing(ctx context.Context, conversationID int64, on bool) error
}

// OutboundReceipt is a read receipt to send for a customer's message.
type OutboundReceipt struct {
	Inbox      *Inbox
	Secrets    map[string]string
	ProviderID string
	// To is the customer's address (channels that mark a thread seen rather than a message).
	To string
}

// TemplateBody finds a template's body text in its components (WhatsApp's shape: a list of
// {type, text}) and counts its numbered placeholders.
func TemplateBody(components json.RawMessage) (body string, params int) {
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if json.Unmarshal(components, &parts) != nil {
		return "", 0
	}
	for _, p := range parts {
		if strings.EqualFold(p.Type, "body") {
			body = p.Text
		}
	}
	for n := 1; strings.Contains(body, "{{"+strconv.Itoa(n)+"}}"); n++ {
		params = n
	}
	return body, params
}

// ProviderWebhookService handles what providers send to an inbox's webhook URL: it checks the
// request with the inbox's connector and records it, answering only once it is committed.
type ProviderWebhookService interface {
	HandleProviderWebhook(ctx context.Context, inboxID int64, req *ProviderRequest) (*ProviderResponse, error)
}

// MaxProviderWebhook bounds one provider webhook's body (Meta sends up to about 3 MB).
const MaxProviderWebhook = 8 << 20

// OAuthService connects inboxes with the authorisation-code flow (admins): mailboxes to Google
// or Microsoft, Messenger and Instagram inboxes to Meta. StartOAuth returns the address the
// admin's browser goes to for consent, whose answer comes back to the redirect URI;
// FinishOAuth checks the state, trades the code for a token and keeps it as the inbox's secret.
type OAuthService interface {
	StartOAuth(ctx context.Context, inboxID int64, redirectURI string) (string, error)
	FinishOAuth(ctx context.Context, state, code, redirectURI string) (int64, error)
}
