package switchboard

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Bounds of one import request. A batch is written in one transaction, which on SQLite holds the
// only writer for its duration, so it must stay short (about a tenth of a second at the limits);
// a larger history is imported as a series of batches.
const (
	MaxImportConversations = 1000  // conversations per request
	MaxImportMessages      = 20000 // messages per request, all conversations together
)

// ImportDirection says what an imported message was. It differs from Direction in naming notes
// as notes, the way the systems people move from export them.
type ImportDirection string

// The import directions.
const (
	ImportIncoming ImportDirection = "incoming" // the customer wrote it
	ImportOutgoing ImportDirection = "outgoing" // the team sent it
	ImportNote     ImportDirection = "note"     // a private note of the team
)

// ImportBatch is a batch of historic conversations brought over from another help desk
// (Chatwoot, Zendesk, FreeScout…) into one inbox. It is all or nothing: one invalid conversation
// and nothing is written.
type ImportBatch struct {
	Conversations []ImportConversation `json:"conversations"`
}

// ImportConversation is one conversation as the source system had it. Its external id is what
// makes an import repeatable: a conversation already imported into the inbox under the same
// external id is skipped, so a client may send a batch again after a timeout.
type ImportConversation struct {
	ExternalID   string             `json:"external_id"`
	Contact      ImportContact      `json:"contact"`
	Status       ConversationStatus `json:"status"`        // "" means open
	SnoozedUntil *time.Time         `json:"snoozed_until"` // for status snoozed, in the future
	Subject      string             `json:"subject"`
	// AssigneeID or AssigneeEmail names the agent it is assigned to, who must belong to the
	// inbox; neither leaves it unassigned.
	AssigneeID    *int64 `json:"assignee_id"`
	AssigneeEmail string `json:"assignee_email"`
	// Labels must exist already (POST /api/v1/labels), matched regardless of case.
	Labels []string `json:"labels"`
	// CreatedAt is when it started; zero means at its first message.
	CreatedAt time.Time       `json:"created_at"`
	Messages  []ImportMessage `json:"messages"`
}

// ImportContact is the customer of an imported conversation. The inbox's channel decides which
// address finds the contact (see IdentityKindFor): the phone number on WhatsApp, SMS and RCS, the
// email on email inboxes, ExternalID (a page-scoped id, a Telegram id, your system's id for the
// person on an API inbox) on the others. A contact who has that address already is reused, as a
// live message would find them; else one who has the other address given (email or phone);
// else a new contact is made, with its email and phone as identities too, as CreateContact does.
type ImportContact struct {
	Name       string `json:"name"`
	Email      string `json:"email"`
	Phone      string `json:"phone"`
	ExternalID string `json:"external_id"`
}

// ImportMessage is one message of an imported conversation, in the order of the thread.
type ImportMessage struct {
	Direction ImportDirection `json:"direction"`
	Text      string          `json:"text"`
	CreatedAt time.Time       `json:"created_at"`
	// ExternalID is the source's id of the message (for email, its Message-ID), recorded as the
	// message's provider id: replies and reports naming it find it. Unique within the inbox.
	ExternalID string `json:"external_id"`
	// AgentID or AgentEmail names the agent who wrote an outgoing message or note; without
	// either it is shown as written by SenderName from outside Switchboard.
	AgentID    *int64 `json:"agent_id"`
	AgentEmail string `json:"agent_email"`
	SenderName string `json:"sender_name"`
}

// ImportResult says what a batch did, conversation by conversation in the order sent.
type ImportResult struct {
	Imported      int                    `json:"imported"`
	Skipped       int                    `json:"skipped"`
	Conversations []ImportedConversation `json:"conversations"`
}

// ImportedConversation is one conversation of a batch: the id it has here, and whether this
// request created it (false: it had been imported before and was skipped).
type ImportedConversation struct {
	ExternalID string `json:"external_id"`
	ID         int64  `json:"id"`
	Created    bool   `json:"created"`
}

// Validate normalises the batch and checks it for an inbox of the given kind at time now: every
// problem of every conversation is named at once, by its path ("conversations[3].messages[0].text").
// What needs the database (agents, labels, ids already used) is checked by the service.
func (b *ImportBatch) Validate(kind ChannelKind, now time.Time) error {
	var v Validator
	v.Check(len(b.Conversations) >= 1 && len(b.Conversations) <= MaxImportConversations, "conversations",
		fmt.Sprintf("Send 1 to %d conversations per request.", MaxImportConversations))
	total := 0
	seen := map[string]int{}
	seenMsg := map[string]string{}
	for i := range b.Conversations {
		c := &b.Conversations[i]
		at := fmt.Sprintf("conversations[%d]", i)
		c.validate(&v, at, kind, now)
		if j, dup := seen[c.ExternalID]; dup && c.ExternalID != "" {
			v.Check(false, at+".external_id", fmt.Sprintf("conversations[%d] has the same external id.", j))
		} else {
			seen[c.ExternalID] = i
		}
		for j, m := range c.Messages {
			if m.ExternalID == "" {
				continue
			}
			mat := fmt.Sprintf("%s.messages[%d]", at, j)
			if prev, dup := seenMsg[m.ExternalID]; dup {
				v.Check(false, mat+".external_id", prev+" has the same external id.")
			} else {
				seenMsg[m.ExternalID] = mat
			}
		}
		total += len(c.Messages)
	}
	v.Check(total <= MaxImportMessages, "conversations", fmt.Sprintf("Send at most %d messages per request.", MaxImportMessages))
	return v.Err()
}

func (c *ImportConversation) validate(v *Validator, at string, kind ChannelKind, now time.Time) {
	c.ExternalID = strings.TrimSpace(c.ExternalID)
	v.Check(c.ExternalID != "" && len(c.ExternalID) <= 200, at+".external_id", "Enter the source system's id of the conversation, at most 200 characters.")
	c.Contact.validate(v, at+".contact", kind)
	if c.Status == "" {
		c.Status = StatusOpen
	}
	v.Check(c.Status.Valid(), at+".status", "Status must be open, pending, snoozed or resolved.")
	if c.Status == StatusSnoozed {
		v.Check(c.SnoozedUntil != nil && c.SnoozedUntil.After(now), at+".snoozed_until", "A snoozed conversation needs a time in the future to wake up.")
	} else {
		v.Check(c.SnoozedUntil == nil, at+".snoozed_until", "Only a snoozed conversation has a wake-up time.")
	}
	c.Subject = strings.TrimSpace(c.Subject)
	v.Check(len(c.Subject) <= 500, at+".subject", "Use at most 500 characters.")
	c.AssigneeEmail = strings.ToLower(strings.TrimSpace(c.AssigneeEmail))
	v.Check(c.AssigneeID == nil || c.AssigneeEmail == "", at+".assignee_id", "Name the assignee by id or by email, not both.")
	v.Check(c.AssigneeID == nil || *c.AssigneeID > 0, at+".assignee_id", "Must be a positive integer id.")
	v.Check(c.AssigneeEmail == "" || validEmail(c.AssigneeEmail), at+".assignee_email", "Enter a valid email address.")
	v.Check(len(c.Labels) <= 50, at+".labels", "Use at most 50 labels.")
	for i, l := range c.Labels {
		c.Labels[i] = strings.TrimSpace(l)
		v.Check(c.Labels[i] != "" && len(c.Labels[i]) <= 50, at+".labels", "Name each label, in at most 50 characters.")
	}
	v.Check(len(c.Messages) >= 1, at+".messages", "A conversation needs at least one message.")
	if len(c.Messages) > 0 && c.CreatedAt.IsZero() {
		c.CreatedAt = c.Messages[0].CreatedAt
	}
	c.CreatedAt = c.CreatedAt.UTC().Truncate(time.Microsecond)
	v.Check(!c.CreatedAt.After(now), at+".created_at", "Must not be in the future.")
	prev := c.CreatedAt
	for i := range c.Messages {
		m := &c.Messages[i]
		mat := fmt.Sprintf("%s.messages[%d]", at, i)
		m.validate(v, mat, now)
		if !m.CreatedAt.IsZero() {
			v.Check(!m.CreatedAt.Before(prev), mat+".created_at", "Messages come in the order they were written, none before the conversation started.")
			prev = m.CreatedAt
		}
	}
}

func (c *ImportContact) validate(v *Validator, at string, kind ChannelKind) {
	c.Name = strings.TrimSpace(c.Name)
	v.Check(len(c.Name) <= 200, at+".name", "Use at most 200 characters.")
	c.ExternalID = strings.TrimSpace(c.ExternalID)
	if c.Email = strings.ToLower(strings.TrimSpace(c.Email)); c.Email != "" {
		v.Check(validEmail(c.Email), at+".email", "Enter a valid email address.")
	}
	if c.Phone = strings.TrimSpace(c.Phone); c.Phone != "" {
		p, err := NormalizePhone(c.Phone)
		v.Check(err == nil, at+".phone", "Use digits with the country code, like +39 333 123 4567.")
		if err == nil {
			c.Phone = p
		}
	}
	switch k := IdentityKindFor(kind); k {
	case IdentityPhone:
		v.Check(c.Phone != "", at+".phone", fmt.Sprintf("A %s inbox finds its contacts by phone number; give one.", kind))
		v.Check(c.ExternalID == "", at+".external_id", fmt.Sprintf("A %s inbox finds its contacts by phone number; leave this out.", kind))
	case IdentityEmail:
		v.Check(c.Email != "", at+".email", "An email inbox finds its contacts by email address; give one.")
		v.Check(c.ExternalID == "", at+".external_id", "An email inbox finds its contacts by email address; leave this out.")
	default:
		id, err := NormalizeIdentity(k, c.ExternalID)
		v.Check(err == nil, at+".external_id", fmt.Sprintf("A %s inbox finds its contacts by their %s id; give it, in at most 320 characters.", kind, k))
		c.ExternalID = id
	}
}

func (m *ImportMessage) validate(v *Validator, at string, now time.Time) {
	v.Check(m.Direction == ImportIncoming || m.Direction == ImportOutgoing || m.Direction == ImportNote, at+".direction",
		"Direction must be incoming, outgoing or note.")
	v.Check(strings.TrimSpace(m.Text) != "", at+".text", "Enter the message's text.")
	v.Check(len(m.Text) <= MaxTextLength, at+".text", "The message is too long.")
	m.CreatedAt = m.CreatedAt.UTC().Truncate(time.Microsecond)
	v.Check(!m.CreatedAt.IsZero() && !m.CreatedAt.After(now), at+".created_at", "Give the time it was written, not in the future.")
	m.ExternalID = strings.TrimSpace(m.ExternalID)
	v.Check(len(m.ExternalID) <= 200, at+".external_id", "Use at most 200 characters.")
	m.AgentEmail = strings.ToLower(strings.TrimSpace(m.AgentEmail))
	m.SenderName = strings.TrimSpace(m.SenderName)
	if m.Direction == ImportIncoming {
		v.Check(m.AgentID == nil && m.AgentEmail == "" && m.SenderName == "", at+".agent_id",
			"An incoming message is the contact's; leave agent_id, agent_email and sender_name out.")
		return
	}
	v.Check(m.AgentID == nil || m.AgentEmail == "", at+".agent_id", "Name the agent by id or by email, not both.")
	v.Check(m.AgentID == nil || *m.AgentID > 0, at+".agent_id", "Must be a positive integer id.")
	v.Check(m.AgentEmail == "" || validEmail(m.AgentEmail), at+".agent_email", "Enter a valid email address.")
	v.Check(len(m.SenderName) <= 100, at+".sender_name", "Use at most 100 characters.")
}

// ImportService brings history over from another system.
type ImportService interface {
	// ImportConversations writes a batch of historic conversations into an inbox (admins only),
	// in one transaction: all of the new ones, or nothing when any is invalid. Each keeps its
	// statuses and times; their summaries (last activity, waiting since, who replied last,
	// unread state) are what they would be had the messages arrived live. History is not
	// replayed: outgoing messages are recorded as sent and not delivered again, and no events
	// or webhooks are written for them. Conversations imported before under the same external
	// id are skipped.
	ImportConversations(ctx context.Context, inboxID int64, b *ImportBatch) (*ImportResult, error)
}
