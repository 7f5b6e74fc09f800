package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.AuditService = (*DB)(nil)

// FindAudit lists the audit log newest first, a page at a time (keyset on the id); admins only.
func (db *DB) FindAudit(ctx context.Context, cursor string, limit int) (*switchboard.AuditPage, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = switchboard.DefaultPageSize
	}
	if limit > switchboard.MaxPageSize {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Invalid limit.",
			Fields: map[string]string{"limit": fmt.Sprintf("Use 1 to %d.", switchboard.MaxPageSize)}}
	}
	var w where
	if cursor != "" {
		_, id, err := decodeCursor(cursor)
		if err != nil {
			return nil, err
		}
		w.add("id < ?", id)
	}
	rows, err := db.query(ctx, "SELECT id, action, actor_id, actor_name, subject, subject_id, details, created_at FROM audit_log"+
		w.sql()+" ORDER BY id DESC"+limitSQL(limit+1), w.args...)
	if err != nil {
		return nil, fmt.Errorf("find audit: %w", err)
	}
	defer rows.Close()
	page := &switchboard.AuditPage{Items: []*switchboard.AuditEntry{}}
	for rows.Next() {
		var e switchboard.AuditEntry
		var actor sql.NullInt64
		var details string
		var created int64
		if err := rows.Scan(&e.ID, &e.Action, &actor, &e.ActorName, &e.Subject, &e.SubjectID, &details, &created); err != nil {
			return nil, fmt.Errorf("find audit: %w", err)
		}
		if actor.Valid {
			e.ActorID = &actor.Int64
		}
		e.Details, e.CreatedAt = json.RawMessage(details), fromMicro(created)
		page.Items = append(page.Items, &e)
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		page.NextCursor = encodeCursor(0, page.Items[limit-1].ID)
	}
	return page, rows.Err()
}
