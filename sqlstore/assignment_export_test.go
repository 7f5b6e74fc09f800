package sqlstore

import "context"

// AssignedForTest counts an inbox's unresolved conversations per assignee (0: unassigned).
func (db *DB) AssignedForTest(inboxID int64) map[int64]int {
	rows, err := db.query(context.Background(), "SELECT COALESCE(assignee_id, 0), COUNT(*) FROM conversations WHERE inbox_id = ? AND status <> 'resolved' GROUP BY COALESCE(assignee_id, 0)", inboxID)
	if err != nil {
		panic(err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			panic(err)
		}
		out[id] = n
	}
	return out
}

// CountMessagesLikeForTest counts the milestones of an inbox whose text is LIKE pattern.
func (db *DB) CountMessagesLikeForTest(inboxID int64, pattern string) int {
	var n int
	if err := db.queryRow(context.Background(), "SELECT COUNT(*) FROM messages WHERE inbox_id = ? AND kind = 'activity' AND text LIKE ?", inboxID, pattern).Scan(&n); err != nil {
		panic(err)
	}
	return n
}
