package sqlstore

import (
	"fmt"
	"strings"
)

// SQLite's full-text index of messages (messages_fts, with the messages table as its external
// content) is written by the store, not by a trigger. FTS5 writes the entries it holds as a new
// segment of the index whenever a statement opens a savepoint, which every INSERT that fires a
// trigger does: a trigger made one tiny segment per message, and writing and merging them was
// a tenth of what a webhook cost. So a message inserted on its own is held until its
// transaction ends, when the transaction's messages go in with one statement (a group of
// webhooks makes one segment), and a bulk insert indexes the range of ids it wrote. The index
// is written before any statement that could change or delete an indexed message, whose
// triggers take the old text out of the index. PostgreSQL keeps a generated tsvector column
// and needs none of this.

// indexLater holds a new message's text for the index until the transaction ends.
func (tx *Tx) indexLater(id int64, text string) {
	if tx.db.dialect.name == "sqlite" {
		tx.pendingText = append(tx.pendingText, []any{id, text})
	}
}

// indexRange indexes the messages with ids first to last that a bulk insert just wrote.
func (tx *Tx) indexRange(first, last int64) error {
	if tx.db.dialect.name != "sqlite" {
		return nil
	}
	if _, err := tx.exec(`INSERT INTO messages_fts (rowid, text) SELECT id, text FROM messages
		WHERE id BETWEEN ? AND ? AND kind <> 'activity'`, first, last); err != nil {
		return fmt.Errorf("index messages: %w", err)
	}
	return nil
}

// flushText writes the held texts into the index.
func (tx *Tx) flushText() error {
	rows := tx.pendingText
	if len(rows) == 0 {
		return nil
	}
	tx.pendingText = nil
	if err := tx.insertRows("messages_fts (rowid, text)", rows, ""); err != nil {
		return fmt.Errorf("index messages: %w", err)
	}
	return nil
}

// beforeStatement writes the held texts into the index if query could change or delete a
// message (directly, or through a cascade).
func (tx *Tx) beforeStatement(query string) error {
	if len(tx.pendingText) == 0 {
		return nil
	}
	if strings.HasPrefix(query, "DELETE") || strings.HasPrefix(query, "UPDATE messages") {
		return tx.flushText()
	}
	return nil
}
