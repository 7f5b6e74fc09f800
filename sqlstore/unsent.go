package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/switchboardhq/switchboard"
)

// receiveUnsent hides a message the customer unsent (Instagram): its text and files go, the row
// stays marked unsent so the thread shows where it was, and a milestone says what happened. A
// replay, or the unsending of a message never recorded, changes nothing. It returns the storage
// keys of the files to delete once the transaction commits.
func (tx *Tx) receiveUnsent(inboxID int64, providerID string) ([]string, error) {
	m, err := scanMessage(tx.queryRow("SELECT "+messageColumns+" FROM messages WHERE inbox_id = ? AND provider_id = ? AND direction = 'incoming'",
		inboxID, providerID))
	if errors.Is(err, sql.ErrNoRows) {
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

// deleteFiles removes stored files no row names any more; a failure leaves an orphan file,
// never a row without its file.
func (db *DB) deleteFiles(ctx context.Context, keys []string) {
	for _, k := range keys {
		if db.files != nil {
			_ = db.files.Delete(context.WithoutCancel(ctx), k)
		}
	}
}
