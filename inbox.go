package switchboard

import (
	"context"
	"encoding/json"
	"strings"
	"time"
)

// ChannelKind names a kind of channel. Each inbox is one connected account of one kind.
type ChannelKind string

// The channel kinds Switchboard knows.
const (
	ChannelWhatsApp  ChannelKind = "whatsapp"
	ChannelMessenger ChannelKind = "messenger"
	ChannelInstagram ChannelKind = "instagram"
	ChannelRCS       ChannelKind = "rcs"
	ChannelSMS       ChannelKind = "sms"
	ChannelEmail     ChannelKind = "email"
	ChannelWebChat   ChannelKind = "webchat"
	ChannelTelegram  ChannelKind = "telegram"
	ChannelAPI       ChannelKind = "api"
)

// ChannelKinds lists every kind, in the order the UI offers them.
var ChannelKinds = []ChannelKind{ChannelWhatsApp, ChannelMessenger, ChannelInstagram, ChannelRCS,
	ChannelSMS, ChannelEmail, ChannelWebChat, ChannelTelegram, ChannelAPI}

// Valid reports whether k is a known kind.
func (k ChannelKind) Valid() bool {
	for _, c := range ChannelKinds {
		if c == k {
			return true
		}
	}
	return false
}

// Inbox is one connected channel account: a WhatsApp number, a Facebook page, a mailbox. Settings
// is the channel's configuration as one JSON object; secrets (tokens, passwords) are kept apart,
// encrypted at rest, and never returned: SecretNames tells which ones are set.
type Inbox struct {
	ID          int64           `json:"id"`
	Kind        ChannelKind     `json:"kind"`
	Name        string          `json:"name"`
	Settings    json.RawMessage `json:"settings"`
	SecretNames []string        `json:"secret_names"`
	// HasToken says whether the inbox's integration has a token (the API channel).
	HasToken bool `json:"has_token"`
	// Assistant turns the assistant's features off for this inbox.
	Assistant InboxAssistant `json:"assistant"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
}

// InboxInput creates an inbox or changes it. On update, nil fields are left alone, and each entry
// of Secrets sets that secret, or deletes it when its value is "".
type InboxInput struct {
	Kind     ChannelKind       `json:"kind"`
	Name     *string           `json:"name"`
	Settings json.RawMessage   `json:"settings"`
	Secrets  map[string]string `json:"secrets"`
	// Assistant, when set, replaces the inbox's assistant switches.
	Assistant *InboxAssistant `json:"assistant"`
}

// MaxSettingsBytes bounds an inbox's settings document.
const MaxSettingsBytes = 64 << 10

// Validate checks the input; creating requires a kind and a name.
func (in *InboxInput) Validate(create bool) error {
	var v Validator
	if create {
		v.Check(in.Kind.Valid(), "kind", "Unknown channel kind.")
		v.Required(in.Name != nil, "name", "Enter a name.")
	} else {
		v.Check(in.Kind == "", "kind", "The kind of an inbox cannot change.")
	}
	if in.Name != nil {
		*in.Name = strings.TrimSpace(*in.Name)
		v.Length(*in.Name, 100, "name", "Enter a name of at most 100 characters.")
	}
	if len(in.Settings) > 0 {
		var obj map[string]json.RawMessage
		v.Check(json.Unmarshal(in.Settings, &obj) == nil && obj != nil, "settings", "Settings must be a JSON object.")
		v.Check(len(in.Settings) <= MaxSettingsBytes, "settings", "Settings are too large.")
	}
	for name, val := range in.Secrets {
		v.Check(name != "" && len(name) <= 100, "secrets", "Secret names must have 1 to 100 characters.")
		v.Check(len(val) <= 16<<10, "secrets."+name, "A secret may have at most 16 KiB.")
	}
	return v.Err()
}

// InboxMembers is who belongs to an inbox: agents directly and teams (whose agents then do too).
type InboxMembers struct {
	AgentIDs []int64 `json:"agent_ids"`
	TeamIDs  []int64 `json:"team_ids"`
}

// InboxService manages inboxes and their membership. Agents read the inboxes they belong to;
// supervisors and admins read all; admins change them.
type InboxService interface {
	CreateInbox(ctx context.Context, in *InboxInput) (*Inbox, error)
	FindInboxByID(ctx context.Context, id int64) (*Inbox, error)
	FindInboxes(ctx context.Context) ([]*Inbox, error)
	UpdateInbox(ctx context.Context, id int64, in *InboxInput) (*Inbox, error)
	// DeleteInbox removes an inbox with all its conversations and messages.
	DeleteInbox(ctx context.Context, id int64) error
	// ChannelInbox returns an inbox and its decrypted secrets; only the system may call it
	// (connectors). Both are as they were at most a second ago (a change on this node shows at
	// once), as every provider request needs them. The map must not be changed.
	ChannelInbox(ctx context.Context, id int64) (*Inbox, map[string]string, error)
	// InboxSecrets is ChannelInbox's secrets, in a map the caller may change.
	InboxSecrets(ctx context.Context, id int64) (map[string]string, error)
	FindInboxMembers(ctx context.Context, id int64) (*InboxMembers, error)
	// SetInboxMembers replaces the membership.
	SetInboxMembers(ctx context.Context, id int64, m *InboxMembers) (*InboxMembers, error)
	// CreateInboxToken gives an inbox a new token for its integration (replacing any earlier
	// one) and returns its secret, shown only once. Admins only.
	CreateInboxToken(ctx context.Context, id int64) (string, error)
	// RevokeInboxToken removes an inbox's integration token, so its integration can post nothing
	// until it gets a new one (admins only).
	RevokeInboxToken(ctx context.Context, id int64) error
	// InboxForToken returns the inbox of a token secret, or EUNAUTHORIZED.
	InboxForToken(ctx context.Context, secret string) (int64, error)
	// ReportStatus records an integration's delivery report for one of the inbox's outgoing
	// messages, named by Switchboard's id or by the provider id it was sent with.
	ReportStatus(ctx context.Context, inboxID int64, r *StatusReport) (*Message, error)
}

// StatusReport is a delivery report from a channel integration.
type StatusReport struct {
	MessageID   int64         `json:"message_id"`
	ProviderID  string        `json:"provider_id"`
	Status      MessageStatus `json:"status"`
	ErrorCode   string        `json:"error_code"`
	ErrorReason string        `json:"error_reason"`
	// Watermark, on a report naming no message, moves every message sent to Recipient (the
	// customer's address on the inbox's channel) up to that time: Messenger's deliveries and
	// reads say "everything before this", not which messages.
	Watermark time.Time `json:"-"`
	Recipient string    `json:"-"`
}
