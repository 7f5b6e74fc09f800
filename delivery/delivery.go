// Package delivery sends outgoing messages: the job that a reply enqueues, in the transaction
// that wrote it, loads the message, asks the inbox's channel to send it, and records the
// provider's id and the new status — or, when the channel refuses for good or the last attempt
// fails, marks the message failed with the provider's code and a reason an agent understands.
package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/channel"
	"github.com/switchboardhq/switchboard/internal/backoff"
	"github.com/switchboardhq/switchboard/jobs"
)

// Deliverer handles delivery jobs.
type Deliverer struct {
	Store    switchboard.OutboundService
	Channels *channel.Registry
	Log      *slog.Logger
	// Health, when set, hears how each send went (the inbox's health page shows it).
	Health channel.HealthRecorder
	// Backoff spaces the attempts of a send the provider could not take for now (zero:
	// jobs.DefaultBackoff), unless it said when to come back. The deliverer chooses the time
	// itself, rather than leaving it to the runner, so that the message can show it.
	Backoff backoff.Policy
	// Now is the clock a message's next attempt is told by (time.Now when nil); it is the job
	// runner's (jobs.Options.Now).
	Now func() time.Time
}

func (d *Deliverer) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// Handle is the jobs.Handler of delivery jobs.
func (d *Deliverer) Handle(ctx context.Context, j *switchboard.Job) error {
	var a switchboard.DeliverMessageArgs
	if err := json.Unmarshal(j.Args, &a); err != nil || a.MessageID == 0 {
		return jobs.Final(fmt.Errorf("bad delivery arguments %s", j.Args))
	}
	out, err := d.Store.OutboundFor(ctx, a.MessageID)
	var se *switchboard.SendError
	if errors.As(err, &se) {
		return d.fail(ctx, a.MessageID, se)
	}
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil // the message or its conversation was deleted: nothing to send
	}
	if err != nil {
		return err
	}
	if out.Message.Status != switchboard.MessagePending {
		return nil // already sent (an earlier attempt recorded it) or failed
	}
	if d.lateAutoReply(out) {
		// The customer's window closed before this automatic reply could go: it goes as the
		// template chosen for it, or not at all (the store records why).
		refused, err := d.Store.LateAutoReply(ctx, a.MessageID)
		if err != nil {
			return err
		}
		if refused != nil {
			d.Log.Info("automatic reply not sent", "message_id", a.MessageID, "reason", refused.Reason)
			return jobs.Final(refused)
		}
		if out, err = d.Store.OutboundFor(ctx, a.MessageID); err != nil {
			return err
		}
	}
	sender, ok := d.Channels.Sender(out.Inbox)
	if !ok {
		return d.fail(ctx, a.MessageID, &switchboard.SendError{Code: "unsupported",
			Reason: fmt.Sprintf("Switchboard cannot send on %s inboxes yet.", out.Inbox.Kind)})
	}
	if out.OptedOutAt != nil && d.Channels.HonoursOptOut(out.Inbox) {
		// Queued before the customer opted out (or sent automatically): the provider is not
		// called, as it would refuse, or worse, deliver.
		return d.fail(ctx, a.MessageID, switchboard.ErrOptedOut())
	}
	// The send is recorded as begun, durably, before the provider is called. If the outcome
	// cannot be recorded afterwards (the node stops, the database fails), the next attempt finds
	// it begun and marks the message unconfirmed instead of sending it a second time.
	if err := d.Store.BeginSend(ctx, a.MessageID); err != nil {
		_, idempotent := sender.(channel.IdempotentSender)
		switch {
		case errors.As(err, &se) && se.Code == switchboard.SendUnconfirmed && idempotent:
			// Its receiver de-duplicates: sending again is how the outcome is learnt.
		case errors.As(err, &se):
			return d.fail(ctx, a.MessageID, se)
		case switchboard.ErrorCode(err) == switchboard.ECONFLICT || switchboard.ErrorCode(err) == switchboard.ENOTFOUND:
			return nil // sent, failed or deleted meanwhile
		default:
			return fmt.Errorf("begin send of message %d: %w", a.MessageID, err) // nothing was sent: retried
		}
	}
	began := time.Now()
	sent, err := sender.Send(ctx, out)
	// What the provider answered is recorded even if the node is shutting down meanwhile: a
	// message it accepted but we did not mark sent would be sent again after the restart.
	rec := context.WithoutCancel(ctx)
	if d.Health != nil {
		channel.RecordHealth(rec, d.Health, d.Log, out.Inbox.ID, true, err)
	}
	if err != nil {
		if !errors.As(err, &se) {
			se = &switchboard.SendError{Code: "error", Reason: "The channel could not be reached.", Retryable: true, Err: err}
		}
		if !se.Retryable || j.Attempt >= j.MaxAttempts {
			return d.fail(rec, a.MessageID, se)
		}
		wait := se.RetryAfter
		if wait <= 0 {
			policy := d.Backoff
			if policy.Base <= 0 {
				policy = jobs.DefaultBackoff()
			}
			wait = policy.Delay(j.Attempt)
		}
		retry := &switchboard.DeliveryRetry{Attempts: j.Attempt, Code: se.Code, Reason: se.Reason, NextAttemptAt: d.now().Add(wait)}
		if err := d.Store.AbandonSend(rec, a.MessageID, retry); err != nil {
			// The next attempt will find the send begun and call it unconfirmed: better than
			// guessing it did not go out.
			return fmt.Errorf("record that message %d was not sent: %w", a.MessageID, err)
		}
		return jobs.RetryAfter(se, wait)
	}
	// The provider has the message: what it said is worth keeping trying to record (the
	// database may be down for a moment) before the next attempt has to call it unconfirmed.
	var err2 error
	for try := 1; ; try++ {
		if _, err2 = d.Store.RecordSent(rec, a.MessageID, sent); err2 == nil {
			return nil
		}
		wait := recordBackoff.Delay(try)
		// Past the attempt's own time limit too (the job stays leased to this node), but not
		// past a shutdown.
		if time.Since(began)+wait > recordFor || errors.Is(ctx.Err(), context.Canceled) {
			return fmt.Errorf("record send of message %d: %w", a.MessageID, err2)
		}
		d.Log.Warn("cannot record a send yet", "message_id", a.MessageID, "provider_id", sent.ProviderID, "err", err2, "next_in", wait)
		time.Sleep(wait)
	}
}

// lateAutoReply reports whether out is an automatic reply, still as text, whose customer's
// window has closed on a channel that sends templates outside it.
func (d *Deliverer) lateAutoReply(out *switchboard.Outbound) bool {
	c := out.Message.Content
	return c != nil && c.AutoReply != "" && c.Template == nil && out.WindowClosesAt != nil && !d.now().Before(*out.WindowClosesAt) &&
		d.Channels.Capabilities(out.Inbox.Kind).Templates
}

// recordFor bounds how long a delivery keeps trying to record what the provider answered (less
// than the job lease, after which another node could take the job), and recordBackoff spaces
// its tries.
var (
	recordFor     = 4 * time.Minute
	recordBackoff = backoff.Policy{Base: 250 * time.Millisecond, Max: 5 * time.Second}
)

// GiveUp is the jobs.Handler for a delivery job whose last attempt was cut off: the message
// is marked failed (unconfirmed, if that attempt had begun sending) without another attempt.
func (d *Deliverer) GiveUp(ctx context.Context, j *switchboard.Job) error {
	var a switchboard.DeliverMessageArgs
	if err := json.Unmarshal(j.Args, &a); err != nil || a.MessageID == 0 {
		return nil
	}
	out, err := d.Store.OutboundFor(ctx, a.MessageID)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND || (err == nil && out.Message.Status != switchboard.MessagePending) {
		return nil
	}
	// The attempt cut off may have begun sending: the message may have gone out.
	if err := d.fail(ctx, a.MessageID, switchboard.ErrUnconfirmed()); !jobs.IsFinal(err) {
		return err
	}
	return nil
}

// fail marks the message failed and ends the job.
func (d *Deliverer) fail(ctx context.Context, messageID int64, se *switchboard.SendError) error {
	if _, err := d.Store.SetMessageStatus(ctx, messageID, switchboard.MessageFailed, se.Code, se.Reason); err != nil {
		return fmt.Errorf("mark message %d failed: %w", messageID, err)
	}
	d.Log.Warn("message delivery failed", "message_id", messageID, "code", se.Code, "reason", se.Reason, "err", se.Err)
	return jobs.Final(se)
}
