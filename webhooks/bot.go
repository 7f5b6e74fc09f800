package webhooks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/jobs"
)

// BotSender handles the jobs that send customer messages to inboxes' bots. Each is a signed POST
// made exactly as a webhook delivery is (Sender.Post: the same signature, egress policy and
// retry policy). Before every attempt it reads the conversation's bot state again: a delivery
// whose conversation's bot was paused or handed the conversation over meanwhile, or whose
// inbox's bot was turned off, is dropped with the reason logged, so a paused bot receives
// nothing, not even what was queued before the pause.
type BotSender struct {
	Store  switchboard.BotService
	Sender *Sender
	Log    *slog.Logger
}

// Handle is the jobs.Handler of JobDeliverBot: one attempt of one bot delivery.
func (b *BotSender) Handle(ctx context.Context, j *switchboard.Job) error {
	var a switchboard.DeliverBotArgs
	if err := json.Unmarshal(j.Args, &a); err != nil || a.ConversationID == 0 {
		return jobs.Final(fmt.Errorf("bad bot delivery arguments %s", j.Args))
	}
	d, err := b.Store.BotDeliveryFor(ctx, a)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		b.drop(j, a, "the conversation or its message was deleted")
		return nil
	} else if err != nil {
		return err
	}
	switch {
	case !d.Bot.Enabled || d.Bot.URL == "" || d.Secret == "":
		b.drop(j, a, "the inbox's bot is turned off")
		return nil
	case d.State != switchboard.BotActive:
		b.drop(j, a, "the conversation's bot is "+string(d.State))
		return nil
	}
	d.Payload.ID, d.Payload.CreatedAt = fmt.Sprintf("bot-%d", j.ID), j.CreatedAt.UTC()
	body, err := json.Marshal(d.Payload)
	if err != nil {
		return jobs.Final(fmt.Errorf("encode bot delivery: %w", err))
	}
	att := b.Sender.Post(ctx, Request{URL: d.Bot.URL, Secret: d.Secret, Body: body, DeliveryID: d.Payload.ID,
		Event: a.Event, CreatedAt: j.CreatedAt, Attempts: max(0, j.Attempt-1)})
	switch {
	case att.Succeeded:
		return nil
	case att.Final:
		b.log().Warn("bot delivery failed", "job_id", j.ID, "conversation_id", a.ConversationID, "message_id", a.MessageID,
			"status", att.Status, "err", att.Err)
		return jobs.Final(errors.New(attemptSummary(att)))
	default:
		return jobs.RetryAfter(errors.New(attemptSummary(att)), max(0, att.NextAttemptAt.Sub(b.Sender.now())))
	}
}

// drop logs why a delivery is not sent.
func (b *BotSender) drop(j *switchboard.Job, a switchboard.DeliverBotArgs, why string) {
	b.log().Info("bot delivery dropped", "job_id", j.ID, "conversation_id", a.ConversationID, "message_id", a.MessageID,
		"event", a.Event, "reason", why)
}

func (b *BotSender) log() *slog.Logger {
	if b.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return b.Log
}
