package sqlstore

import "context"

// RewindReportsForTest forgets every fact, state and rollup and moves the follower's cursor back
// to the start of the event log with no history to fold, so the whole log is folded again.
func (db *DB) RewindReportsForTest(ctx context.Context) error {
	return db.update(ctx, func(tx *Tx) error {
		for _, q := range []string{"DELETE FROM report_facts", "DELETE FROM report_conversations", "DELETE FROM report_days",
			"DELETE FROM report_load", "DELETE FROM report_agents",
			"UPDATE report_meta SET cursor = 0, history_conversations = 0, history_messages = 0, history_next = 0",
			"UPDATE report_zones SET through = 0, ready = TRUE"} {
			if _, err := tx.exec(q); err != nil {
				return err
			}
		}
		return nil
	})
}
