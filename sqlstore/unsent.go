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

// earlyUnsentKept is how long an unsend that came before its message waits for it.
const earlyUnsentKept = 7 * 24 * time.Hour

// receiveUnsent hides a message the customer unsent (Instagram): its text and files go, the row
// stays marked unsent so the thread shows where it was, and a milestone says what happened. A
// replay changes nothing. The unsending of a message not recorded yet is kept (unsent_early),
// so that the message is hidden as it arrives (see unsentEarly). It returns the storage keys of
// the files to delete once the transaction commits.
func (tx *Tx) receiveUnsent(inboxID int64, providerID string) ([]string, error) {
	m, err := scanMessage(tx.queryRow("SELECT "+messageColumns+" FROM messages WHERE inbox_id = ? AND provider_id = ? AND direction = 'incoming'",
		inboxID, providerID))
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := tx.exec("DELETE FROM unsent_early WHERE inbox_id = ? AND unsent_at < ?", inboxID, micro(tx.now.Add(-earlyUnsentKept))); err != nil {
			return nil, fmt.Errorf("forget early unsends: %w", err)
		}
		if _, err := tx.exec("INSERT INTO unsent_early (inbox_id, provider_id, unsent_at) VALUES (?, ?, ?) ON CONFLICT (inbox_id, provider_id) DO NOTHING",
			inboxID, providerID, micro(tx.now)); err != nil {
			return nil, fmt.Errorf("keep early unsend: %w", err)
		}
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("find unsent message: %w", err)
	}
	if m.DeletedAt != nil || (m.Content != nil && m.Content.Comment != nil && m.Content.Comment.Removed) {
		return nil, nil // unsent already, or a comment the business deleted (whose removal this reports)
	}
	c := m.Content
	if c == nil {
		c = &switchboard.MessageContent{}
	}
	c.Unsent, c.Edits = true, nil // the earlier texts go with the message
	var threadKey string
	if err := tx.queryRow("SELECT thread_key FROM conversations WHERE id = ?", m.ConversationID).Scan(&threadKey); err != nil {
		return nil, fmt.Errorf("find unsent message's conversation: %w", err)
	}
	if threadKey != "" { // a comment the customer deleted
		if c.Comment == nil {
			c.Comment = &switchboard.CommentFields{}
		}
		c.Comment.Removed = true
	}
	b, _ := json.Marshal(c)
	now := micro(tx.now)
	if _, err := tx.exec("UPDATE messages SET text = '', html = '', content = ?, deleted_at = ?, updated_at = ? WHERE id = ?", string(b), now, now, m.ID); err != nil {
		return nil, fmt.Errorf("unsend message %d: %w", m.ID, err)
	}
	if err := tx.forgetTranslations(m.ID); err != nil {
		return nil, err
	}
	rows, err := tx.query("DELETE FROM attachments WHERE message_id = ? RETURNING storage_key", m.ID)
	if err != nil {
		return nil, fmt.Errorf("delete attachments of message %d: %w", m.ID, err)
	}
	var keys []string
	for rows.Next() {
		var key sql.NullString
		if err := rows.Scan(&key); err != nil {
			rows.Close()
			return nil, fmt.Errorf("delete attachments of message %d: %w", m.ID, err)
		}
		if key.Valid {
			keys = append(keys, key.String)
		}
	}
	rows.Close()
	if _, err := tx.exec(`UPDATE conversations SET last_message_preview = '' WHERE id = ? AND NOT EXISTS
		(SELECT 1 FROM messages WHERE conversation_id = ? AND id > ? AND direction <> 'internal')`, m.ConversationID, m.ConversationID, m.ID); err != nil {
		return nil, fmt.Errorf("unsend message %d: preview: %w", m.ID, err)
	}
	conv, err := tx.loadConversation(m.ConversationID)
	if err != nil {
		return nil, err
	}
	tx.emit(switchboard.EventMessageDeleted, &conv.InboxID, &conv.ID, nil, map[string]any{"id": m.ID, "conversation_id": conv.ID})
	if conv.Kind == switchboard.ConversationComment {
		return keys, tx.addActivity(conv, &switchboard.Activity{Action: "comment_removed", TargetID: &m.ID}, "The customer deleted their comment")
	}
	return keys, tx.addActivity(conv, &switchboard.Activity{Action: "message_unsent", TargetID: &m.ID}, "The customer unsent a message")
}

// unsentEarly hides a customer's message just recorded whose unsending came first (see
// receiveUnsent), and answers the storage keys of its files to delete after the commit.
func (tx *Tx) unsentEarly(inboxID int64, providerID string) ([]string, error) {
	res, err := tx.exec("DELETE FROM unsent_early WHERE inbox_id = ? AND provider_id = ?", inboxID, providerID)
	if err != nil {
		return nil, fmt.Errorf("find early unsend: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, nil
	}
	return tx.receiveUnsent(inboxID, providerID)
}

// deleteFiles removes stored files no row names any more; a failure leaves an orphan file,
// never a row without its file.
func (db *DB) deleteFiles(ctx context.Context, keys []string) {
	for _, k := range keys {
		if db.files != nil {
			_ = db.files.Delete(context.WithoutCancel(ctx), k)
		}
	}
}
