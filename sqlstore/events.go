package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.EventService = (*DB)(nil)

// MaxEventPage bounds one read of the event log.
const MaxEventPage = 1000

// FindEvents reads the log after an id with the actor's visibility: events for one agent go to
// that agent only; events of an inbox to those who see it; the rest to everyone.
func (db *DB) FindEvents(ctx context.Context, afterID int64, limit int) ([]*switchboard.Event, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > MaxEventPage {
		limit = MaxEventPage
	}
	var w where
	w.add("id > ?", afterID)
	if horizon, ok, err := db.eventHorizon(ctx); err != nil {
		return nil, err
	} else if ok {
		w.add("id <= ?", horizon)
	}
	if !actor.System {
		me := viewerID(actor)
		scope, err := db.scope(ctx, actor)
		if err != nil {
			return nil, err
		}
		inbox := "inbox_id IS NULL"
		var args []any
		if scope.All {
			inbox = "TRUE"
		} else if len(scope.IDs) > 0 {
			ids := scopeArgs(scope)
			var iw where
			iw.in("inbox_id", ids)
			inbox = "(inbox_id IS NULL OR " + iw.conds[0] + ")"
			args = ids
		}
		w.add("(agent_id = ? OR (agent_id IS NULL AND "+inbox+"))", append([]any{me}, args...)...)
	}
	rows, err := db.query(ctx, "SELECT id, type, inbox_id, conversation_id, agent_id, actor_id, data, created_at FROM events"+
		w.sql()+" ORDER BY id"+limitSQL(limit), w.args...)
	if err != nil {
		return nil, fmt.Errorf("find events: %w", err)
	}
	defer rows.Close()
	events := []*switchboard.Event{}
	for rows.Next() {
		var e switchboard.Event
		var inbox, conv, agent, actorID sql.NullInt64
		var data string
		var created int64
		if err := rows.Scan(&e.ID, &e.Type, &inbox, &conv, &agent, &actorID, &data, &created); err != nil {
			return nil, fmt.Errorf("find events: %w", err)
		}
		e.InboxID, e.ConversationID, e.AgentID, e.ActorID = fromNullInt64(inbox), fromNullInt64(conv), fromNullInt64(agent), fromNullInt64(actorID)
		e.Data, e.CreatedAt = []byte(data), fromMicro(created)
		events = append(events, &e)
	}
	return events, rows.Err()
}

// LastEventID returns the id of the newest event, 0 for an empty log.
func (db *DB) LastEventID(ctx context.Context) (int64, error) {
	if _, err := requireActor(ctx); err != nil {
		return 0, err
	}
	if horizon, ok, err := db.eventHorizon(ctx); err != nil || ok {
		return horizon, err
	}
	var id int64
	if err := db.queryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM events").Scan(&id); err != nil {
		return 0, fmt.Errorf("last event id: %w", err)
	}
	return id, nil
}

// eventHorizon returns, on PostgreSQL, the id up to which the event log is final: every event
// with a smaller or equal id has committed (or never will), so a reader that has seen the log up
// to it can never be passed by a later commit. It takes the log's lock exclusively, which waits
// for the writers appending at that moment to commit; writers that come later get larger ids.
// ok is false on SQLite, whose one writer commits events in id order.
func (db *DB) eventHorizon(ctx context.Context) (horizon int64, ok bool, err error) {
	if db.dialect.appendEvents == "" {
		return 0, false, nil
	}
	tx, err := db.read.BeginTx(ctx, nil)
	if err != nil {
		return 0, false, fmt.Errorf("event horizon: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, db.q(db.dialect.xactLock), lockEventLog); err != nil {
		return 0, false, fmt.Errorf("event horizon: %w", err)
	}
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM events").Scan(&horizon); err != nil {
		return 0, false, fmt.Errorf("event horizon: %w", err)
	}
	return horizon, true, tx.Commit()
}
