package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/switchboardhq/switchboard"
)

// inboxAutomation is an inbox's stored automation document as the inbox cache keeps it, parsed
// once per load: a customer's message then costs a map lookup, not a query or a parse.
type inboxAutomation struct {
	config   *switchboard.Automation
	schedule *switchboard.HoursSchedule
}

// parseAutomation reads the stored document; one that no longer validates (a time zone this
// build lacks) sends nothing rather than failing every message of the inbox.
func parseAutomation(raw string) inboxAutomation {
	c, s, err := switchboard.ParseAutomation([]byte(raw))
	if err != nil {
		return inboxAutomation{}
	}
	return inboxAutomation{config: c, schedule: s}
}

// InboxAutomation returns an inbox's business hours and automatic replies (admins only).
func (db *DB) InboxAutomation(ctx context.Context, id int64) (*switchboard.Automation, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	var raw string
	err := db.read.QueryRowContext(ctx, db.q("SELECT automation FROM inboxes WHERE id = ?"), id).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Inbox")
	} else if err != nil {
		return nil, fmt.Errorf("find inbox %d automation: %w", id, err)
	}
	c, _, err := switchboard.ParseAutomation([]byte(raw))
	if err != nil {
		return &switchboard.Automation{}, nil
	}
	return c, nil
}

// SetInboxAutomation replaces an inbox's business hours and automatic replies (admins only);
// an invalid configuration is EINVALID with a field per problem and changes nothing.
func (db *DB) SetInboxAutomation(ctx context.Context, id int64, c *switchboard.Automation) (*switchboard.Automation, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	if c == nil {
		c = &switchboard.Automation{}
	}
	if _, err := c.Validate(); err != nil {
		return nil, err
	}
	raw, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	err = db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec("UPDATE inboxes SET automation = ?, updated_at = ? WHERE id = ?", string(raw), micro(tx.now), id)
		if err != nil {
			return fmt.Errorf("set inbox %d automation: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound("Inbox")
		}
		tx.configChanged = true // the inbox cache holds the configuration
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// autoReplies sends the inbox's automatic replies that a customer's message m in conv calls for
// (see switchboard.Automation.Replies), inside the transaction that records m. Each is claimed first
// in auto_replies by (conversation, kind, period): a second webhook racing this one, a replay,
// or another node finds the claim (on PostgreSQL after waiting for this transaction) and sends
// nothing. The replies are automatic messages, sent by "Automation", through the delivery job;
// a customer who opted out gets none. The customer's message opened the channel's window
// (receivedAt, when it was sent), so a reply fits in it.
func (tx *Tx) autoReplies(conv *Conversation, kind switchboard.ChannelKind, contactID int64, m *Message, receivedAt time.Time) error {
	c, err := tx.db.channelInboxOf(tx.ctx, tx.tx, conv.InboxID, tx.configChanged)
	if err != nil {
		return err
	}
	auto := c.automation
	if auto.config.Empty() {
		return nil
	}
	if w := tx.db.capabilities(kind).Window; w > 0 && !tx.now.Before(receivedAt.Add(w)) {
		// A message delivered after its own window closed (a provider's very late retry): a
		// reply could only be a template, and none is chosen for automatic replies yet.
		return nil
	}
	replies := auto.config.Replies(auto.schedule, conv.CreatedAt.Equal(tx.now), tx.now)
	if len(replies) == 0 {
		return nil
	}
	// (A conversation that goes on is known here by little more than its id.)
	to := Conversation{ID: conv.ID, InboxID: conv.InboxID, ContactID: contactID, Channel: kind}
	if err := tx.checkOptOut(&to); switchboard.ErrorCode(err) == switchboard.EOPTEDOUT {
		return nil
	} else if err != nil {
		return err
	}
	for _, r := range replies {
		res, err := tx.exec("INSERT INTO auto_replies (conversation_id, kind, period, message_id) VALUES (?, ?, ?, 0) ON CONFLICT DO NOTHING",
			conv.ID, r.Kind, r.Period)
		if err != nil {
			return fmt.Errorf("receive: claim the %s reply: %w", r.Kind, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			continue // sent already
		}
		reply := &Message{ConversationID: conv.ID, InboxID: conv.InboxID, Direction: switchboard.DirectionOutgoing, Kind: switchboard.KindText,
			SenderType: switchboard.SenderBot, SenderName: automationSender[r.Kind], Text: r.Text, Status: switchboard.MessagePending,
			ReplyToID: &m.ID, Content: &switchboard.MessageContent{Automatic: true}}
		if err := tx.insertMessage(reply, ""); err != nil {
			return fmt.Errorf("receive: %s reply: %w", r.Kind, err)
		}
		if _, err := tx.exec("UPDATE auto_replies SET message_id = ? WHERE conversation_id = ? AND kind = ? AND period = ?",
			reply.ID, conv.ID, r.Kind, r.Period); err != nil {
			return fmt.Errorf("receive: %s reply: %w", r.Kind, err)
		}
		if err := tx.enqueueDelivery(reply.ID); err != nil {
			return err
		}
	}
	return nil
}

// automationSender names who sent each automatic reply in the thread: the automation, and which.
var automationSender = map[string]string{
	switchboard.AutoReplyWelcome:     "Automation: welcome message",
	switchboard.AutoReplyOutOfHours:  "Automation: out-of-hours reply",
	switchboard.AutoReplyAcknowledge: "Automation: acknowledgement",
}

// inboxClosed reports whether the inbox has business hours and is outside them now (read from
// the inbox cache): the web chat then says the team is away, whoever is online.
func (db *DB) inboxClosed(ctx context.Context, inboxID int64) (bool, error) {
	c, err := db.channelInboxOf(ctx, db.read, inboxID, false)
	if err != nil {
		return false, err
	}
	s := c.automation.schedule
	return s != nil && !s.IsOpen(db.now()), nil
}
