package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

// capabilities returns what a channel kind can do, as the connectors say; none without rules.
func (db *DB) capabilities(kind switchboard.ChannelKind) switchboard.ChannelCapabilities {
	if db.channels == nil {
		return switchboard.ChannelCapabilities{}
	}
	return db.channels.Capabilities(kind)
}

// checkWindow enforces the channel's customer-service window on a reply m about to be written
// into conv, and turns a template request into the template's text: free text goes out only
// while the window is open; a template may always go out, once the provider approved it.
func (tx *Tx) checkWindow(conv *Conversation, m *Message, send *switchboard.TemplateSend) error {
	caps := tx.db.capabilities(conv.Channel)
	if send != nil {
		if !caps.Templates {
			return &switchboard.Error{Code: switchboard.EINVALID, Message: "This channel has no templates.",
				Fields: map[string]string{"template": "Write a message instead."}}
		}
		t, err := tx.db.findTemplate(tx.ctx, tx.tx, conv.InboxID, send.Name, send.Language)
		if err != nil {
			return err
		}
		if t.Status != "approved" {
			return &switchboard.Error{Code: switchboard.EINVALID, Message: fmt.Sprintf("The template %s is %s, not approved.", t.Name, t.Status),
				Fields: map[string]string{"template": "Choose an approved template."}}
		}
		if len(send.Params) != t.Params {
			return &switchboard.Error{Code: switchboard.EINVALID, Message: fmt.Sprintf("The template %s takes %d parameters.", t.Name, t.Params),
				Fields: map[string]string{"template.params": fmt.Sprintf("Give %d values.", t.Params)}}
		}
		for i, p := range send.Params {
			if strings.TrimSpace(p) == "" {
				return &switchboard.Error{Code: switchboard.EINVALID, Message: "Fill every parameter of the template.",
					Fields: map[string]string{"template.params": fmt.Sprintf("Parameter %d is empty.", i+1)}}
			}
		}
		m.Text = t.Render(send.Params)
		m.Content = &switchboard.MessageContent{Template: &switchboard.TemplateSend{Name: t.Name, Language: t.Language, Params: send.Params, ProviderID: t.ProviderID}}
		return nil
	}
	if caps.Window == 0 {
		return nil
	}
	if err := tx.flushWindows(); err != nil {
		return err
	}
	closes, err := tx.db.windowClosesAt(tx.ctx, tx.tx, conv.InboxID, conv.ContactID, caps.Window)
	if err != nil {
		return err
	}
	if closes == nil || !tx.now.Before(*closes) {
		// Some inboxes may still answer a while longer (Messenger's HUMAN_AGENT tag).
		if ext := tx.db.extendedWindow(tx.ctx, tx.tx, conv.InboxID); closes != nil && ext > 0 && tx.now.Before(closes.Add(ext)) {
			return nil
		}
		return switchboard.WindowError(caps.Window, closes)
	}
	return nil
}

// extendedWindow is how long past the channel's window an inbox may still answer (0 for most).
func (db *DB) extendedWindow(ctx context.Context, q rowQueryer, inboxID int64) time.Duration {
	if db.channels == nil {
		return 0
	}
	c, err := db.channelInboxOf(ctx, q, inboxID, false)
	if err != nil {
		return 0
	}
	return db.channels.ExtendedWindow(&c.inbox)
}

// windowClosesAt returns when the newest customer-service window of a contact with an inbox
// closes, or nil when the contact never wrote to it.
func (db *DB) windowClosesAt(ctx context.Context, q rowQueryer, inboxID, contactID int64, window time.Duration) (*time.Time, error) {
	var last sql.NullInt64
	err := q.QueryRowContext(ctx, db.q("SELECT MAX(last_inbound_at) FROM customer_windows WHERE inbox_id = ? AND contact_id = ?"), inboxID, contactID).Scan(&last)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("find customer window: %w", err)
	}
	if !last.Valid {
		return nil, nil
	}
	closes := fromMicro(last.Int64).Add(window)
	return &closes, nil
}

// loadWindows fills WindowClosesAt on a page of conversations, with one query for those whose
// channel has a window.
func (db *DB) loadWindows(query queryFunc, convs []*Conversation) error {
	var ids []any
	byKey := map[[2]int64][]*Conversation{}
	for _, c := range convs {
		if w := db.capabilities(c.Channel).Window; w > 0 && c.Kind != switchboard.ConversationComment { // answers under a post know no window
			k := [2]int64{c.InboxID, c.ContactID}
			if byKey[k] == nil {
				ids = append(ids, c.ContactID)
			}
			byKey[k] = append(byKey[k], c)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var w where
	w.in("contact_id", ids)
	rows, err := query("SELECT inbox_id, contact_id, MAX(last_inbound_at) FROM customer_windows"+w.sql()+" GROUP BY inbox_id, contact_id", w.args...)
	if err != nil {
		return fmt.Errorf("load customer windows: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var inbox, contact, last int64
		if err := rows.Scan(&inbox, &contact, &last); err != nil {
			return fmt.Errorf("load customer windows: %w", err)
		}
		for _, c := range byKey[[2]int64{inbox, contact}] {
			closes := fromMicro(last).Add(db.capabilities(c.Channel).Window)
			c.WindowClosesAt = &closes
			if ext := db.extendedWindow(context.Background(), db.read, c.InboxID); ext > 0 {
				until := closes.Add(ext)
				c.WindowExtendedUntil = &until
			}
		}
	}
	return rows.Err()
}
