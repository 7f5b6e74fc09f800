package switchboard

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ConversationStatus is where a conversation stands in the team's workflow.
type ConversationStatus string

// The statuses. Snoozed conversations carry SnoozedUntil and reopen at that time or when the
// customer writes.
const (
	StatusOpen     ConversationStatus = "open"
	StatusPending  ConversationStatus = "pending"
	StatusSnoozed  ConversationStatus = "snoozed"
	StatusResolved ConversationStatus = "resolved"
)

// Valid reports whether s is a known status.
func (s ConversationStatus) Valid() bool {
	return s == StatusOpen || s == StatusPending || s == StatusSnoozed || s == StatusResolved
}

// Priority orders conversations by urgency.
type Priority string

// The priorities.
const (
	PriorityNone   Priority = "none"
	PriorityLow    Priority = "low"
	PriorityMedium Priority = "medium"
	PriorityHigh   Priority = "high"
	PriorityUrgent Priority = "urgent"
)

// Valid reports whether p is a known priority.
func (p Priority) Valid() bool {
	switch p {
	case PriorityNone, PriorityLow, PriorityMedium, PriorityHigh, PriorityUrgent:
		return true
	}
	return false
}

// Replier says who sent a conversation's last message: the customer (the team owes a reply) or
// an agent.
type Replier string

// The repliers.
const (
	ReplierCustomer Replier = "customer"
	ReplierAgent    Replier = "agent"
)

// Conversation is one thread with one contact in one inbox.
type Conversation struct {
	ID                 int64              `json:"id"`
	InboxID            int64              `json:"inbox_id"`
	Channel            ChannelKind        `json:"channel"`
	ContactID          int64              `json:"contact_id"`
	ContactName        string             `json:"contact_name"`   // "" when unknown
	ContactHandle      string             `json:"contact_handle"` // phone, email or handle
	Status             ConversationStatus `json:"status"`
	AssigneeID         *int64             `json:"assignee_id"`
	TeamID             *int64             `json:"team_id"`
	Priority           Priority           `json:"priority"`
	Flagged            bool               `json:"flagged"`
	Labels             []string           `json:"labels"`
	Subject            string             `json:"subject"`
	SnoozedUntil       *time.Time         `json:"snoozed_until"`
	LastActivityAt     time.Time          `json:"last_activity_at"`
	LastMessageAt      *time.Time         `json:"last_message_at"`
	LastCustomerMsgAt  *time.Time         `json:"last_customer_message_at"`
	WaitingSince       *time.Time         `json:"waiting_since"` // first customer message not yet answered
	LastReplier        Replier            `json:"last_replier"`
	LastMessagePreview string             `json:"last_message_preview"`
	Unread             bool               `json:"unread"` // for the agent asking
	// ReadAt is when the agent asking last read the conversation (opened it, replied, or marked
	// everything read); nil when never. Messages after it are new to them.
	ReadAt *time.Time `json:"read_at"`
	// WindowClosesAt is, on channels with a customer-service window, when free-form replies stop
	// being allowed (in the past once closed); nil when the customer never wrote, or the
	// channel has no window.
	WindowClosesAt *time.Time `json:"window_closes_at"`
	// WindowExtendedUntil is, when the inbox may answer past the window (Messenger's HUMAN_AGENT
	// tag), until when agents still can; nil otherwise.
	WindowExtendedUntil *time.Time `json:"window_extended_until,omitempty"`
	// ContactAvatarURL is the contact's picture, shown in lists; "" when it has none.
	ContactAvatarURL string `json:"contact_avatar_url"`
	// OptedOutAt is, on channels whose carriers honour opt-out keywords (SMS), when the customer's
	// address replies go to opted out: nothing can be sent until they opt back in. nil when they
	// did not, or the channel has no such keywords.
	OptedOutAt *time.Time `json:"opted_out_at"`
	// LastOutboundFailed says the latest outgoing message of the conversation failed to be
	// delivered: the customer may not have the team's last word.
	LastOutboundFailed bool `json:"last_outbound_failed"`
	// Kind is ConversationMessages, or ConversationComment for a contact's comments under a
	// post (Post then says which; it is set when one conversation is read, not in lists).
	Kind string `json:"kind"`
	Post *Post  `json:"post,omitempty"`
	// LinkedConversationID joins a comment conversation and the direct conversation its private
	// reply continued in (both ways); nil when there is none.
	LinkedConversationID *int64 `json:"linked_conversation_id"`
	// CSAT is the customer's rating after the conversation was resolved (web chat, when the
	// inbox asks for one); nil when they gave none.
	CSAT *CSAT `json:"csat"`
	// Bot is the conversation's bot when its inbox has one turned on, else nil.
	Bot *ConversationBot `json:"bot"`
	// SLA is the SLA policy the conversation runs under and its timers; nil when none.
	SLA *ConversationSLA `json:"sla"`
	// Sentiment, Urgency and Language are the assistant's reading of the latest analysed
	// customer turn; "" until one was analysed.
	Sentiment Sentiment `json:"sentiment"`
	Urgency   Urgency   `json:"urgency"`
	Language  string    `json:"language"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// View is a named slice of the conversations an agent may see.
type View string

// The views.
const (
	ViewMine       View = "mine"       // assigned to me
	ViewUnassigned View = "unassigned" // assigned to no agent
	ViewAll        View = "all"        // everything I may see
	ViewMentions   View = "mentions"   // where someone @mentioned me in a note
)

// Sort orders a conversation list.
type Sort string

// The sorts. SortWaiting lists only conversations whose customer is waiting for a reply, the one
// waiting longest first.
const (
	SortNewest  Sort = "newest"
	SortWaiting Sort = "waiting"
)

// ConversationFilter selects a page of conversations. Zero fields do not filter.
type ConversationFilter struct {
	View        View
	InboxID     *int64
	ContactID   *int64 // one contact's conversations on every channel, for the contact panel
	Channel     ChannelKind
	Statuses    []ConversationStatus
	Label       string
	AssigneeID  *int64
	TeamID      *int64
	Since       *time.Time // last activity at or after
	Until       *time.Time // last activity before
	LastReplier Replier
	Flagged     *bool
	Unread      *bool
	// Blocked keeps only the conversations of blocked contacts (true) or only the others
	// (false). Unset, a list hides blocked contacts' conversations unless it is one contact's
	// (ContactID): those are shown to whoever opens the contact.
	Blocked *bool
	// Sentiment, Urgency and Language keep the conversations the assistant read so.
	Sentiment Sentiment
	Urgency   Urgency
	Language  string
	Sort      Sort
	Cursor    string
	Limit     int
}

// DefaultPageSize and MaxPageSize bound list pages.
const (
	DefaultPageSize = 25
	MaxPageSize     = 100
)

// Validate fills defaults and checks the filter.
func (f *ConversationFilter) Validate() error {
	var v Validator
	if f.View == "" {
		f.View = ViewAll
	}
	if f.Sort == "" {
		f.Sort = SortNewest
	}
	if f.Limit == 0 {
		f.Limit = DefaultPageSize
	}
	v.Check(f.View == ViewMine || f.View == ViewUnassigned || f.View == ViewAll || f.View == ViewMentions,
		"view", "View must be mine, unassigned, all or mentions.")
	v.Check(f.Sort == SortNewest || f.Sort == SortWaiting, "sort", "Sort must be newest or waiting.")
	v.Check(f.Channel == "" || f.Channel.Valid(), "channel", "Unknown channel kind.")
	for _, s := range f.Statuses {
		v.Check(s.Valid(), "status", "Status must be open, pending, snoozed or resolved.")
	}
	v.Check(f.LastReplier == "" || f.LastReplier == ReplierCustomer || f.LastReplier == ReplierAgent,
		"last_replier", "Last replier must be customer or agent.")
	v.Check(f.Sentiment == "" || f.Sentiment.Valid(), "sentiment", "Sentiment must be negative, neutral or positive.")
	v.Check(f.Urgency == "" || f.Urgency.Valid(), "urgency", "Urgency must be low, normal or high.")
	v.Check(f.Language == "" || len(f.Language) == 2, "language", "Language must be a two-letter code, like es.")
	v.Check(f.Limit >= 1 && f.Limit <= MaxPageSize, "limit", "Limit must be between 1 and 100.")
	return v.Err()
}

// ConversationPage is one page of a list; NextCursor is "" on the last page.
type ConversationPage struct {
	Items      []*Conversation `json:"items"`
	NextCursor string          `json:"next_cursor"`
}

// ConversationCreate starts an outbound conversation in an inbox, with a first message from the
// acting agent, who becomes its assignee. The customer is an existing contact (ContactID) or an
// address typed by hand (To, with ContactName for a contact it creates); the message is free
// text or, where the channel's window is closed (a new WhatsApp customer), an approved template.
type ConversationCreate struct {
	InboxID   int64 `json:"inbox_id"`
	ContactID int64 `json:"contact_id"`
	// To is the customer's address on the inbox's channel, instead of contact_id: an E.164 phone
	// number for WhatsApp, SMS and RCS, an email address for email, the external id for the API
	// channel. It joins the contact who has that address, or creates one.
	To string `json:"to"`
	// ContactName names the contact To creates; an existing contact keeps its name.
	ContactName string `json:"contact_name"`
	Subject     string `json:"subject"`
	Text        string `json:"text"`
	// Template is sent instead of text: how a conversation with a customer who never wrote (or
	// whose window closed) starts on WhatsApp.
	Template       *TemplateSend `json:"template"`
	IdempotencyKey string        `json:"idempotency_key"`
}

// Validate checks the input. What depends on the inbox's channel (the address's form, whether a
// template is needed, a mail's subject) is checked by the store, which knows the inbox.
func (c *ConversationCreate) Validate() error {
	var v Validator
	v.Required(c.InboxID > 0, "inbox_id", "Choose an inbox.")
	c.To, c.ContactName = strings.TrimSpace(c.To), strings.TrimSpace(c.ContactName)
	v.Required(c.ContactID > 0 || c.To != "", "contact_id", "Choose a contact or enter an address.")
	v.Check(c.ContactID == 0 || c.To == "", "to", "Give a contact or an address, not both.")
	v.MaxLength(c.To, 320, "to")
	v.MaxLength(c.ContactName, 200, "contact_name")
	c.Subject = strings.TrimSpace(c.Subject)
	v.MaxLength(c.Subject, 500, "subject")
	if t := c.Template; t != nil {
		v.Check(strings.TrimSpace(c.Text) == "", "template", "Send a template or a text, not both.")
		v.Check(t.Name != "" && t.Language != "", "template", "Choose a template.")
		v.Check(len(t.Params) <= 20, "template.params", "A template has at most 20 parameters.")
	} else {
		v.Required(strings.TrimSpace(c.Text) != "", "text", "Enter the first message.")
	}
	v.CheckCode(len(c.Text) <= MaxTextLength, "text", FieldCode{Code: FieldTooLong, Max: MaxTextLength}, "The message is too long.")
	v.MaxLength(c.IdempotencyKey, 100, "idempotency_key")
	return v.Err()
}

// StartsByAddress reports whether an inbox of kind k can write first to an address typed by
// hand. Messenger, Instagram, Telegram and web chat address people by ids their platform gives
// only once the person wrote, so there an agent can start only with a contact who did.
func StartsByAddress(k ChannelKind) bool {
	switch IdentityKindFor(k) {
	case IdentityPhone, IdentityEmail, IdentityAPI:
		return true
	}
	return false
}

// StartAddress normalises an address typed to start a conversation in an inbox of kind k (phone
// numbers as inbound messages' are, so the customer's reply finds the same contact), with errors
// on the field to.
func StartAddress(k ChannelKind, to string) (IdentityKind, string, error) {
	kind := IdentityKindFor(k)
	if !StartsByAddress(k) {
		return "", "", &Error{Code: EINVALID, Message: fmt.Sprintf("A %s inbox can only write to someone who wrote to it first.", k),
			Fields: map[string]string{"to": "Choose a contact who wrote to this inbox."}}
	}
	id, err := NormalizeIdentity(kind, to)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			for _, msg := range e.Fields {
				return "", "", &Error{Code: EINVALID, Message: e.Message, Fields: map[string]string{"to": msg}}
			}
		}
		return "", "", err
	}
	return kind, id, nil
}

// Assignment assigns a conversation to an agent and/or a team; nil clears that side.
type Assignment struct {
	AgentID *int64 `json:"agent_id"`
	TeamID  *int64 `json:"team_id"`
}

// ConversationUpdate changes flags of a conversation; nil fields are left alone.
type ConversationUpdate struct {
	Flagged  *bool     `json:"flagged"`
	Priority *Priority `json:"priority"`
	Subject  *string   `json:"subject"`
}

// Validate checks the fields that are set.
func (u *ConversationUpdate) Validate() error {
	var v Validator
	if u.Priority != nil {
		v.Check(u.Priority.Valid(), "priority", "Priority must be none, low, medium, high or urgent.")
	}
	if u.Subject != nil {
		*u.Subject = strings.TrimSpace(*u.Subject)
		v.MaxLength(*u.Subject, 500, "subject")
	}
	return v.Err()
}

// SnoozePreset names a snooze time relative to now in the agent's time zone.
type SnoozePreset string

// The snooze presets.
const (
	Snooze1h         SnoozePreset = "1h"
	Snooze2h         SnoozePreset = "2h"
	Snooze4h         SnoozePreset = "4h"
	SnoozeTomorrow   SnoozePreset = "tomorrow"    // tomorrow at 9:00
	SnoozeNextMonday SnoozePreset = "next_monday" // next Monday at 9:00
)

// SnoozeUntil returns when preset p ends, counted from now in loc.
func SnoozeUntil(p SnoozePreset, now time.Time, loc *time.Location) (time.Time, error) {
	now = now.In(loc)
	nine := func(d time.Time) time.Time { return time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, loc) }
	switch p {
	case Snooze1h:
		return now.Add(time.Hour), nil
	case Snooze2h:
		return now.Add(2 * time.Hour), nil
	case Snooze4h:
		return now.Add(4 * time.Hour), nil
	case SnoozeTomorrow:
		return nine(now.AddDate(0, 0, 1)), nil
	case SnoozeNextMonday:
		days := (int(time.Monday) - int(now.Weekday()) + 7) % 7
		if days == 0 {
			days = 7
		}
		return nine(now.AddDate(0, 0, days)), nil
	}
	return time.Time{}, &Error{Code: EINVALID, Message: "Unknown snooze preset.",
		Fields: map[string]string{"preset": "Use 1h, 2h, 4h, tomorrow or next_monday."}}
}

// HandOff is a bot's hand-over of a conversation to the team.
type HandOff struct {
	Reason string `json:"reason"`
	TeamID *int64 `json:"team_id"`
}

// ConversationService lists and changes conversations. Every method applies visibility: an agent
// reaches only conversations of inboxes they belong to, and an id outside them is ENOTFOUND.
type ConversationService interface {
	FindConversations(ctx context.Context, f ConversationFilter) (*ConversationPage, error)
	FindConversationByID(ctx context.Context, id int64) (*Conversation, error)
	// FindConversationAgents lists the agents who can see a conversation (admins, supervisors
	// and its inbox's members, directly or through a team): those it may be assigned to and
	// whom a note may mention.
	FindConversationAgents(ctx context.Context, id int64) ([]*Agent, error)
	// CreateConversation starts an outbound conversation; with an idempotency key already used
	// by the agent it returns the conversation created then.
	CreateConversation(ctx context.Context, c *ConversationCreate) (*Conversation, *Message, error)
	Assign(ctx context.Context, id int64, a Assignment) (*Conversation, error)
	// SetStatus moves a conversation to open, pending or resolved; use Snooze for snoozed.
	SetStatus(ctx context.Context, id int64, s ConversationStatus) (*Conversation, error)
	Snooze(ctx context.Context, id int64, until time.Time) (*Conversation, error)
	UpdateConversation(ctx context.Context, id int64, u *ConversationUpdate) (*Conversation, error)
	AddLabels(ctx context.Context, id int64, names []string) (*Conversation, error)
	RemoveLabels(ctx context.Context, id int64, names []string) (*Conversation, error)
	// HandOff is a bot passing the conversation to people (its inbox's integration, or an
	// admin): it opens the conversation, unassigned, for a team when one is named, and writes
	// the milestone with the bot's reason.
	HandOff(ctx context.Context, id int64, h *HandOff) (*Conversation, error)
	// MarkRead, MarkUnread and MarkAllRead change the acting agent's own read state only.
	MarkRead(ctx context.Context, id int64) error
	MarkUnread(ctx context.Context, id int64) error
	MarkAllRead(ctx context.Context) error
}
