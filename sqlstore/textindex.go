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
//
// FTS5 would also merge the index's segments in bursts (see migration 0007); instead every
// write that adds to the index merges a few pages for each page it added (mergeText).

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
	res, err := tx.exec(`INSERT INTO messages_fts (rowid, text) SELECT id, text FROM messages
		WHERE id BETWEEN ? AND ? AND kind <> 'activity'`, first, last)
	if err != nil {
		return fmt.Errorf("index messages: %w", err)
	}
	n, _ := res.RowsAffected()
	return tx.mergeText(n * typicalIndexedBytes)
}

// typicalIndexedBytes is about what a message adds to the index, for a bulk insert whose texts
// the store has not seen.
const typicalIndexedBytes = 120

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
	size := 0
	for _, r := range rows {
		size += len(r[1].(string))
	}
	return tx.mergeText(int64(size))
}

// mergePagesPerPage is how many pages of the index's segments are merged for each page written
// to it. FTS5's own automerge allows one per level of the index (about eight at a million
// messages) and merges only where four segments of a level wait, so this keeps pace with room
// to spare; a merge with nothing to do costs almost nothing.
const mergePagesPerPage = 16

// mergeEvery is how many pages are written to the index between merges: each merge first finds
// its place in the segments it merges, so merging after every write cost more in all (an
// eighth of the webhooks per second) for no better tail.
const mergeEvery = 4

// mergeText merges the index's segments after a write that added about size bytes of text to
// it (a new segment of at least a page): a few dozen pages every few writes, where FTS5 would
// have merged hundreds at once every so often.
func (tx *Tx) mergeText(size int64) error {
	written := tx.db.textPages.Add(1 + size/4000) // FTS5 pages hold about 4,000 bytes
	if written < mergeEvery {
		return nil
	}
	tx.db.textPages.Store(0)
	if _, err := tx.exec(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('merge', ?)`, mergePagesPerPage*written); err != nil {
		return fmt.Errorf("merge the text index: %w", err)
	}
	return nil
}

// flushTextBefore writes the held texts into the index if query could change or delete a
// message (directly, or through a cascade), whose triggers take the old text out of the index.
func (tx *Tx) flushTextBefore(query string) error {
	if len(tx.pendingText) > 0 && (strings.HasPrefix(query, "DELETE") || strings.HasPrefix(query, "UPDATE messages")) {
		return tx.flushText()
	}
	return nil
}
