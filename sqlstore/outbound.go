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

var _ switchboard.OutboundService = (*DB)(nil)

// OutboundFor loads an outgoing message with what its channel needs to deliver it.
func (db *DB) OutboundFor(ctx context.Context, messageID int64) (*switchboard.Outbound, error) {
	if a, err := requireActor(ctx); err != nil || !a.System {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only the delivery pipeline loads outbound messages.")
	}
	m, err := db.FindMessageByID(ctx, messageID)
	if err != nil {
		return nil, err
	}
	if m.Direction != switchboard.DirectionOutgoing {
		return nil, switchboard.Errorf(switchboard.EINVALID, "Message %d is not an outgoing message.", messageID)
	}
	conv, err := db.FindConversationByID(ctx, m.ConversationID)
	if err != nil {
		return nil, err
	}
	inbox, secrets, err := db.ChannelInbox(ctx, m.InboxID)
	if err != nil {
		return nil, err
	}
	out := &switchboard.Outbound{Message: m, Conversation: conv, Inbox: inbox, Secrets: secrets}
	r, err := db.recipient(ctx, inbox.ID, conv.ContactID, inbox.Kind)
	if err != nil {
		return nil, err
	}
	out.To, out.OptedOutAt = r.address, r.optedOutAt
	if w := db.capabilities(inbox.Kind).Window; w > 0 {
		if out.WindowClosesAt, err = db.windowClosesAt(ctx, db.read, inbox.ID, conv.ContactID, w); err != nil {
			return nil, err
		}
	}
	out.ReplyKey = db.replyKey(conv.ID)
	if m.SenderType == switchboard.SenderAgent && m.SenderID != nil {
		if err := db.queryRow(ctx, "SELECT signature FROM agents WHERE id = ?", *m.SenderID).Scan(&out.Signature); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("outbound %d: signature: %w", messageID, err)
		}
	}
	rows, err := db.query(ctx, `SELECT provider_id, content FROM messages WHERE conversation_id = ? AND id < ? AND provider_id IS NOT NULL
		ORDER BY id DESC LIMIT 20`, conv.ID, m.ID)
	if err != nil {
		return nil, fmt.Errorf("outbound %d: thread: %w", messageID, err)
	}
	for rows.Next() {
		var p, content string
		if err := rows.Scan(&p, &content); err != nil {
			rows.Close()
			return nil, err
		}
		out.Thread = append([]string{p}, out.Thread...)
		if out.ThreadParent == "" && !automatic(content) {
			out.ThreadParent = p
		}
	}
	rows.Close()
	exp := db.now().Add(PublicMediaTTL)
	for _, a := range m.Attachments {
		if a.StorageKey != "" {
			if out.MediaPaths == nil {
				out.MediaPaths = map[int64]string{}
			}
			out.MediaPaths[a.ID] = db.publicMediaPath(a.ID, exp)
		}
	}
	if m.ReplyToID != nil {
		var provider sql.NullString
		if err := db.queryRow(ctx, "SELECT provider_id FROM messages WHERE id = ?", *m.ReplyToID).Scan(&provider); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("outbound %d: replied-to message: %w", messageID, err)
		}
		out.ReplyToProviderID = provider.String
	}
	if conv.Kind == switchboard.ConversationComment {
		out.CommentReply = commentReplyOf(m, out.ReplyToProviderID)
	}
	return out, nil
}

// automatic reports whether a message's stored content marks it automatic (see
// switchboard.MessageContent).
func automatic(content string) bool {
	var c struct {
		Automatic bool `json:"automatic"`
	}
	return content != "" && json.Unmarshal([]byte(content), &c) == nil && c.Automatic
}

// RecordSent stores the provider's id of a message a channel accepted and moves its status on.
func (db *DB) RecordSent(ctx context.Context, messageID int64, s *switchboard.Sent) (*Message, error) {
	status := s.Status
	if status == "" {
		status = switchboard.MessageSent
	}
	return db.recordDelivery(ctx, messageID, s.ProviderID, status, "", "", func(tx *Tx) error {
		return tx.recordPrivateRecipient(messageID, s.RecipientID)
	})
}

// BeginSend records that a send of a pending outgoing message starts, committed before the
// provider is called (see switchboard.OutboundService).
func (db *DB) BeginSend(ctx context.Context, messageID int64) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	return db.updateGrouped(ctx, 0, func(tx *Tx) error {
		var status string
		var begun sql.NullInt64
		err := tx.queryRow(`SELECT m.status, s.started_at FROM messages m LEFT JOIN message_sends s ON s.message_id = m.id
			WHERE m.id = ?`, messageID).Scan(&status, &begun)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return notFound("Message")
		case err != nil:
			return fmt.Errorf("begin send of message %d: %w", messageID, err)
		case status != string(switchboard.MessagePending):
			return switchboard.Errorf(switchboard.ECONFLICT, "Message %d is %s, not waiting to be sent.", messageID, status)
		case begun.Valid:
			return switchboard.ErrUnconfirmed()
		}
		if _, err := tx.exec("INSERT INTO message_sends (message_id, started_at) VALUES (?, ?)", messageID, micro(tx.now)); err != nil {
			return fmt.Errorf("begin send of message %d: %w", messageID, err)
		}
		return nil
	})
}

// AbandonSend ends a send begun that did not reach the provider and records, when retry is
// given, why and when the next attempt comes (see switchboard.OutboundService).
func (db *DB) AbandonSend(ctx context.Context, messageID int64, retry *switchboard.DeliveryRetry) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	return db.updateGrouped(ctx, 0, func(tx *Tx) error {
		if err := tx.endSend(messageID); err != nil || retry == nil {
			return err
		}
		return tx.recordRetry(messageID, *retry)
	})
}

// recordRetry stores on a pending message why its last attempt failed and when the next comes,
// and announces it; a message sent, failed or deleted meanwhile is left alone.
func (tx *Tx) recordRetry(messageID int64, r switchboard.DeliveryRetry) error {
	r.Code, r.Reason = switchboard.StorableText(r.Code), switchboard.StorableText(r.Reason)
	r.NextAttemptAt = r.NextAttemptAt.UTC().Truncate(time.Microsecond)
	raw, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("record retry of message %d: %w", messageID, err)
	}
	m := &Message{ID: messageID, Status: switchboard.MessagePending, Retry: &r}
	var provider sql.NullString
	err = tx.queryRow(`UPDATE messages SET retry = ?, updated_at = ? WHERE id = ? AND status = 'pending' AND deleted_at IS NULL
		RETURNING inbox_id, conversation_id, provider_id`, string(raw), micro(tx.now), messageID).Scan(&m.InboxID, &m.ConversationID, &provider)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("record retry of message %d: %w", messageID, err)
	}
	m.ProviderID = provider.String
	tx.emitStatus(m)
	return nil
}

// endSend removes the record of a send begun (see BeginSend), with its outcome.
func (tx *Tx) endSend(messageID int64) error {
	if _, err := tx.exec("DELETE FROM message_sends WHERE message_id = ?", messageID); err != nil {
		return fmt.Errorf("end send of message %d: %w", messageID, err)
	}
	return nil
}
