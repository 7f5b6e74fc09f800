package switchboard

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// InboxBot is an inbox's external bot: a service that answers the inbox's customers first and
// hands their conversations to people when it is out of its depth. Switchboard POSTs each
// customer message of a conversation whose bot is active to URL, signed like outgoing webhooks
// with the bot's secret (shown once, when the bot is first saved and when it is rotated). The bot
// answers through the API with the inbox's integration token: a reply
// (POST /conversations/{id}/messages) goes out through the channel as a bot message, and
// POST /conversations/{id}/handoff hands the conversation over. Any channel's inbox may have
// one; on an API inbox it is a separate service from the integration that posts the customers'
// messages.
type InboxBot struct {
	InboxID int64 `json:"inbox_id"`
	// Enabled turns the bot on: new conversations start with it active. Off, it receives
	// nothing, and the URL and secret are kept for when it is turned on again.
	Enabled bool   `json:"enabled"`
	URL     string `json:"url"`
	// Name is how the thread names the bot's replies ("Helper (bot)").
	Name         string    `json:"name"`
	SecretPrefix string    `json:"secret_prefix"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// MaxBotNameLength bounds a bot's name.
const MaxBotNameLength = 60

// DefaultBotName names a bot whose admin gave it no name.
const DefaultBotName = "Bot"

// InboxBotInput changes an inbox's bot; nil fields are left alone. Turning a bot on needs a URL.
type InboxBotInput struct {
	Enabled *bool   `json:"enabled"`
	URL     *string `json:"url"`
	Name    *string `json:"name"`
}

// Validate normalises and checks the fields that are set, given the bot as it is (nil when the
// inbox has none yet).
func (in *InboxBotInput) Validate(current *InboxBot) error {
	var v Validator
	url := ""
	if current != nil {
		url = current.URL
	}
	if in.URL != nil {
		*in.URL = strings.TrimSpace(*in.URL)
		url = *in.URL
		v.Check(*in.URL == "" || validWebhookURL(*in.URL), "url",
			fmt.Sprintf("Enter an absolute http:// or https:// URL of at most %d characters.", MaxWebhookURLLength))
	}
	if in.Name != nil {
		*in.Name = strings.TrimSpace(*in.Name)
		v.Check(len([]rune(*in.Name)) <= MaxBotNameLength, "name", fmt.Sprintf("Use at most %d characters.", MaxBotNameLength))
	}
	if in.Enabled != nil && *in.Enabled {
		v.Required(url != "", "url", "Enter the URL the bot receives messages at.")
	}
	return v.Err()
}

// BotState is where an inbox's bot stands in one conversation.
type BotState string

// The bot states. A conversation that a customer starts in an inbox whose bot is on starts
// active; an agent or a rule pauses it; the bot's hand-off leaves it handed_off. Only an active
// bot receives the conversation's messages.
const (
	BotActive    BotState = "active"
	BotPaused    BotState = "paused"
	BotHandedOff BotState = "handed_off"
)

// ConversationBot is a conversation's bot, when its inbox has one turned on.
type ConversationBot struct {
	State BotState `json:"state"`
}

// BotAction is what an agent (or a rule) does with a conversation's bot.
type BotAction string

// The bot actions. Run resumes the bot and sends it the conversation's newest customer message
// at once, even one it received before (a paused or handed-off bot included): how an agent asks
// the bot to have another go.
const (
	BotPause  BotAction = "pause"
	BotResume BotAction = "resume"
	BotRun    BotAction = "run"
)

// BotControl is the body of POST /conversations/{id}/bot.
type BotControl struct {
	Action BotAction `json:"action"`
}

// Validate checks the action.
func (c *BotControl) Validate() error {
	var v Validator
	v.Check(c.Action == BotPause || c.Action == BotResume || c.Action == BotRun, "action", "Use pause, resume or run.")
	return v.Err()
}

// The events of a bot delivery: what made Switchboard POST to the bot.
const (
	BotEventConversationCreated = "conversation.created" // a customer's first message started the conversation
	BotEventMessageCreated      = "message.created"      // a customer wrote in a conversation the bot is active in
	BotEventRun                 = "bot.run"              // an agent (or a rule) asked the bot to run now
)

// BotPayload is the JSON body a bot receives, signed with the bot's secret in the
// Switchboard-Signature header (as outgoing webhooks are), with Switchboard-Event set to Event
// and Switchboard-Delivery to ID, the same on every retry of one delivery.
type BotPayload struct {
	ID           string        `json:"id"`
	Event        string        `json:"event"`
	Conversation *Conversation `json:"conversation"`
	// Message is the customer's message; nil when a run found none.
	Message *Message `json:"message"`
	Contact *Contact `json:"contact"`
	// CreatedAt is when the delivery was queued, not when this attempt was made.
	CreatedAt time.Time `json:"created_at"`
}

// JobDeliverBot sends one customer message (or a run) to a conversation's bot (DeliverBotArgs).
const JobDeliverBot = "deliver_bot"

// DeliverBotArgs are the arguments of a JobDeliverBot job; MessageID is 0 for a run that found
// no customer message.
type DeliverBotArgs struct {
	ConversationID int64  `json:"conversation_id"`
	MessageID      int64  `json:"message_id"`
	Event          string `json:"event"`
}

// BotDelivery is what one attempt of a bot delivery needs: where to send it, the secret to
// sign it with, and the conversation's bot state as it is now (the sender drops a delivery
// whose conversation's bot is no longer active, or whose inbox's bot was turned off).
type BotDelivery struct {
	Bot     *InboxBot
	Secret  string
	State   BotState
	Payload *BotPayload
}

// BotService manages inboxes' bots and their state in each conversation.
type BotService interface {
	// FindInboxBot returns an inbox's bot (admins); an inbox without one has a bot that is off,
	// with no URL.
	FindInboxBot(ctx context.Context, inboxID int64) (*InboxBot, error)
	// SetInboxBot changes an inbox's bot (admins). The first save makes its signing secret,
	// returned then and never again ("" otherwise). Turning the bot off queues the inbox's
	// automatic assignment, for the conversations that waited on it.
	SetInboxBot(ctx context.Context, inboxID int64, in *InboxBotInput) (*InboxBot, string, error)
	// RotateInboxBotSecret replaces the bot's signing secret at once and returns the new one
	// (admins).
	RotateInboxBotSecret(ctx context.Context, inboxID int64) (*InboxBot, string, error)
	// ControlBot pauses, resumes or runs a conversation's bot, writing a milestone that credits
	// whoever did it: an agent who can see the conversation, or (with NewAutomationContext) a
	// rule, whose start_bot action is BotRun and pause_bot BotPause. An inbox with no bot turned
	// on answers EINVALID; pausing a paused bot (or resuming an active one) changes nothing and
	// writes nothing.
	ControlBot(ctx context.Context, conversationID int64, action BotAction) (*Conversation, error)
	// BotDeliveryFor loads what an attempt of a bot delivery sends (system only); the sender
	// gives the payload its ID and CreatedAt, from the job.
	BotDeliveryFor(ctx context.Context, a DeliverBotArgs) (*BotDelivery, error)
}
