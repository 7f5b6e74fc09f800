package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.ScheduledMessageService = (*DB)(nil)

// ScheduledMessage is a local alias that keeps scanning code short.
type ScheduledMessage = switchboard.ScheduledMessage

const scheduledColumns = "id, conversation_id, inbox_id, author_id, text, html, reply_to_id, send_at, state, message_id, error_reason, created_at, updated_at"

func scanScheduled(row scanner) (*ScheduledMessage, error) {
	var s ScheduledMessage
	var replyTo, message sql.NullInt64
	var sendAt, created, updated int64
	if err := row.Scan(&s.ID, &s.ConversationID, &s.InboxID, &s.AuthorID, &s.Text, &s.HTML, &replyTo, &sendAt, &s.State,
		&message, &s.ErrorReason, &created, &updated); err != nil {
		return nil, err
	}
	s.ReplyToID, s.MessageID = fromNullInt64(replyTo), fromNullInt64(message)
	s.SendAt, s.CreatedAt, s.UpdatedAt = fromMicro(sendAt), fromMicro(created), fromMicro(updated)
	return &s, nil
}

// scheduledJobKey names the one live job that sends a scheduled message, so a new time moves it
// and a cancellation removes it.
func scheduledJobKey(id int64) string { return fmt.Sprintf("scheduled:%d", id) }

func (tx *Tx) enqueueScheduled(s *ScheduledMessage) error {
	return tx.enqueue(switchboard.JobSendScheduled, switchboard.SendScheduledArgs{ScheduledMessageID: s.ID},
		jobOptions{runAt: s.SendAt, uniqueKey: scheduledJobKey(s.ID)})
}

// emitScheduled announces a scheduled message's new state to those who see its conversation.
func (tx *Tx) emitScheduled(s *ScheduledMessage) {
	tx.emit(switchboard.EventScheduledChanged, &s.InboxID, &s.ConversationID, nil, s)
}

// ScheduleMessage schedules the acting agent's reply in a conversation they may see.
func (db *DB) ScheduleMessage(ctx context.Context, conversationID int64, in *switchboard.ScheduledMessageInput) (*ScheduledMessage, bool, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, false, err
	}
	if actor.Agent == nil {
		return nil, false, switchboard.Errorf(switchboard.EFORBIDDEN, "Only agents schedule replies.")
	}
	if err := in.Validate(true, db.now()); err != nil {
		return nil, false, err
	}
	if in.IdempotencyKey != "" {
		if s, err := db.findScheduledByKey(ctx, actor.Agent.ID, in.IdempotencyKey); err != nil || s != nil {
			if s != nil && s.ConversationID != conversationID {
				return nil, false, idempotencyReused()
			}
			return s, false, err
		}
	}
	var s *ScheduledMessage
	err = db.update(ctx, func(tx *Tx) error {
		conv, err := tx.loadConversation(conversationID)
		if err != nil {
			return err
		}
		if err := tx.checkReplyTo(conv.ID, in.ReplyToID); err != nil {
			return err
		}
		s = &ScheduledMessage{ConversationID: conv.ID, InboxID: conv.InboxID, AuthorID: actor.Agent.ID, ReplyToID: in.ReplyToID,
			SendAt: in.SendAt.UTC().Truncate(time.Microsecond), State: switchboard.ScheduledPending, CreatedAt: tx.now, UpdatedAt: tx.now}
		if in.Text != nil {
			s.Text = *in.Text
		}
		if in.HTML != nil && *in.HTML != "" {
			s.HTML = tx.db.html.Sanitize(*in.HTML)
		}
		var key any
		if in.IdempotencyKey != "" {
			key = in.IdempotencyKey
		}
		s.ID, err = tx.insert(`INSERT INTO scheduled_messages (conversation_id, inbox_id, author_id, text, html, reply_to_id, send_at,
			state, idempotency_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			s.ConversationID, s.InboxID, s.AuthorID, s.Text, s.HTML, s.ReplyToID, micro(s.SendAt), string(s.State), key,
			micro(tx.now), micro(tx.now))
		if isUniqueViolation(err) {
			return errDuplicateKey
		} else if err != nil {
			return fmt.Errorf("schedule message: %w", err)
		}
		if err := tx.enqueueScheduled(s); err != nil {
			return err
		}
		tx.emitScheduled(s)
		return nil
	})
	if errors.Is(err, errDuplicateKey) {
		// A concurrent request with the same key won the race; answer with its message.
		s, err = db.findScheduledByKey(ctx, actor.Agent.ID, in.IdempotencyKey)
		if err == nil && s == nil {
			err = fmt.Errorf("schedule message: idempotent message vanished")
		}
		return s, false, err
	}
	if err != nil {
		return nil, false, err
	}
	return s, true, nil
}

func (db *DB) findScheduledByKey(ctx context.Context, authorID int64, key string) (*ScheduledMessage, error) {
	s, err := scanScheduled(db.queryRow(ctx, "SELECT "+scheduledColumns+" FROM scheduled_messages WHERE author_id = ? AND idempotency_key = ?", authorID, key))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("find scheduled message by idempotency key: %w", err)
	}
	return s, nil
}

// FindScheduledMessages lists a visible conversation's scheduled messages by send time.
func (db *DB) FindScheduledMessages(ctx context.Context, conversationID int64) ([]*ScheduledMessage, error) {
	if err := db.seeConversation(ctx, conversationID); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, "SELECT "+scheduledColumns+" FROM scheduled_messages WHERE conversation_id = ? ORDER BY send_at, id LIMIT 500", conversationID)
	if err != nil {
		return nil, fmt.Errorf("find scheduled messages: %w", err)
	}
	defer rows.Close()
	out := []*ScheduledMessage{}
	for rows.Next() {
		s, err := scanScheduled(rows)
		if err != nil {
			return nil, fmt.Errorf("find scheduled messages: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// changeScheduled runs fn on a scheduled message that is still scheduled and that the actor may
// change: its conversation must be visible (else ENOTFOUND), and the actor its author, a
// supervisor or an admin (else EFORBIDDEN). fn's UPDATE must keep "AND state = 'scheduled'" and
// report through markChanged, so a change racing the send loses cleanly.
func (db *DB) changeScheduled(ctx context.Context, id int64, fn func(tx *Tx, s *ScheduledMessage) error) (*ScheduledMessage, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	var s *ScheduledMessage
	err = db.update(ctx, func(tx *Tx) error {
		s, err = scanScheduled(tx.queryRow("SELECT "+scheduledColumns+" FROM scheduled_messages WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Scheduled message")
		} else if err != nil {
			return fmt.Errorf("load scheduled message %d: %w", id, err)
		}
		if _, err := tx.loadConversation(s.ConversationID); switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			return notFound("Scheduled message")
		} else if err != nil {
			return err
		}
		if !actor.SeesAll() && (actor.Agent == nil || actor.Agent.ID != s.AuthorID) {
			return switchboard.Errorf(switchboard.EFORBIDDEN, "Only the author, supervisors and admins change a scheduled message.")
		}
		if s.State != switchboard.ScheduledPending {
			return switchboard.Errorf(switchboard.ECONFLICT, "This message is already %s.", s.State)
		}
		s.UpdatedAt = tx.now
		if err := fn(tx, s); err != nil {
			return err
		}
		tx.emitScheduled(s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// stillScheduled checks that an UPDATE guarded by "state = 'scheduled'" changed its row.
func stillScheduled(res sql.Result, err error) error {
	if err != nil {
		return fmt.Errorf("change scheduled message: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("change scheduled message: %w", err)
	} else if n == 0 {
		return switchboard.Errorf(switchboard.ECONFLICT, "This message was sent or cancelled meanwhile.")
	}
	return nil
}

// UpdateScheduledMessage changes the text or time of a message still scheduled.
func (db *DB) UpdateScheduledMessage(ctx context.Context, id int64, in *switchboard.ScheduledMessageInput) (*ScheduledMessage, error) {
	if err := in.Validate(false, db.now()); err != nil {
		return nil, err
	}
	if in.IdempotencyKey != "" {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "An idempotency key is for scheduling only.",
			Fields: map[string]string{"idempotency_key": "Leave it out when changing a scheduled message."}}
	}
	return db.changeScheduled(ctx, id, func(tx *Tx, s *ScheduledMessage) error {
		if in.Text != nil {
			s.Text = *in.Text
		}
		if in.HTML != nil {
			s.HTML = tx.db.html.Sanitize(*in.HTML)
		}
		if in.ReplyToID != nil {
			if err := tx.checkReplyTo(s.ConversationID, in.ReplyToID); err != nil {
				return err
			}
			s.ReplyToID = in.ReplyToID
		}
		moved := in.SendAt != nil
		if moved {
			s.SendAt = in.SendAt.UTC().Truncate(time.Microsecond)
		}
		if err := stillScheduled(tx.exec(`UPDATE scheduled_messages SET text = ?, html = ?, reply_to_id = ?, send_at = ?, updated_at = ?
			WHERE id = ? AND state = 'scheduled'`, s.Text, s.HTML, s.ReplyToID, micro(s.SendAt), micro(tx.now), s.ID)); err != nil {
			return err
		}
		if moved {
			return tx.enqueueScheduled(s) // moves the live job to the new time
		}
		return nil
	})
}

// CancelScheduledMessage cancels a message still scheduled, with its job.
func (db *DB) CancelScheduledMessage(ctx context.Context, id int64) (*ScheduledMessage, error) {
	return db.changeScheduled(ctx, id, func(tx *Tx, s *ScheduledMessage) error {
		s.State = switchboard.ScheduledCancelled
		if err := stillScheduled(tx.exec("UPDATE scheduled_messages SET state = 'cancelled', updated_at = ? WHERE id = ? AND state = 'scheduled'",
			micro(tx.now), s.ID)); err != nil {
			return err
		}
		return tx.cancelJob(scheduledJobKey(s.ID))
	})
}

// SendScheduledMessage turns a due scheduled message into its author's reply, with the reply's
// delivery job, in the transaction that marks it sent; system only. The reply is written as its
// author, with the author's visibility, so an author who lost access to the inbox (or whose
// account was deleted) sends nothing: the message is marked failed with the reason instead.
func (db *DB) SendScheduledMessage(ctx context.Context, id int64) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	s, err := scanScheduled(db.queryRow(ctx, "SELECT "+scheduledColumns+" FROM scheduled_messages WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil // its conversation was deleted
	} else if err != nil {
		return fmt.Errorf("load scheduled message %d: %w", id, err)
	}
	if s.State != switchboard.ScheduledPending {
		return nil
	}
	if s.SendAt.After(db.now()) {
		return &switchboard.NotDueError{At: s.SendAt}
	}
	author, err := db.FindAgentByID(ctx, s.AuthorID)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return db.failScheduled(ctx, s, "The author's account was deleted before the message was sent.")
	} else if err != nil {
		return err
	}
	var reason string
	err = db.update(switchboard.NewContextWithAgent(ctx, author), func(tx *Tx) error {
		conv, err := tx.loadConversation(s.ConversationID)
		if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			reason = "The author no longer has access to this conversation's inbox."
			return errNotSent
		} else if err != nil {
			return err
		}
		m, err := tx.addAgentMessage(conv, &switchboard.MessageCreate{Text: s.Text, HTML: s.HTML, ReplyToID: s.ReplyToID}, "")
		var e *switchboard.Error
		if errors.As(err, &e) && (e.Code == switchboard.EINVALID || e.Code == switchboard.EOPTEDOUT) {
			reason = e.Message
			return errNotSent
		} else if err != nil {
			return err
		}
		s.State, s.MessageID, s.UpdatedAt = switchboard.ScheduledSent, &m.ID, tx.now
		if err := stillScheduled(tx.exec("UPDATE scheduled_messages SET state = 'sent', message_id = ?, updated_at = ? WHERE id = ? AND state = 'scheduled'",
			m.ID, micro(tx.now), s.ID)); err != nil {
			return err
		}
		tx.emitScheduled(s)
		return nil
	})
	switch {
	case errors.Is(err, errNotSent):
		return db.failScheduled(ctx, s, reason)
	case switchboard.ErrorCode(err) == switchboard.ECONFLICT:
		return nil // cancelled while it was being sent: the cancellation won, nothing was written
	}
	return err
}

// errNotSent rolls back a send that cannot happen, to record why in a transaction of its own.
var errNotSent = errors.New("scheduled message not sent")

// failScheduled marks a scheduled message failed, unless it was cancelled meanwhile.
func (db *DB) failScheduled(ctx context.Context, s *ScheduledMessage, reason string) error {
	err := db.update(ctx, func(tx *Tx) error {
		s.State, s.ErrorReason, s.UpdatedAt = switchboard.ScheduledFailed, reason, tx.now
		if err := stillScheduled(tx.exec("UPDATE scheduled_messages SET state = 'failed', error_reason = ?, updated_at = ? WHERE id = ? AND state = 'scheduled'",
			reason, micro(tx.now), s.ID)); err != nil {
			return err
		}
		tx.emitScheduled(s)
		return nil
	})
	if switchboard.ErrorCode(err) == switchboard.ECONFLICT {
		return nil
	}
	return err
}
