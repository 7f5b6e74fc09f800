package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/switchboardhq/switchboard"
)

// This file exposes internals to the sqlstore_test package, for tests only.

// SetWALLimitForTest lowers the size of SQLite's log beyond which the checkpointer empties it.
func (db *DB) SetWALLimitForTest(n int64) { db.walLimit.Store(n) }

// WALPathForTest is SQLite's log file.
func (db *DB) WALPathForTest() string { return db.walPath }

// SetBeforeCommitForTest makes every write transaction run fn just before it commits.
func (db *DB) SetBeforeCommitForTest(fn func()) { db.beforeCommit = fn }

// SetHeardForTest makes Listen call fn for every announcement it hears, with whether it came
// from another process. Set it before Listen runs.
func (db *DB) SetHeardForTest(fn func(fromOthers bool)) { db.heard = fn }

// RawInboxSecretsForTest returns an inbox's secrets column exactly as stored, so tests can check
// that no secret is kept in clear.
func (db *DB) RawInboxSecretsForTest(id int64) string {
	var s string
	if err := db.queryRow(context.Background(), "SELECT secrets FROM inboxes WHERE id = ?", id).Scan(&s); err != nil {
		panic(err)
	}
	return s
}

// SetRawInboxSecretsForTest overwrites an inbox's secrets column, as someone copying a sealed
// value between rows of the database would; the store sees it at once, not a second later as it
// would see a change made outside it.
func (db *DB) SetRawInboxSecretsForTest(id int64, sealed string) {
	if _, err := db.write.ExecContext(context.Background(), db.q("UPDATE inboxes SET secrets = ? WHERE id = ?"), sealed, id); err != nil {
		panic(err)
	}
	db.configGen.Add(1)
}

// CountRowsForTest counts the rows of a table, to check cascades and that failed requests wrote
// nothing. table is a constant in the tests, never input.
func (db *DB) CountRowsForTest(table string) int {
	var n int
	if err := db.queryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		panic(err)
	}
	return n
}

// RawWebhookSecretForTest returns a webhook's secret column exactly as stored, so tests can check
// that the secret is sealed.
func (db *DB) RawWebhookSecretForTest(id int64) string {
	var s string
	if err := db.queryRow(context.Background(), "SELECT secret FROM webhooks WHERE id = ?", id).Scan(&s); err != nil {
		panic(err)
	}
	return s
}

// SetRawWebhookSecretForTest overwrites a webhook's secret column, as someone copying a sealed
// value between rows would.
func (db *DB) SetRawWebhookSecretForTest(id int64, sealed string) {
	if _, err := db.write.ExecContext(context.Background(), db.q("UPDATE webhooks SET secret = ? WHERE id = ?"), sealed, id); err != nil {
		panic(err)
	}
}

// CreateWebhookDeliveryInTxForTest calls createWebhookDelivery inside a transaction of its own,
// as a dispatcher does inside its, and reports whether the delivery was new. With rollback the
// transaction is rolled back after the call, to show the delivery goes with it.
func (db *DB) CreateWebhookDeliveryInTxForTest(ctx context.Context, webhookID int64, eventID *int64, typ switchboard.EventType,
	at time.Time, rollback bool) (*switchboard.WebhookDelivery, bool, error) {
	var d *switchboard.WebhookDelivery
	var created bool
	errRollback := &switchboard.Error{Code: switchboard.ECONFLICT, Message: "rolled back on purpose"}
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if d, created, err = tx.createWebhookDelivery(webhookID, eventID, typ, at); err != nil {
			return err
		}
		if rollback {
			return errRollback
		}
		return nil
	})
	if errors.Is(err, errRollback) {
		err = nil
	}
	return d, created, err
}

// UploadKeyForTest returns the storage key of an upload.
func (db *DB) UploadKeyForTest(id int64) string {
	var k string
	if err := db.queryRow(context.Background(), "SELECT storage_key FROM uploads WHERE id = ?", id).Scan(&k); err != nil {
		panic(err)
	}
	return k
}

// FileExistsForTest reports whether the file store holds a key.
func (db *DB) FileExistsForTest(key string) bool {
	f, err := db.files.Open(context.Background(), key)
	if err == nil {
		f.Close()
	}
	return err == nil
}

// CheckTextIndexForTest checks SQLite's full-text index of messages: FTS5's own check of its
// structure, and that it holds exactly the messages that are not activities (each indexed
// document has a row in messages_fts_docsize). On PostgreSQL, whose index is a generated
// column, it does nothing.
func (db *DB) CheckTextIndexForTest() error {
	if db.dialect.name != "sqlite" {
		return nil
	}
	ctx := context.Background()
	if _, err := db.write.ExecContext(ctx, "INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 0)"); err != nil {
		return err
	}
	var missing, extra int
	if err := db.write.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM messages m WHERE m.kind <> 'activity' AND NOT EXISTS (SELECT 1 FROM messages_fts_docsize d WHERE d.id = m.id)),
		(SELECT COUNT(*) FROM messages_fts_docsize d WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = d.id AND m.kind <> 'activity'))`).
		Scan(&missing, &extra); err != nil {
		return err
	}
	if missing > 0 || extra > 0 {
		return fmt.Errorf("%d messages not indexed, %d indexed that should not be", missing, extra)
	}
	return nil
}

// TextSegmentsForTest returns how many segments SQLite's full-text index of messages is made of
// (-1 on PostgreSQL).
func (db *DB) TextSegmentsForTest() (int, error) {
	if db.dialect.name != "sqlite" {
		return -1, nil
	}
	var n int
	err := db.write.QueryRowContext(context.Background(), "SELECT COUNT(DISTINCT segid) FROM messages_fts_idx").Scan(&n)
	return n, err
}

// RollBackEventForTest appends an event in a transaction that then rolls back, as a failed
// write does: on PostgreSQL the id it was given is never used.
func (db *DB) RollBackEventForTest() {
	tx, err := db.write.BeginTx(context.Background(), nil)
	if err != nil {
		panic(err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(context.Background(), db.q("INSERT INTO events (type, data, created_at) VALUES ('rolled.back', 'null', 0)")); err != nil {
		panic(err)
	}
}

// CachedPlansForTest counts, over the PostgreSQL pool's connections, the prepared statements
// whose text contains fragment and that have run on a plan PostgreSQL cached (a generic plan,
// made without the statement's arguments). SQLite keeps no such plans: it returns 0.
func (db *DB) CachedPlansForTest(fragment string) int {
	if db.dialect.name != "postgres" {
		return 0
	}
	ctx := context.Background()
	var total int
	var held []*sql.Conn
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	// Holding every connection at once visits each of them, whichever served the statements.
	for range db.read.Stats().MaxOpenConnections {
		c, err := db.read.Conn(ctx)
		if err != nil {
			panic(err)
		}
		held = append(held, c)
		var n int
		if err := c.QueryRowContext(ctx, "SELECT COUNT(*) FROM pg_prepared_statements WHERE generic_plans > 0 AND strpos(statement, $1) > 0",
			fragment).Scan(&n); err != nil {
			panic(err)
		}
		total += n
	}
	return total
}

// HoldPasswordHashersForTest takes every password hasher, as sign-ins running at once would, and
// makes a check that finds none free wait only wait; release gives them back.
func (db *DB) HoldPasswordHashersForTest(wait time.Duration) (release func()) {
	db.passwordWait = wait
	for range cap(db.hashers) {
		db.hashers <- struct{}{}
	}
	return func() {
		for range cap(db.hashers) {
			<-db.hashers
		}
	}
}

// MessageIDByProviderForTest finds a message of an inbox by its provider id (0: none).
func (db *DB) MessageIDByProviderForTest(inboxID int64, providerID string) int64 {
	var id int64
	_ = db.queryRow(context.Background(), "SELECT id FROM messages WHERE inbox_id = ? AND provider_id = ?", inboxID, providerID).Scan(&id)
	return id
}

// SetContactSearchBoundsForTest replaces the bounds by which a contact search picks among all
// its hits or walks the order's index (see contactSetBound): 0, 0 always walks when the order is
// newest first and there are more hits than a page, large ones never do.
func (db *DB) SetContactSearchBoundsForTest(set, walk int) { db.contactBounds = &[2]int{set, walk} }

// AttrIndexesForTest lists the indexes of attribute values on contacts (see attrIndexDDL).
func (db *DB) AttrIndexesForTest(ctx context.Context) ([]string, error) {
	q := "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contacts' AND name LIKE 'contact\\_attr\\_%' ESCAPE '\\' ORDER BY name"
	if db.dialect.name == "postgres" {
		q = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'contacts' AND indexname LIKE 'contact\\_attr\\_%' ORDER BY indexname"
	}
	rows, err := db.write.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// AttrPlanForTest is the engine's plan of the address book's first page filtered by the
// attribute key (and value), as an admin sees it; on PostgreSQL with sequential scans off, as a
// table of a few rows would otherwise be read whole.
func (db *DB) AttrPlanForTest(ctx context.Context, key, value string) (string, error) {
	cond, args, err := db.attrCond(ctx, key, value)
	if err != nil {
		return "", err
	}
	q := "SELECT contacts.id FROM contacts WHERE contacts.merged_into IS NULL AND " + cond +
		" ORDER BY contacts.created_at DESC, contacts.id DESC LIMIT 26"
	return db.planForTest(ctx, q, args...)
}

// ConversationPlanForTest is the engine's plan of the conversation list's first page for the
// filter, as an admin sees it (every inbox); on PostgreSQL with sequential scans off.
func (db *DB) ConversationPlanForTest(ctx context.Context, f switchboard.ConversationFilter) (string, error) {
	if err := f.Validate(); err != nil {
		return "", err
	}
	q, args, err := conversationQuery(db.dialect.convSelect, f, 0, switchboard.InboxScope{All: true})
	if err != nil {
		return "", err
	}
	return db.planForTest(ctx, q, args...)
}

// planForTest is the engine's plan of a query; on PostgreSQL with sequential scans off, as a
// table of a few rows would otherwise be read whole.
func (db *DB) planForTest(ctx context.Context, q string, args ...any) (string, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	explain := "EXPLAIN QUERY PLAN "
	if db.dialect.name == "postgres" {
		explain = "EXPLAIN "
		if _, err := tx.ExecContext(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
			return "", err
		}
	}
	rows, err := tx.QueryContext(ctx, db.q(explain+q), args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var plan string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		plan += fmt.Sprintln(vals...)
	}
	return plan, rows.Err()
}

// DropAttrIndexForTest drops the index of key's values, as if its definition predated them.
func (db *DB) DropAttrIndexForTest(ctx context.Context, key string) error {
	_, err := db.write.ExecContext(ctx, "DROP INDEX "+attrIndexName(key))
	return err
}

// CancelJobsForTest cancels the waiting jobs of a kind.
func (db *DB) CancelJobsForTest(kind string) error {
	_, err := db.write.Exec(db.q("UPDATE jobs SET state = 'cancelled' WHERE kind = ? AND state = 'available'"), kind)
	return err
}

// IndexSQLForTest is an index's definition as the engine keeps it.
func (db *DB) IndexSQLForTest(name string) (string, error) {
	q := "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?"
	if db.dialect.name == "postgres" {
		q = "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ?"
	}
	var def string
	err := db.read.QueryRowContext(context.Background(), db.q(q), name).Scan(&def)
	return def, err
}
