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
	EventMessageUpdated       EventType = "message.updated" // delivery status
	EventMessageDeleted       EventType = "message.deleted"
	EventContactCreated       EventType = "contact.created"
	EventContactUpdated       EventType = "contact.updated"
	EventContactDeleted       EventType = "contact.deleted"
	EventAgentCreated         EventType = "agent.created"
	EventAgentUpdated         EventType = "agent.updated"
	EventAgentDeleted         EventType = "agent.deleted"
	EventTeamChanged          EventType = "team.changed"
	EventInboxChanged         EventType = "inbox.changed"
	EventLabelChanged         EventType = "label.changed"
	EventCannedChanged        EventType = "canned_response.changed"
)

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

// EventService reads the event log with the acting agent's visibility.
type EventService interface {
	// FindEvents returns up to limit events after id afterID, oldest first.
	FindEvents(ctx context.Context, afterID int64, limit int) ([]*Event, error)
}
