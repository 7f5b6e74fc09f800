// Package webchat is the website chat channel: visitors write from a widget embedded in the
// team's website (web/widget) through the public visitor API, and agents' replies are stored and
// read by the widget from the visitor's own stream — nothing is called outside Switchboard.
//
// The connector validates an inbox's settings and says what the channel accepts; Service is the
// visitor side (sessions, identity verification, messages) that the HTTP layer calls once it
// has checked the request's origin.
package webchat

import (
	"context"
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
)

// SecretIdentity names the inbox secret that signs the site's user ids (HMAC-SHA256): the
// server makes one as the inbox is created, and admins rotate it.
const SecretIdentity = "identity_secret"

// Languages are the widget's languages; "" follows the visitor's browser.
var Languages = []string{"", "en", "it", "es", "fr", "pt"}

// Settings is a web chat inbox's configuration. Everything but AllowedOrigins is public: the
// widget draws itself with it.
type Settings struct {
	// AllowedOrigins are the websites (https://shop.example.com; http://localhost:… for
	// development) whose pages may use the widget: the server refuses every other origin.
	AllowedOrigins []string `json:"allowed_origins"`
	Color          string   `json:"color"`    // #rrggbb; "" is the default blue
	Position       string   `json:"position"` // right (default) or left
	LauncherText   string   `json:"launcher_text"`
	Greeting       string   `json:"greeting"`
	Language       string   `json:"language"`
	// ShowAgentAvatars shows each reply's agent picture next to it (their name always shows).
	ShowAgentAvatars bool `json:"show_agent_avatars"`
	// Seams for what comes next (not read yet): business hours gets a field here and a check
	// in Validate.

	// The conversation flows (flows.go): the pre-chat form, the reply expectation shown under
	// the header, and what the widget does when nobody is online. (Whether the widget asks for a
	// rating after a resolution is the inbox's CSAT settings: switchboard.CSATSettings.)
	Prechat   Prechat `json:"prechat"`
	ReplyTime string  `json:"reply_time"` // "", minutes, hour or day
	Offline   Offline `json:"offline"`

	// Continuity by email: the email inbox through which replies a visitor has not seen are
	// emailed to them once they have had no widget open for EmailAfterMinutes (0: 5).
	EmailInboxID      *int64  `json:"email_inbox_id"`
	EmailAfterMinutes float64 `json:"email_after_minutes"`
}

// EmailAfter is how long a reply waits for the visitor before it is emailed.
func (s *Settings) EmailAfter() time.Duration {
	if s.EmailAfterMinutes == 0 {
		return 5 * time.Minute
	}
	return time.Duration(s.EmailAfterMinutes * float64(time.Minute))
}

var colorPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// ValidOrigin reports whether s is an origin a widget may be allowed on: https with a host and
// nothing after it, or http on the local machine for development.
func ValidOrigin(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return false
	}
	switch u.Scheme {
	case "https":
		return true
	case "http":
		h := u.Hostname()
		return h == "localhost" || h == "127.0.0.1" || h == "[::1]" || h == "::1" || strings.HasSuffix(h, ".localhost")
	}
	return false
}

// NormalizeOrigin writes an origin as browsers send it: lower case, no trailing slash.
func NormalizeOrigin(s string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), "/")
}

// Validate checks the settings.
func (s *Settings) Validate() error {
	var v switchboard.Validator
	v.Check(len(s.AllowedOrigins) > 0, "settings.allowed_origins", "Add the website origin the widget is used on, like https://www.example.com.")
	v.Check(len(s.AllowedOrigins) <= 50, "settings.allowed_origins", "Give at most 50 origins.")
	for _, o := range s.AllowedOrigins {
		if !ValidOrigin(NormalizeOrigin(o)) {
			v.Check(false, "settings.allowed_origins", "Use origins like https://www.example.com (http only for localhost), without a path: "+o+" is not one.")
			break
		}
	}
	v.Check(s.Color == "" || colorPattern.MatchString(s.Color), "settings.color", "Use a colour like #1f6feb.")
	v.Check(s.Position == "" || s.Position == "right" || s.Position == "left", "settings.position", "Use right or left.")
	v.Check(len([]rune(s.LauncherText)) <= 40, "settings.launcher_text", "Use at most 40 characters.")
	v.Check(len([]rune(s.Greeting)) <= 300, "settings.greeting", "Use at most 300 characters.")
	v.Check(slices.Contains(Languages, s.Language), "settings.language", "Use en, it, es, fr, pt, or nothing for the visitor's browser language.")
	s.validateFlows(&v)
	v.Check(s.EmailInboxID == nil || *s.EmailInboxID > 0, "settings.email_inbox_id", "Choose an email inbox, or none.")
	v.Check(s.EmailAfterMinutes >= 0 && s.EmailAfterMinutes <= 7*24*60, "settings.email_after_minutes", "Use up to 10080 minutes (a week); 0 is 5.")
	return v.Err()
}

// Decode reads an inbox's settings.
func Decode(raw json.RawMessage) (*Settings, error) {
	var s Settings
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "The settings are not what a web chat inbox takes.",
				Fields: map[string]string{"settings": "Give allowed_origins as a list of origins, and the other settings as text."}}
		}
	}
	for i, o := range s.AllowedOrigins {
		s.AllowedOrigins[i] = NormalizeOrigin(o)
	}
	return &s, nil
}

// Signaller carries ephemeral signals (a read receipt, typing) to the streams of a visitor
// (visitorID), or of every visitor following the signal's conversation.
type Signaller interface {
	Signal(inboxID, visitorID int64, s *switchboard.VisitorSignal)
}

// Connector implements the web chat channel.
type Connector struct {
	// Signals tells open widgets that agents read the visitor's messages; nil tells nobody.
	Signals Signaller
	// Inboxes checks that the email inbox of continuity by email is one (nil: unchecked).
	Inboxes interface {
		ChannelInbox(ctx context.Context, id int64) (*switchboard.Inbox, map[string]string, error)
	}
	// Followups schedules emailing a reply to a visitor who left; nil emails nothing.
	Followups interface {
		ScheduleVisitorEmail(ctx context.Context, conversationID, messageID int64, at time.Time) error
	}
	// Now is the clock (nil: time.Now).
	Now func() time.Time
}

var (
	_ channel.Sender            = (*Connector)(nil)
	_ channel.SettingsValidator = (*Connector)(nil)
	_ channel.MediaLimiter      = (*Connector)(nil)
	_ channel.SecretGenerator   = (*Connector)(nil)
	_ channel.ReadMarker        = (*Connector)(nil)
	_ channel.IdempotentSender  = (*Connector)(nil)
	_ channel.Typist            = (*Connector)(nil)
	_ channel.QuickReplier      = (*Connector)(nil)
)

// Kind is the web chat.
func (c *Connector) Kind() switchboard.ChannelKind { return switchboard.ChannelWebChat }

// ValidateSettings decodes and checks a web chat inbox's settings.
func (c *Connector) ValidateSettings(raw json.RawMessage) error {
	s, err := Decode(raw)
	if err != nil {
		return err
	}
	if err := s.Validate(); err != nil {
		return err
	}
	if s.EmailInboxID != nil && c.Inboxes != nil {
		in, _, err := c.Inboxes.ChannelInbox(switchboard.NewSystemContext(context.Background()), *s.EmailInboxID)
		if err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			return err
		}
		if err != nil || in.Kind != switchboard.ChannelEmail {
			return &switchboard.Error{Code: switchboard.EINVALID, Message: "Check the settings.",
				Fields: map[string]string{"settings.email_inbox_id": "Choose one of the workspace's email inboxes."}}
		}
	}
	return nil
}

// GeneratedSecrets: the identity secret is made by the server.
func (c *Connector) GeneratedSecrets() []string { return []string{SecretIdentity} }

// Limits are what a visitor and an agent may send in one web chat message: images, PDFs,
// plain documents and common office files of up to 10 MB, five at a time.
var Limits = switchboard.MediaLimits{MaxBytes: 10 << 20, MaxCount: 5, MaxText: switchboard.MaxVisitorText,
	Types: []string{"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain", "text/csv",
		"application/zip", "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "audio/mpeg", "video/mp4"},
	PerType: []switchboard.TypeLimit{}}

// MediaLimits says what a web chat message may carry.
func (c *Connector) MediaLimits() switchboard.MediaLimits { return Limits }

// SendsIdempotently: a reply is stored already; "sending" it again delivers it once.
func (c *Connector) SendsIdempotently() {}

// Send delivers an agent's reply: it is in the store, and the visitor's stream carries it from
// the event log, so there is nothing to call — it is delivered.
//
// With continuity by email, a reply by the team also schedules its emailing, in case the
// visitor has left (see Emailer): the delivery is done once that is scheduled.
func (c *Connector) Send(ctx context.Context, out *switchboard.Outbound) (*switchboard.Sent, error) {
	if c.Followups != nil && out.Message != nil && out.Message.Direction == switchboard.DirectionOutgoing {
		st, err := Decode(out.Inbox.Settings)
		if err == nil && st.EmailInboxID != nil {
			now := time.Now
			if c.Now != nil {
				now = c.Now
			}
			if err := c.Followups.ScheduleVisitorEmail(switchboard.NewSystemContext(ctx), out.Message.ConversationID, out.Message.ID, now().Add(st.EmailAfter())); err != nil {
				return nil, err
			}
		}
	}
	return &switchboard.Sent{Status: switchboard.MessageDelivered}, nil
}

// MarkRead tells the open widgets of the visitor who wrote a message that the team read it.
// Their messages' provider ids name them ("wc:<visitor id>:<key>", see the store's VisitorSend).
func (c *Connector) MarkRead(ctx context.Context, r *switchboard.OutboundReceipt) error {
	rest, ok := strings.CutPrefix(r.ProviderID, "wc:")
	id, _, _ := strings.Cut(rest, ":")
	visitor, err := strconv.ParseInt(id, 10, 64)
	if c.Signals != nil && r.Inbox != nil && ok && err == nil {
		c.Signals.Signal(r.Inbox.ID, visitor, &switchboard.VisitorSignal{Type: "read"})
	}
	return nil
}

// Typing shows the visitor's open widgets that an agent is typing in their conversation.
func (c *Connector) Typing(ctx context.Context, t *switchboard.OutboundTyping) error {
	if c.Signals != nil {
		c.Signals.Signal(t.Inbox.ID, 0, &switchboard.VisitorSignal{Type: "typing", ConversationID: t.ConversationID, AgentName: t.AgentName, On: t.On})
	}
	return nil
}
