package switchboard

import (
	"context"
	"fmt"
	"time"
)

// Outbound is everything a channel needs to deliver one message: the message, its conversation,
// the inbox with its decrypted secrets, and the customer's address on the channel.
type Outbound struct {
	Message      *Message
	Conversation *Conversation
	Inbox        *Inbox
	Secrets      map[string]string
	// To is the customer's address: the external id of their identity of the inbox's kind.
	To string
	// OptedOutAt is when that address opted out of messages (see Identity.OptedOutAt): on a
	// channel that honours opt-out keywords nothing is sent to it.
	OptedOutAt *time.Time
	// ReplyToProviderID is the provider's id of the message this one answers, when it answers one.
	ReplyToProviderID string
	// MediaPaths are signed paths (under the server's public address) where the provider may
	// fetch each stored attachment without credentials for a day, by attachment id: for
	// providers that take files by URL (Twilio).
	MediaPaths map[int64]string
	// Thread lists the provider ids of the conversation's earlier messages, oldest first, for
	// channels that thread by them (email's References).
	Thread []string
	// ThreadParent is the latest of Thread that a person wrote, automatic messages (the inbox's
	// acknowledgement, a customer's auto-reply) passed over: what a reply that answers no message
	// in particular follows (email's In-Reply-To), so an agent's first answer threads to the
	// customer's mail rather than to the acknowledgement. "" when there is none.
	ThreadParent string
	// Signature is the sending agent's, for channels that sign replies (email).
	Signature string
	// ReplyKey identifies the conversation in what the channel sends (email puts it in the
	// Message-ID and Reply-To), signed so a reply can be matched even when its headers are lost.
	ReplyKey string
	// WindowClosesAt is, on a channel with a customer-service window, when the customer's
	// standard window closes (nil: they never wrote). A channel whose inbox may answer past it
	// (Messenger's HUMAN_AGENT tag, see channel.ExtendedWindowed) marks such sends.
	WindowClosesAt *time.Time
	// CommentReply, when set, says the message answers a comment under a post, publicly or
	// privately (see channel.Commenter).
	CommentReply *CommentReply
}

// Sent is a channel's acknowledgement of a message.
type Sent struct {
	ProviderID string
	// Status is how far the provider's answer takes the message: accepted (queued by the
	// provider) or sent.
	Status MessageStatus
	// RecipientID is, for a private reply to a comment, the customer's address on the channel
	// the direct message went to (their answer then comes from it); "" otherwise.
	RecipientID string
}

// SendError is a failed delivery attempt, classified so the delivery pipeline knows whether to
// try again. Code is the provider's error code, Reason a sentence an agent understands.
type SendError struct {
	Code       string
	Reason     string
	Retryable  bool
	RetryAfter time.Duration // the provider's Retry-After, when it gave one
	Err        error         // the underlying error, for logs
}

// Error implements error.
func (e *SendError) Error() string {
	kind := "final"
	if e.Retryable {
		kind = "retryable"
	}
	if e.Err != nil {
		return fmt.Sprintf("send failed (%s, code %s): %s: %v", kind, e.Code, e.Reason, e.Err)
	}
	return fmt.Sprintf("send failed (%s, code %s): %s", kind, e.Code, e.Reason)
}

// SendUnconfirmed is the code of a send whose answer was lost: it may have gone out, so it is
// not repeated by itself (providers without idempotency keys would deliver it twice). A later
// delivery report naming the message moves it on from failed.
const SendUnconfirmed = "unconfirmed"

// Unwrap returns the underlying error.
func (e *SendError) Unwrap() error { return e.Err }

// OutboundService is what the delivery pipeline asks of the store (system only).
type OutboundService interface {
	// OutboundFor loads what is needed to deliver an outgoing message.
	OutboundFor(ctx context.Context, messageID int64) (*Outbound, error)
	// RecordSent stores the provider's id of a delivered message and moves its status forward.
	RecordSent(ctx context.Context, messageID int64, s *Sent) (*Message, error)
	// SetMessageStatus records a delivery report or a final failure.
	SetMessageStatus(ctx context.Context, id int64, s MessageStatus, code, reason string) (*Message, error)
	// BeginSend records, durably, that a send of a pending message to its provider starts now;
	// RecordSent and SetMessageStatus end it. It returns a *SendError with code "unconfirmed"
	// when an earlier attempt began one that never ended: that send may have reached the
	// provider, and sending again could reach the customer twice.
	BeginSend(ctx context.Context, messageID int64) error
	// AbandonSend ends a send begun that did not reach the provider (it was refused, or the
	// provider could not be reached), so that a later attempt may send; retry, when not nil,
	// records on the message why and when that attempt comes, for the agents to see.
	AbandonSend(ctx context.Context, messageID int64, retry *DeliveryRetry) error
	// LateAutoReply prepares an automatic reply whose customer's window closed before it could
	// go out (system): it becomes the template the inbox chose for its kind, or, with none
	// usable, is marked failed with a milestone saying why; the returned SendError says so.
	LateAutoReply(ctx context.Context, messageID int64) (*SendError, error)
}

// ErrUnconfirmed is the failure of a message whose send was begun by an attempt that ended
// without its outcome being recorded (its node stopped, or the database failed): the provider
// may have taken it. Like a lost answer (SendUnconfirmed) it is final, not sent again by itself.
func ErrUnconfirmed() *SendError {
	return &SendError{Code: SendUnconfirmed, Reason: "An attempt to send this message was cut off before its outcome was " +
		"recorded, so it may or may not have gone out. It is not sent again by itself: check with the customer before retrying."}
}
