package sqlstore

import "context"

// SetAgentPreferencesForTest writes an agent's old preferences column, as an agent who set them
// before notifications existed left it.
func (db *DB) SetAgentPreferencesForTest(agentID int64, raw string) {
	if _, err := db.write.ExecContext(context.Background(), db.q("UPDATE agents SET preferences = ? WHERE id = ?"), raw, agentID); err != nil {
		panic(err)
	}
}

// SetNotifyStepCapForTest makes a notifications step end once it kept n deliveries.
func (db *DB) SetNotifyStepCapForTest(n int) { db.notifyStepCap = n }

// NotifyCursorForTest returns the notification follower's cursor.
func (db *DB) NotifyCursorForTest() int64 {
	var c int64
	if err := db.queryRow(context.Background(), "SELECT cursor FROM notify_meta WHERE id = 1").Scan(&c); err != nil {
		panic(err)
	}
	return c
}

// JobKeysForTest returns the unique keys of the live jobs of a kind, oldest first.
func (db *DB) JobKeysForTest(kind string) []string {
	rows, err := db.query(context.Background(), "SELECT COALESCE(unique_key, '') FROM jobs WHERE kind = ? AND state IN ('available', 'running') ORDER BY id", kind)
	if err != nil {
		panic(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			panic(err)
		}
		out = append(out, k)
	}
	return out
}

// RawNotificationMailPasswordForTest returns the mail account's password column as stored.
func (db *DB) RawNotificationMailPasswordForTest() string {
	var s string
	if err := db.queryRow(context.Background(), "SELECT mail_password FROM notify_meta WHERE id = 1").Scan(&s); err != nil {
		panic(err)
	}
	return s
}

// HoldNotifyLockForTest takes the notification follower's lock, as another node's step would,
// until release is called; ok is false on SQLite, which has none.
func (db *DB) HoldNotifyLockForTest() (release func(), ok bool) {
	if db.dialect.xactLock == "" {
		return func() {}, false
	}
	tx, err := db.write.BeginTx(context.Background(), nil)
	if err != nil {
		panic(err)
	}
	if _, err := tx.Exec(db.q("SELECT pg_advisory_xact_lock(hashtext(current_schema()), ?)"), lockNotifications); err != nil {
		panic(err)
	}
	return func() { _ = tx.Rollback() }, true
}
