package sqlstore

import "context"

// This file exposes internals to the sqlstore_test package, for tests only.

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
// value between rows of the database would.
func (db *DB) SetRawInboxSecretsForTest(id int64, sealed string) {
	if _, err := db.write.ExecContext(context.Background(), db.q("UPDATE inboxes SET secrets = ? WHERE id = ?"), sealed, id); err != nil {
		panic(err)
	}
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
