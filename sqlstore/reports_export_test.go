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

// AddReportZoneRowForTest writes a report_zones row as it is, unchecked (a zone another host
// registered).
func (db *DB) AddReportZoneRowForTest(ctx context.Context, zone string, ready bool) error {
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec("INSERT INTO report_zones (zone, through, ready) VALUES (?, 0, ?)", zone, ready)
		return err
	})
}

// ReportZoneRowForTest reads a zone's row: how far it is built and whether it is ready.
func (db *DB) ReportZoneRowForTest(ctx context.Context, zone string) (through int64, ready bool, err error) {
	err = db.queryRow(ctx, "SELECT through, ready FROM report_zones WHERE zone = ?", zone).Scan(&through, &ready)
	return through, ready, err
}

// ReportFactIDsForTest lists the ids of the facts kept, in order.
func (db *DB) ReportFactIDsForTest(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		ids, err = tx.ids("SELECT id FROM report_facts ORDER BY id")
		return err
	})
	return ids, err
}

// ReportLabelCandidatesForTest lists the conversations whose states a change of the label
// would read (see labelCandidates).
func (db *DB) ReportLabelCandidatesForTest(ctx context.Context, labelID int64) ([]int64, error) {
	var ids []int64
	err := db.update(ctx, func(tx *Tx) error {
		m, err := tx.reportMeta()
		if err != nil {
			return err
		}
		ids, err = tx.labelCandidates(labelID, m.cursor)
		return err
	})
	return ids, err
}
