package switchboard

import (
	"context"
	"strings"
	"time"
)

// ScheduledState is where a scheduled message stands.
type ScheduledState string

// The scheduled-message states. A scheduled message can be changed or cancelled until it is sent;
// sent, cancelled and failed are final.
const (
	ScheduledPending   ScheduledState = "scheduled"
	ScheduledSent      ScheduledState = "sent"
	ScheduledCancelled ScheduledState = "cancelled"
	ScheduledFailed    ScheduledState = "failed"
)

// MaxScheduleAhead is how far ahead a message may be scheduled.
const MaxScheduleAhead = 366 * 24 * time.Hour

// ScheduledMessage is a reply an agent wrote now to be sent later ("send later"). It stays out of
// the thread until its time comes; then it becomes an ordinary reply by its author, delivered like
// any other, and MessageID names that reply.
type ScheduledMessage struct {
	ID             int64          `json:"id"`
	ConversationID int64          `json:"conversation_id"`
	InboxID        int64          `json:"inbox_id"`
	AuthorID       int64          `json:"author_id"`
	Text           string         `json:"text"`
	HTML           string         `json:"html"` // sanitised
	ReplyToID      *int64         `json:"reply_to_id"`
	SendAt         time.Time      `json:"send_at"`
	State          ScheduledState `json:"state"`
	MessageID      *int64         `json:"message_id"`   // the reply it became, once sent
	ErrorReason    string         `json:"error_reason"` // why it could not be sent, when failed
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
}

// ScheduledMessageInput schedules a reply or changes a scheduled one; on change, nil fields are
// left alone.
type ScheduledMessageInput struct {
	Text      *string    `json:"text"`
	HTML      *string    `json:"html"`
	ReplyToID *int64     `json:"reply_to_id"`
	SendAt    *time.Time `json:"send_at"`
	// IdempotencyKey makes a repeated request (a double click) schedule once; create only.
	IdempotencyKey string `json:"idempotency_key"`
}

// Validate checks the input against now; create requires text and a time.
func (in *ScheduledMessageInput) Validate(create bool, now time.Time) error {
	var v Validator
	text, html := "", ""
	if in.Text != nil {
		text = *in.Text
	}
	if in.HTML != nil {
		html = *in.HTML
	}
	if create || in.Text != nil || in.HTML != nil {
		v.Check(strings.TrimSpace(text) != "" || strings.TrimSpace(html) != "", "text", "Enter a message.")
	}
	v.Check(len(text) <= MaxTextLength, "text", "The message is too long.")
	v.Check(len(html) <= 4*MaxTextLength, "html", "The message is too long.")
	if create {
		v.Required(in.SendAt != nil, "send_at", "Choose when to send it.")
	}
	if in.SendAt != nil {
		v.CheckCode(in.SendAt.After(now), "send_at", FieldCode{Code: FieldFuture}, "Choose a time in the future.")
		v.Check(in.SendAt.Before(now.Add(MaxScheduleAhead)), "send_at", "Choose a time within a year.")
	}
	v.Check(len(in.IdempotencyKey) <= 100, "idempotency_key", "Use at most 100 characters.")
	return v.Err()
}

// ScheduledMessageService schedules replies, with the visibility of conversations. Agents who may
// see a conversation see its scheduled messages; the author, supervisors and admins may change or
// cancel them.
type ScheduledMessageService interface {
	// ScheduleMessage schedules a reply in a conversation. With an idempotency key the agent has
	// already used it returns the first one and created=false.
	ScheduleMessage(ctx context.Context, conversationID int64, in *ScheduledMessageInput) (s *ScheduledMessage, created bool, err error)
	// FindScheduledMessages lists a conversation's scheduled messages in every state, by send time.
	FindScheduledMessages(ctx context.Context, conversationID int64) ([]*ScheduledMessage, error)
	// UpdateScheduledMessage changes the text or time of a message still scheduled; ECONFLICT
	// once it was sent or cancelled.
	UpdateScheduledMessage(ctx context.Context, id int64, in *ScheduledMessageInput) (*ScheduledMessage, error)
	// CancelScheduledMessage cancels a message still scheduled; ECONFLICT once it was sent.
	CancelScheduledMessage(ctx context.Context, id int64) (*ScheduledMessage, error)
	// SendScheduledMessage turns a due scheduled message into its author's reply, queued for
	// delivery, in one transaction (system only: the job). A message that was cancelled or sent
	// meanwhile is left alone; one whose author can no longer reply there is marked failed.
	// A message whose time was moved later while its job was already running answers a
	// *NotDueError.
	SendScheduledMessage(ctx context.Context, id int64) error
}

// NotDueError says a scheduled message is not due yet: its job should run again at At.
type NotDueError struct{ At time.Time }

func (e *NotDueError) Error() string {
	return "scheduled message is due at " + e.At.Format(time.RFC3339)
}
