package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.WebhookService = (*DB)(nil)

// Webhook and WebhookDelivery are local aliases that keep scanning code short.
type (
	Webhook         = switchboard.Webhook
	WebhookDelivery = switchboard.WebhookDelivery
)

// webhookSecretPrefix starts every webhook signing secret, so a leaked one is recognisable in
// logs and by secret scanners, like the sbs_ and sbp_ secrets of auth.go.
const webhookSecretPrefix = "whsec_"

// webhookSecretShown is how many characters of a secret a webhook shows: the prefix and six
// more, enough to tell the current secret from an old one.
const webhookSecretShown = len(webhookSecretPrefix) + 6

// maxWebhookErrorText bounds the error a delivery keeps of its latest attempt.
const maxWebhookErrorText = 1000

const webhookColumns = "id, url, description, events, enabled, secret_prefix, failure_streak, disabled_at, disabled_reason, created_at, updated_at"

func scanWebhook(row scanner) (*Webhook, error) {
	var w Webhook
	var events string
	var disabled sql.NullInt64
	var created, updated int64
	if err := row.Scan(&w.ID, &w.URL, &w.Description, &events, &w.Enabled, &w.SecretPrefix, &w.FailureStreak,
		&disabled, &w.DisabledReason, &created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(events), &w.Events); err != nil {
		return nil, fmt.Errorf("webhook %d events: %w", w.ID, err)
	}
	if w.Events == nil {
		w.Events = []switchboard.EventType{}
	}
	w.DisabledAt, w.CreatedAt, w.UpdatedAt = fromNullMicro(disabled), fromMicro(created), fromMicro(updated)
	return &w, nil
}

const webhookDeliveryColumns = "id, webhook_id, event_id, event_type, delivery_id, attempts, state, response_status, " +
	"response_body, error_text, duration_ms, next_attempt_at, created_at, updated_at"

func scanWebhookDelivery(row scanner) (*WebhookDelivery, error) {
	var d WebhookDelivery
	var event, next sql.NullInt64
	var created, updated int64
	if err := row.Scan(&d.ID, &d.WebhookID, &event, &d.EventType, &d.DeliveryID, &d.Attempts, &d.State, &d.ResponseStatus,
		&d.ResponseBody, &d.Error, &d.DurationMS, &next, &created, &updated); err != nil {
		return nil, err
	}
	d.EventID, d.NextAttemptAt = fromNullInt64(event), fromNullMicro(next)
	d.CreatedAt, d.UpdatedAt = fromMicro(created), fromMicro(updated)
	return &d, nil
}

// webhookSecretAD binds a webhook's sealed secret to its row, so a sealed value copied to another
// webhook does not open there.
func webhookSecretAD(id int64) []byte { return fmt.Appendf(nil, "webhook:%d", id) }

// setWebhookSecret makes a new secret for a webhook, stores it sealed with its shown prefix, and
// returns it with the prefix.
func (tx *Tx) setWebhookSecret(id int64) (secret, prefix string, err error) {
	secret = newSecret(webhookSecretPrefix)
	prefix = secret[:webhookSecretShown]
	sealed := tx.db.box.Seal([]byte(secret), webhookSecretAD(id))
	tx.configChanged = true
	if _, err := tx.exec("UPDATE webhooks SET secret = ?, secret_prefix = ?, updated_at = ? WHERE id = ?",
		sealed, prefix, micro(tx.now), id); err != nil {
		return "", "", fmt.Errorf("set webhook %d secret: %w", id, err)
	}
	return secret, prefix, nil
}

// encodeWebhookEvents stores a validated list of event types as a JSON array.
func encodeWebhookEvents(events []switchboard.EventType) string {
	if len(events) == 0 {
		return "[]"
	}
	raw, err := json.Marshal(events)
	if err != nil {
		return "[]" // a slice of strings always marshals
	}
	return string(raw)
}

// webhookChanged is the data of a webhook.changed event. It names the webhook and its state but
// not its URL, description or secret: every agent reads the event log, and a webhook URL is
// often a credential itself.
func webhookChanged(w *Webhook) map[string]any {
	return map[string]any{"id": w.ID, "enabled": w.Enabled}
}

// CreateWebhook adds a webhook and returns its signing secret, shown only now; admins only.
func (db *DB) CreateWebhook(ctx context.Context, in *switchboard.WebhookInput) (*Webhook, string, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, "", err
	}
	if err := db.validateWebhook(in, true); err != nil {
		return nil, "", err
	}
	w := &Webhook{URL: *in.URL, Events: []switchboard.EventType{}, Enabled: true}
	if in.Description != nil {
		w.Description = *in.Description
	}
	if in.Events != nil {
		w.Events = *in.Events
	}
	if in.Enabled != nil {
		w.Enabled = *in.Enabled
	}
	var secret string
	err := db.update(ctx, func(tx *Tx) error {
		w.CreatedAt, w.UpdatedAt = tx.now, tx.now
		if !w.Enabled {
			now := tx.now
			w.DisabledAt, w.DisabledReason = &now, webhookDisabledByAdmin
		}
		tx.configChanged = true
		id, err := tx.insert(`INSERT INTO webhooks (url, description, events, enabled, disabled_at, disabled_reason, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, w.URL, w.Description, encodeWebhookEvents(w.Events), w.Enabled,
			microPtr(w.DisabledAt), w.DisabledReason, micro(tx.now), micro(tx.now))
		if err != nil {
			return fmt.Errorf("create webhook: %w", err)
		}
		w.ID = id
		// The sealed secret is bound to the row's id, which exists only now.
		if secret, w.SecretPrefix, err = tx.setWebhookSecret(id); err != nil {
			return err
		}
		tx.emit(switchboard.EventWebhookChanged, nil, nil, nil, webhookChanged(w))
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return w, secret, nil
}

// webhookDisabledByAdmin is the reason recorded when an admin turns a webhook off.
const webhookDisabledByAdmin = "Disabled by an admin."

// FindWebhooks lists every webhook, oldest first; admins only.
func (db *DB) FindWebhooks(ctx context.Context) ([]*Webhook, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	return db.findWebhooks(ctx, db.read, "")
}

// findWebhooks lists through q the webhooks matching cond (SQL, or "" for all), by id.
func (db *DB) findWebhooks(ctx context.Context, q queryer, cond string) ([]*Webhook, error) {
	query := "SELECT " + webhookColumns + " FROM webhooks"
	if cond != "" {
		query += " WHERE " + cond
	}
	rows, err := q.QueryContext(ctx, db.q(query+" ORDER BY id"))
	if err != nil {
		return nil, fmt.Errorf("find webhooks: %w", err)
	}
	defer rows.Close()
	hooks := []*Webhook{}
	for rows.Next() {
		w, err := scanWebhook(rows)
		if err != nil {
			return nil, fmt.Errorf("find webhooks: %w", err)
		}
		hooks = append(hooks, w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find webhooks: %w", err)
	}
	return hooks, nil
}

// enabledWebhooks returns the enabled webhooks as a transaction is to dispatch its events to
// them: remembered (see rememberFor), as every transaction that logs events needs them, unless
// the transaction changed the configuration (it may have changed the webhooks). They are
// shared: nobody may change them.
func (tx *Tx) enabledWebhooks() ([]*Webhook, error) {
	// Through the transaction: on PostgreSQL the pool's other connections may all be held by
	// transactions waiting, like this one, for a read.
	return tx.db.liveWebhooks.read(struct{}{}, tx.configChanged, func() ([]*Webhook, error) {
		return tx.db.findWebhooks(tx.ctx, tx.tx, "enabled = TRUE")
	})
}

// FindWebhookByID returns a webhook; admins only.
func (db *DB) FindWebhookByID(ctx context.Context, id int64) (*Webhook, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	w, err := scanWebhook(db.queryRow(ctx, "SELECT "+webhookColumns+" FROM webhooks WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Webhook")
	} else if err != nil {
		return nil, fmt.Errorf("find webhook %d: %w", id, err)
	}
	return w, nil
}

// validateWebhook checks a webhook's fields and refuses a URL on a private network the egress
// policy does not allow, in any spelling of its address.
func (db *DB) validateWebhook(in *switchboard.WebhookInput, create bool) error {
	if err := in.Validate(create); err != nil {
		return err
	}
	if in.URL != nil {
		if err := db.egress.CheckURL(*in.URL); err != nil {
			return &switchboard.Error{Code: switchboard.EINVALID, Message: "Some fields are invalid.", Fields: map[string]string{"url": err.Error()}}
		}
	}
	return nil
}

// UpdateWebhook changes the fields that are set; admins only. Enabling a disabled webhook, or
// pointing it at a new URL, starts its failure streak afresh: the failures were the old
// endpoint's.
func (db *DB) UpdateWebhook(ctx context.Context, id int64, in *switchboard.WebhookInput) (*Webhook, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	if err := db.validateWebhook(in, false); err != nil {
		return nil, err
	}
	var w *Webhook
	err := db.update(ctx, func(tx *Tx) error {
		cur, err := scanWebhook(tx.queryRow("SELECT "+webhookColumns+" FROM webhooks WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Webhook")
		} else if err != nil {
			return fmt.Errorf("update webhook %d: %w", id, err)
		}
		if in.URL != nil && *in.URL != cur.URL {
			cur.URL, cur.FailureStreak = *in.URL, 0
		}
		if in.Description != nil {
			cur.Description = *in.Description
		}
		if in.Events != nil {
			cur.Events = *in.Events
		}
		if in.Enabled != nil && *in.Enabled != cur.Enabled {
			cur.Enabled = *in.Enabled
			if cur.Enabled {
				cur.DisabledAt, cur.DisabledReason, cur.FailureStreak = nil, "", 0
			} else {
				now := tx.now
				cur.DisabledAt, cur.DisabledReason = &now, webhookDisabledByAdmin
			}
		}
		cur.UpdatedAt = tx.now
		tx.configChanged = true
		if _, err := tx.exec(`UPDATE webhooks SET url = ?, description = ?, events = ?, enabled = ?, failure_streak = ?,
			disabled_at = ?, disabled_reason = ?, updated_at = ? WHERE id = ?`, cur.URL, cur.Description,
			encodeWebhookEvents(cur.Events), cur.Enabled, cur.FailureStreak, microPtr(cur.DisabledAt), cur.DisabledReason,
			micro(tx.now), id); err != nil {
			return fmt.Errorf("update webhook %d: %w", id, err)
		}
		w = cur
		tx.emit(switchboard.EventWebhookChanged, nil, nil, nil, webhookChanged(w))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

// DeleteWebhook removes a webhook and, through the foreign key, its deliveries; admins only. A
// delivery job that runs afterwards finds its delivery gone (ENOTFOUND) and should drop it.
func (db *DB) DeleteWebhook(ctx context.Context, id int64) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		tx.configChanged = true
		res, err := tx.exec("DELETE FROM webhooks WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("delete webhook %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("delete webhook %d: %w", id, err)
		} else if n == 0 {
			return notFound("Webhook")
		}
		tx.emit(switchboard.EventWebhookChanged, nil, nil, nil, map[string]any{"id": id, "deleted": true})
		return nil
	})
}

// RotateWebhookSecret replaces a webhook's secret and returns the new one, shown only now;
// admins only. Deliveries signed from now on use it, including retries of earlier ones.
func (db *DB) RotateWebhookSecret(ctx context.Context, id int64) (*Webhook, string, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, "", err
	}
	var w *Webhook
	var secret string
	err := db.update(ctx, func(tx *Tx) error {
		cur, err := scanWebhook(tx.queryRow("SELECT "+webhookColumns+" FROM webhooks WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Webhook")
		} else if err != nil {
			return fmt.Errorf("rotate webhook %d secret: %w", id, err)
		}
		if secret, cur.SecretPrefix, err = tx.setWebhookSecret(id); err != nil {
			return err
		}
		cur.UpdatedAt = tx.now
		w = cur
		tx.emit(switchboard.EventWebhookChanged, nil, nil, nil, webhookChanged(w))
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return w, secret, nil
}

// FindWebhookDeliveries returns a page of a webhook's deliveries, newest first, on the
// (webhook_id, id DESC) index; admins only. The cursor holds the id of the last delivery of the
// previous page.
func (db *DB) FindWebhookDeliveries(ctx context.Context, webhookID int64, cursor string, limit int) (*switchboard.WebhookDeliveryPage, error) {
	if _, err := db.FindWebhookByID(ctx, webhookID); err != nil {
		return nil, err
	}
	if limit == 0 {
		limit = switchboard.DefaultPageSize
	}
	if limit < 1 || limit > switchboard.MaxPageSize {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Limit must be between 1 and 100.",
			Fields: map[string]string{"limit": "Limit must be between 1 and 100."}}
	}
	var w where
	w.add("webhook_id = ?", webhookID)
	if cursor != "" {
		_, id, err := decodeCursor(cursor)
		if err != nil {
			return nil, err
		}
		w.add("id < ?", id)
	}
	rows, err := db.query(ctx, "SELECT "+webhookDeliveryColumns+" FROM webhook_deliveries"+w.sql()+" ORDER BY id DESC LIMIT ?",
		append(w.args, limit+1)...)
	if err != nil {
		return nil, fmt.Errorf("find webhook %d deliveries: %w", webhookID, err)
	}
	defer rows.Close()
	page := &switchboard.WebhookDeliveryPage{Items: []*WebhookDelivery{}}
	for rows.Next() {
		d, err := scanWebhookDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("find webhook %d deliveries: %w", webhookID, err)
		}
		page.Items = append(page.Items, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find webhook %d deliveries: %w", webhookID, err)
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		page.NextCursor = encodeCursor(0, page.Items[limit-1].ID)
	}
	return page, nil
}

// FindWebhookDeliveryByID returns one delivery; admins and the system (the worker loads the
// delivery its job names).
func (db *DB) FindWebhookDeliveryByID(ctx context.Context, id int64) (*WebhookDelivery, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	return db.findWebhookDelivery(ctx, db.read, id)
}

// findWebhookDelivery reads one delivery through q.
func (db *DB) findWebhookDelivery(ctx context.Context, q rowQueryer, id int64) (*WebhookDelivery, error) {
	d, err := scanWebhookDelivery(q.QueryRowContext(ctx, db.q("SELECT "+webhookDeliveryColumns+" FROM webhook_deliveries WHERE id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Webhook delivery")
	} else if err != nil {
		return nil, fmt.Errorf("find webhook delivery %d: %w", id, err)
	}
	return d, nil
}

// requireWebhookSystem lets only the system through: the dispatcher and the delivery worker.
func requireWebhookSystem(ctx context.Context) error {
	a, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if !a.System {
		return switchboard.Errorf(switchboard.EFORBIDDEN, "Only the webhook sender can do this.")
	}
	return nil
}

// WebhookSecret returns a webhook's signing secret in clear; system only. No agent, not even an
// admin, reads it back after it was shown.
func (db *DB) WebhookSecret(ctx context.Context, id int64) (string, error) {
	if err := requireWebhookSystem(ctx); err != nil {
		return "", err
	}
	var sealed string
	err := db.queryRow(ctx, "SELECT secret FROM webhooks WHERE id = ?", id).Scan(&sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("Webhook")
	} else if err != nil {
		return "", fmt.Errorf("webhook %d secret: %w", id, err)
	}
	raw, err := db.box.Open(sealed, webhookSecretAD(id))
	if err != nil {
		return "", fmt.Errorf("open webhook %d secret: %w", id, err)
	}
	return string(raw), nil
}

// WebhooksFor returns the enabled webhooks subscribed to events of type t, by id; system only.
// Webhooks are few, so the subscription is matched here rather than in SQL over the JSON list.
func (db *DB) WebhooksFor(ctx context.Context, t switchboard.EventType) ([]*Webhook, error) {
	if err := requireWebhookSystem(ctx); err != nil {
		return nil, err
	}
	return db.webhooksFor(ctx, db.read, t)
}

// webhooksFor is WebhooksFor through q without the permission check; a dispatcher that reads
// the subscriptions in the transaction recording the deliveries passes tx.tx.
func (db *DB) webhooksFor(ctx context.Context, q queryer, t switchboard.EventType) ([]*Webhook, error) {
	all, err := db.findWebhooks(ctx, q, "enabled = TRUE")
	if err != nil {
		return nil, err
	}
	out := []*Webhook{}
	for _, w := range all {
		if w.Subscribes(t) {
			out = append(out, w)
		}
	}
	return out, nil
}

// CreateWebhookDelivery records a pending delivery in its own transaction. The system creates
// any delivery; an admin may create only test deliveries, which is what the API's test button
// does.
func (db *DB) CreateWebhookDelivery(ctx context.Context, webhookID int64, eventID *int64, eventType switchboard.EventType, at time.Time) (*WebhookDelivery, error) {
	actor, err := requireAdmin(ctx)
	if err != nil {
		return nil, err
	}
	if !actor.System && (eventType != switchboard.EventWebhookTest || eventID != nil) {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Admins can only create test deliveries.")
	}
	var d *WebhookDelivery
	err = db.update(ctx, func(tx *Tx) error {
		var err error
		d, _, err = tx.createWebhookDelivery(webhookID, eventID, eventType, at)
		return err
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// createWebhookDelivery records a pending delivery of event eventID (nil for a test) of type
// eventType to a webhook, due at at (zero means now), and the job that sends it, inside tx, so
// the event, the delivery and its job commit together. It checks no permission: its
// callers have. When the webhook already has a delivery of that event it returns that one with
// created false and no second job, so an event dispatched twice is still sent once. An unknown
// webhook is ENOTFOUND.
func (tx *Tx) createWebhookDelivery(webhookID int64, eventID *int64, eventType switchboard.EventType, at time.Time) (d *WebhookDelivery, created bool, err error) {
	if eventType == "" || len(eventType) > 100 {
		return nil, false, switchboard.Errorf(switchboard.EINVALID, "A delivery needs an event type of at most 100 characters.")
	}
	var one int
	err = tx.queryRow("SELECT 1 FROM webhooks WHERE id = ?", webhookID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, notFound("Webhook")
	} else if err != nil {
		return nil, false, fmt.Errorf("create webhook %d delivery: %w", webhookID, err)
	}
	due := tx.now
	if !at.IsZero() {
		due = at.UTC().Truncate(time.Microsecond)
	}
	d = &WebhookDelivery{WebhookID: webhookID, EventID: eventID, EventType: eventType, DeliveryID: newWebhookDeliveryID(),
		State: switchboard.WebhookPending, NextAttemptAt: &due, CreatedAt: tx.now, UpdatedAt: tx.now}
	// DO NOTHING rather than catching the violation: on PostgreSQL an error would abort the
	// caller's whole transaction.
	id, err := tx.insert(`INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, delivery_id, state, next_attempt_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (webhook_id, event_id) WHERE event_id IS NOT NULL DO NOTHING`,
		webhookID, eventID, string(eventType), d.DeliveryID, string(d.State), micro(due), micro(tx.now), micro(tx.now))
	if errors.Is(err, sql.ErrNoRows) && eventID != nil {
		d, err = scanWebhookDelivery(tx.queryRow("SELECT "+webhookDeliveryColumns+" FROM webhook_deliveries WHERE webhook_id = ? AND event_id = ?",
			webhookID, *eventID))
		if err != nil {
			return nil, false, fmt.Errorf("create webhook %d delivery of event %d: %w", webhookID, *eventID, err)
		}
		return d, false, nil
	} else if err != nil {
		return nil, false, fmt.Errorf("create webhook %d delivery: %w", webhookID, err)
	}
	d.ID = id
	if err := tx.enqueueWebhookDelivery(d); err != nil {
		return nil, false, err
	}
	return d, true, nil
}

// newWebhookDeliveryID returns a fresh delivery id: "whd_" and 32 hex digits, safe in a header.
func newWebhookDeliveryID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return "whd_" + hex.EncodeToString(b)
}

// RecordWebhookAttempt records one attempt of a pending delivery and keeps the webhook's failure
// streak, disabling the webhook (with a webhook.disabled event, once) when a final failure
// brings the streak to WebhookDisableAfter; all in one transaction. System only.
func (db *DB) RecordWebhookAttempt(ctx context.Context, deliveryID int64, a switchboard.WebhookAttempt) (*WebhookDelivery, error) {
	if err := requireWebhookSystem(ctx); err != nil {
		return nil, err
	}
	var v switchboard.Validator
	v.Check(a.Status >= 0 && a.Status <= 999, "status", "An HTTP status is 0 (no answer) to 999.")
	v.Check(a.Duration >= 0, "duration", "A duration cannot be negative.")
	if err := v.Err(); err != nil {
		return nil, err
	}
	var d *WebhookDelivery
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		d, err = tx.recordWebhookAttempt(deliveryID, a)
		return err
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// recordWebhookAttempt is RecordWebhookAttempt inside tx.
func (tx *Tx) recordWebhookAttempt(deliveryID int64, a switchboard.WebhookAttempt) (*WebhookDelivery, error) {
	d, err := tx.db.findWebhookDelivery(tx.ctx, tx.tx, deliveryID)
	if err != nil {
		return nil, err
	}
	if d.State != switchboard.WebhookPending {
		return nil, switchboard.Errorf(switchboard.ECONFLICT, "Webhook delivery %s is already %s.", d.DeliveryID, d.State)
	}
	d.Attempts++
	d.ResponseStatus = a.Status
	d.ResponseBody = clipText(a.Body, switchboard.MaxWebhookResponseBody)
	d.Error = clipText(a.Err, maxWebhookErrorText)
	d.DurationMS = a.Duration.Milliseconds()
	d.UpdatedAt = tx.now
	switch {
	case a.Succeeded:
		d.State, d.NextAttemptAt = switchboard.WebhookSucceeded, nil
	case a.Final:
		d.State, d.NextAttemptAt = switchboard.WebhookFailed, nil
	default:
		d.NextAttemptAt = nil
		if a.NextAttemptAt != nil {
			next := a.NextAttemptAt.UTC().Truncate(time.Microsecond)
			d.NextAttemptAt = &next
		}
	}
	// The state condition makes two racing recorders of one attempt count it once.
	res, err := tx.exec(`UPDATE webhook_deliveries SET attempts = attempts + 1, state = ?, response_status = ?, response_body = ?,
		error_text = ?, duration_ms = ?, next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'pending'`,
		string(d.State), d.ResponseStatus, d.ResponseBody, d.Error, d.DurationMS, microPtr(d.NextAttemptAt), micro(tx.now), deliveryID)
	if err != nil {
		return nil, fmt.Errorf("record webhook delivery %d attempt: %w", deliveryID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, fmt.Errorf("record webhook delivery %d attempt: %w", deliveryID, err)
	} else if n == 0 {
		return nil, switchboard.Errorf(switchboard.ECONFLICT, "Webhook delivery %s is no longer pending.", d.DeliveryID)
	}
	switch d.State {
	case switchboard.WebhookSucceeded:
		if _, err := tx.exec("UPDATE webhooks SET failure_streak = 0 WHERE id = ? AND failure_streak <> 0", d.WebhookID); err != nil {
			return nil, fmt.Errorf("reset webhook %d failure streak: %w", d.WebhookID, err)
		}
	case switchboard.WebhookFailed:
		if err := tx.countWebhookFailure(d.WebhookID); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// countWebhookFailure adds a final failure to a webhook's streak and disables the webhook when
// the streak reaches WebhookDisableAfter. The increment locks the webhook's row until commit, and
// the disabling UPDATE changes a row only while it is enabled, so concurrent failures emit
// webhook.disabled exactly once.
func (tx *Tx) countWebhookFailure(webhookID int64) error {
	var streak int
	var enabled bool
	err := tx.queryRow("UPDATE webhooks SET failure_streak = failure_streak + 1 WHERE id = ? RETURNING failure_streak, enabled",
		webhookID).Scan(&streak, &enabled)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("Webhook")
	} else if err != nil {
		return fmt.Errorf("count webhook %d failure: %w", webhookID, err)
	}
	if !enabled || streak < switchboard.WebhookDisableAfter {
		return nil
	}
	reason := fmt.Sprintf("Disabled after %d deliveries in a row failed.", streak)
	tx.configChanged = true
	res, err := tx.exec("UPDATE webhooks SET enabled = FALSE, disabled_at = ?, disabled_reason = ?, updated_at = ? WHERE id = ? AND enabled = TRUE",
		micro(tx.now), reason, micro(tx.now), webhookID)
	if err != nil {
		return fmt.Errorf("disable webhook %d: %w", webhookID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("disable webhook %d: %w", webhookID, err)
	} else if n == 1 {
		tx.emit(switchboard.EventWebhookDisabled, nil, nil, nil, map[string]any{"id": webhookID, "failure_streak": streak,
			"disabled_at": tx.now, "disabled_reason": reason})
	}
	return nil
}
