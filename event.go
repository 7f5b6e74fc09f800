package switchboard

import (
	"context"
	"encoding/json"
	"time"
)

// EventType names a change. Realtime, outgoing webhooks and automations all read the event log,
// so these names are a public contract.
type EventType string

// The event types.
const (
	EventConversationCreated  EventType = "conversation.created"
	EventConversationUpdated  EventType = "conversation.updated" // flag, priority, subject
	EventConversationAssigned EventType = "conversation.assigned"
	EventConversationStatus   EventType = "conversation.status_changed"
	EventConversationLabels   EventType = "conversation.labels_changed"
	EventConversationRead     EventType = "conversation.read_state" // for one agent only
	EventMessageCreated       EventType = "message.created"
	// EventErased is what an event about an erased contact becomes (ContactService.DeleteContact):
	// its data emptied, kept only so the log's ids stay gapless. No one subscribes to it.
	EventErased          EventType = "erased"
	EventMessageUpdated  EventType = "message.updated" // delivery status
	EventMessageDeleted  EventType = "message.deleted"
	EventContactCreated  EventType = "contact.created"
	EventContactUpdated  EventType = "contact.updated"
	EventContactDeleted  EventType = "contact.deleted"
	EventContactMerged   EventType = "contact.merged"   // one contact merged into another (data: the ContactMerge)
	EventContactUnmerged EventType = "contact.unmerged" // a merge undone (data: the ContactMerge)
	EventAgentCreated    EventType = "agent.created"
	EventAgentUpdated    EventType = "agent.updated"
	EventAgentDeleted    EventType = "agent.deleted"
	EventAgentPresence   EventType = "agent.presence"
	EventTeamChanged     EventType = "team.changed"
	EventInboxChanged    EventType = "inbox.changed"
	EventLabelChanged    EventType = "label.changed"
	// EventAssistantChanged: an admin changed the assistant's settings (data: the workspace's
	// feature switches, never the endpoint or its keys), so every open window offers what is on.
	EventAssistantChanged EventType = "assistant.changed"
	// EventContactAttributeChanged: a contact attribute definition was created, changed,
	// moved or deleted.
	EventContactAttributeChanged EventType = "contact_attribute.changed"
	EventCannedChanged           EventType = "canned_response.changed"
	EventScheduledChanged        EventType = "scheduled_message.changed" // scheduled, changed, cancelled, sent or failed
	EventWebhookChanged          EventType = "webhook.changed"           // created, changed, rotated or deleted; never carries the secret
	EventWebhookDisabled         EventType = "webhook.disabled"          // turned off after WebhookDisableAfter failed deliveries in a row
	// EventSLAWarning and EventSLABreached: an SLA target of a conversation reached its
	// policy's warning time, or its due time, unmet (see SLAService.FireSLATimer).
	EventSLAWarning       EventType = "conversation.sla_warning"
	EventSLABreached      EventType = "conversation.sla_breached"
	EventSLAPolicyChanged EventType = "sla_policy.changed" // created, changed or deleted
	// EventWebhookTest is never written to the log: it is the type of the test deliveries an
	// admin asks for, so a receiver can tell a test from a real event.
	EventWebhookTest EventType = "webhook.test"
)

// A private note on a contact was written, changed or deleted (data: the ContactNote; for a
// deletion its id and contact_id), seen by whoever sees the contact.
const (
	EventContactNoteCreated EventType = "contact.note_created"
	EventContactNoteUpdated EventType = "contact.note_updated"
	EventContactNoteDeleted EventType = "contact.note_deleted"
)

// EventTypes lists every event type: those of the log, and webhook.test, which only outgoing
// webhooks see. It is the set a webhook may subscribe to and the API documents.
var EventTypes = []EventType{EventConversationCreated, EventConversationUpdated, EventConversationAssigned,
	EventConversationStatus, EventConversationLabels, EventConversationRead, EventMessageCreated, EventMessageUpdated,
	EventMessageDeleted, EventContactCreated, EventContactUpdated, EventContactDeleted, EventAgentCreated,
	EventAgentUpdated, EventAgentDeleted, EventAgentPresence, EventTeamChanged, EventInboxChanged, EventLabelChanged,
	EventCannedChanged, EventScheduledChanged, EventWebhookChanged, EventWebhookDisabled, EventWebhookTest,
	EventRuleExecuted, EventRuleChanged, EventSLAWarning, EventSLABreached, EventSLAPolicyChanged,
	EventContactMerged, EventContactUnmerged, EventContactAttributeChanged,
	EventContactNoteCreated, EventContactNoteUpdated, EventContactNoteDeleted, EventConversationAnalysed,
	EventAssistantChanged, EventSLAMet, EventCSATSent}

// Event is one entry of the append-only event log, written in the same transaction as the change
// it describes. IDs grow monotonically, so a reader resumes after the last id it saw.
//
// Who may see an event: with AgentID set, only that agent; else with InboxID set, whoever may see
// that inbox; else every agent.
type Event struct {
	ID             int64           `json:"id"`
	Type           EventType       `json:"type"`
	InboxID        *int64          `json:"inbox_id,omitempty"`
	ConversationID *int64          `json:"conversation_id,omitempty"`
	AgentID        *int64          `json:"agent_id,omitempty"` // audience of one
	ActorID        *int64          `json:"actor_id,omitempty"` // nil for the system
	Data           json.RawMessage `json:"data"`
	CreatedAt      time.Time       `json:"created_at"`
}

// InboxScope is the set of inboxes an agent may see: all of them for admins and supervisors,
// else those the agent belongs to directly or through a team.
type InboxScope struct {
	All bool
	IDs map[int64]bool
}

// Has reports whether the scope includes an inbox.
func (s InboxScope) Has(inboxID int64) bool { return s.All || s.IDs[inboxID] }

// VisibleTo reports whether an agent with a scope may see the event: events addressed to one
// agent go to that agent only; events of an inbox to those who see it; the rest to everyone.
func (e *Event) VisibleTo(agentID int64, scope InboxScope) bool {
	if e.AgentID != nil {
		return *e.AgentID == agentID
	}
	return e.InboxID == nil || scope.Has(*e.InboxID)
}

// ChangesScope reports whether the event may change who sees which inbox, so holders of a scope
// must compute it again.
func (e *Event) ChangesScope() bool {
	switch e.Type {
	case EventInboxChanged, EventTeamChanged, EventAgentUpdated, EventAgentDeleted:
		return true
	}
	return false
}

// EventService reads the event log with the acting agent's visibility.
type EventService interface {
	// FindEvents returns up to limit events after id afterID, oldest first.
	FindEvents(ctx context.Context, afterID int64, limit int) ([]*Event, error)
	// LastEventID returns the id of the newest event, 0 for an empty log.
	LastEventID(ctx context.Context) (int64, error)
	// InboxScope returns the inboxes the acting agent may see.
	InboxScope(ctx context.Context) (InboxScope, error)
}
