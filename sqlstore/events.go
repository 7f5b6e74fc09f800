package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

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
	q := "SELECT id, type, inbox_id, conversation_id, agent_id, actor_id, data, created_at FROM events" +
		w.sql() + " ORDER BY id" + limitSQL(limit)
	// Planned at every read, for the log as it is then. The log starts empty and only grows,
	// and the plan PostgreSQL caches for a statement after its first few runs was, while the log
	// was small, a scan of the whole table: it stays until an ANALYZE of the log, which never
	// comes with autovacuum off, and the hub reads the log after every commit. With that plan
	// each read cost as much as the log was long.
	args := db.plannedEachRun(w.args)
	var events []*switchboard.Event
	if actor.System && db.dialect.appendEvents != "" {
		events, err = db.settledEvents(ctx, afterID, q, args)
	} else {
		err = db.readEventLog(ctx, func(query queryFunc) (err error) {
			events, err = readEvents(query, q, args)
			return err
		})
	}
	if err != nil {
		return nil, fmt.Errorf("find events: %w", err)
	}
	return events, nil
}

// readEvents runs a query of FindEvents' columns and scans its rows.
func readEvents(query queryFunc, q string, args []any) ([]*switchboard.Event, error) {
	rows, err := query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	events := []*switchboard.Event{}
	for rows.Next() {
		var e switchboard.Event
		var inbox, conv, agent, actorID sql.NullInt64
		var data string
		var created int64
		if err := rows.Scan(&e.ID, &e.Type, &inbox, &conv, &agent, &actorID, &data, &created); err != nil {
			return nil, err
		}
		e.InboxID, e.ConversationID, e.AgentID, e.ActorID = fromNullInt64(inbox), fromNullInt64(conv), fromNullInt64(agent), fromNullInt64(actorID)
		e.Data, e.CreatedAt = []byte(data), fromMicro(created)
		events = append(events, &e)
	}
	return events, rows.Err()
}

// gapWait is the longest of settledEvents' waits for a missing event id (0.5, 1, 2 and 4 ms:
// 7.5 ms in all) before it takes the lock; a commit under way takes a millisecond or two.
const gapWait = 4 * time.Millisecond

// settledEvents is PostgreSQL's read of the whole log after an id (the realtime hub's, after
// every commit), made without the log's lock where it can be. Event ids are handed out one
// after another and each is written once, so the events found at afterID+1, afterID+2, … with
// none missing are final, whatever commits later. Only an id missing before a found one may
// still be committing: the read then waits a little and looks again, and takes the lock (see
// readEventLog) for an id that stays missing, which a transaction that rolled back leaves.
// Taking the lock for every read made each webhook's transaction wait for the commits before
// it: the reader's request queues the writers behind it.
func (db *DB) settledEvents(ctx context.Context, afterID int64, q string, args []any) ([]*switchboard.Event, error) {
	for wait := time.Millisecond / 2; wait <= gapWait; wait *= 2 {
		events, err := readEvents(db.reader(ctx), q, args)
		if err != nil {
			return nil, err
		}
		n := 0
		for n < len(events) && events[n].ID == afterID+int64(n)+1 {
			n++
		}
		if n == len(events) {
			return events, nil
		}
		if n > 0 {
			// The rest waits for the missing id; the reader is told to look again for it.
			db.signalChanges()
			return events[:n], nil
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		}
	}
	var events []*switchboard.Event
	err := db.readEventLog(ctx, func(query queryFunc) (err error) {
		events, err = readEvents(query, q, args)
		return err
	})
	return events, err
}

// LastEventID returns the id of the newest event, 0 for an empty log.
func (db *DB) LastEventID(ctx context.Context) (int64, error) {
	if _, err := requireActor(ctx); err != nil {
		return 0, err
	}
	var id int64
	err := db.readEventLog(ctx, func(query queryFunc) error {
		rows, err := query("SELECT COALESCE(MAX(id), 0) FROM events")
		if err != nil {
			return err
		}
		defer rows.Close()
		if rows.Next() {
			if err := rows.Scan(&id); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return 0, fmt.Errorf("last event id: %w", err)
	}
	return id, nil
}

// readEventLog runs a read of the event log that no later commit can pass: whatever it sees is
// the whole log up to the newest event it sees. On SQLite, whose one writer commits events in id
// order, any read is. On PostgreSQL, which hands out ids before commit, a transaction could
// commit event 11 before another commits 10; writers append holding the log's lock shared (see
// flushEvents), so the read first takes it exclusively, which waits for the writers appending at
// that moment to commit, and reads while it holds it: no event is then between getting its id
// and committing.
func (db *DB) readEventLog(ctx context.Context, read func(query queryFunc) error) error {
	if db.dialect.appendEvents == "" {
		return read(db.reader(ctx))
	}
	tx, err := db.read.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, db.q(db.dialect.xactLock), lockEventLog); err != nil {
		return err
	}
	if err := read(func(query string, args ...any) (*sql.Rows, error) { return tx.QueryContext(ctx, db.q(query), args...) }); err != nil {
		return err
	}
	return tx.Commit()
}
