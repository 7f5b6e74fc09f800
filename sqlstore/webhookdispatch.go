package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/switchboardhq/switchboard"
)

// webhookJobAttempts bounds the attempts of a delivery job. The sender stops retrying when
// switchboard.WebhookRetryFor has passed, long before this many attempts; the bound only stops a
// runaway.
const webhookJobAttempts = 200

// dispatchWebhooks gives every event of the transaction to the enabled webhooks subscribed to its
// type: a delivery row and the job that sends it, committed with the event itself. So an event
// that exists always reaches its webhooks, after any crash, and a rolled-back change never does.
// It runs after the events have their ids. The webhooks are as remembered (see rememberFor): one
// created or disabled on another node of a cluster applies to this node's events a second later
// at most.
func (tx *Tx) dispatchWebhooks() error {
	hooks, err := tx.enabledWebhooks()
	if err != nil {
		return fmt.Errorf("dispatch events to webhooks: %w", err)
	}
	for _, w := range hooks {
		for _, e := range tx.events {
			if !w.Subscribes(e.Type) || tx.copies[e] {
				continue
			}
			if _, _, err := tx.createWebhookDelivery(w.ID, &e.ID, e.Type, tx.now); err != nil {
				return err
			}
		}
	}
	return nil
}

// enqueueWebhookDelivery adds the job that sends a delivery, due when the delivery is.
func (tx *Tx) enqueueWebhookDelivery(d *WebhookDelivery) error {
	o := jobOptions{maxAttempts: webhookJobAttempts}
	if d.NextAttemptAt != nil {
		o.runAt = *d.NextAttemptAt
	}
	return tx.enqueue(switchboard.JobDeliverWebhook, switchboard.DeliverWebhookArgs{DeliveryID: d.ID}, o)
}

// webhookTestData is the data of a test delivery.
type webhookTestData struct {
	WebhookID int64  `json:"webhook_id"`
	Message   string `json:"message"`
}

// WebhookOutboundFor loads a delivery with its webhook, the webhook's secret and the body to
// send; system only. The body is built from the logged event, so every attempt sends the same
// bytes.
func (db *DB) WebhookOutboundFor(ctx context.Context, deliveryID int64) (*switchboard.WebhookOutbound, error) {
	if err := requireWebhookSystem(ctx); err != nil {
		return nil, err
	}
	d, err := db.findWebhookDelivery(ctx, db.read, deliveryID)
	if err != nil {
		return nil, err
	}
	w, err := scanWebhook(db.queryRow(ctx, "SELECT "+webhookColumns+" FROM webhooks WHERE id = ?", d.WebhookID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Webhook")
	} else if err != nil {
		return nil, fmt.Errorf("webhook delivery %d: %w", deliveryID, err)
	}
	secret, err := db.WebhookSecret(ctx, w.ID)
	if err != nil {
		return nil, err
	}
	p := switchboard.WebhookPayload{ID: d.DeliveryID, Type: d.EventType, EventID: d.EventID, CreatedAt: d.CreatedAt}
	if d.EventID == nil {
		p.Data, _ = json.Marshal(webhookTestData{WebhookID: w.ID, Message: "This is a test delivery from Switchboard."})
	} else {
		var inbox, conv, agent, actor sql.NullInt64
		var data string
		var created int64
		err := db.queryRow(ctx, "SELECT inbox_id, conversation_id, agent_id, actor_id, data, created_at FROM events WHERE id = ?",
			*d.EventID).Scan(&inbox, &conv, &agent, &actor, &data, &created)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, notFound("Event")
		} else if err != nil {
			return nil, fmt.Errorf("webhook delivery %d: event %d: %w", deliveryID, *d.EventID, err)
		}
		p.InboxID, p.ConversationID, p.AgentID, p.ActorID = fromNullInt64(inbox), fromNullInt64(conv), fromNullInt64(agent), fromNullInt64(actor)
		p.Data, p.CreatedAt = json.RawMessage(data), fromMicro(created)
	}
	body, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("webhook delivery %d: encode: %w", deliveryID, err)
	}
	return &switchboard.WebhookOutbound{Delivery: d, Webhook: w, Secret: secret, Body: body}, nil
}
