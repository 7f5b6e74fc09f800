package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/switchboardhq/switchboard"
)

// Tx is a write transaction. Every change a service makes goes through one, together with the
// events that describe it, so the log and the data can never disagree.
type Tx struct {
	tx     *sql.Tx
	db     *DB
	ctx    context.Context
	now    time.Time
	actor  switchboard.Actor
	events []*switchboard.Event
	// enqueued is set when the transaction added jobs, so the runner is woken after commit.
	enqueued bool
	// unprepared are queries run without a cached statement, prepared once the transaction
	// ends (preparing on the pool meanwhile would wait for the connection the transaction holds).
	unprepared []string
	// undo are run if the transaction does not commit: files written for it are removed.
	undo []func()
}

// onRollback runs fn if the transaction ends without committing.
func (tx *Tx) onRollback(fn func()) { tx.undo = append(tx.undo, fn) }

// stmt returns the cached statement of a query for use in the transaction, or nil (noting the
// query, to be prepared when the transaction ends).
func (tx *Tx) stmt(query string) *sql.Stmt {
	if tx.db.dialect.name == "postgres" {
		return nil
	}
	if st, ok := tx.db.stmts.Load(stmtKey{tx.db.write, query}); ok {
		return st.(*sql.Stmt)
	}
	tx.unprepared = append(tx.unprepared, query)
	return nil
}

// update runs fn in a write transaction and commits it with the events fn emitted, then signals
// Changes.
func (db *DB) update(ctx context.Context, fn func(tx *Tx) error) error {
	actor, _ := switchboard.ActorFromContext(ctx)
	sqltx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{tx: sqltx, db: db, ctx: ctx, now: db.now().UTC().Truncate(time.Microsecond), actor: actor}
	defer func() {
		for _, q := range tx.unprepared {
			db.stmt(ctx, db.write, q)
		}
	}()
	committed := false
	defer func() {
		if !committed {
			for _, fn := range tx.undo {
				fn()
			}
		}
	}()
	if err := fn(tx); err != nil {
		_ = sqltx.Rollback()
		return err
	}
	if err := tx.flushEvents(); err != nil {
		_ = sqltx.Rollback()
		return err
	}
	if err := sqltx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	committed = true
	if len(tx.events) > 0 {
		db.signalChanges()
	}
	if tx.enqueued {
		select {
		case db.jobsChanged <- struct{}{}:
		default:
		}
	}
	return nil
}

func (tx *Tx) exec(query string, args ...any) (sql.Result, error) {
	if st := tx.stmt(query); st != nil {
		return tx.tx.StmtContext(tx.ctx, st).ExecContext(tx.ctx, args...)
	}
	return tx.tx.ExecContext(tx.ctx, tx.db.q(query), args...)
}

func (tx *Tx) query(query string, args ...any) (*sql.Rows, error) {
	if st := tx.stmt(query); st != nil {
		return tx.tx.StmtContext(tx.ctx, st).QueryContext(tx.ctx, args...)
	}
	return tx.tx.QueryContext(tx.ctx, tx.db.q(query), args...)
}

func (tx *Tx) queryRow(query string, args ...any) *sql.Row {
	if st := tx.stmt(query); st != nil {
		return tx.tx.StmtContext(tx.ctx, st).QueryRowContext(tx.ctx, args...)
	}
	return tx.tx.QueryRowContext(tx.ctx, tx.db.q(query), args...)
}

// insert runs an INSERT … RETURNING id and returns the id.
func (tx *Tx) insert(query string, args ...any) (int64, error) {
	var id int64
	err := tx.queryRow(query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// Names of transaction locks.
const (
	lockEventLog int64 = 7302145 + iota
	lockSetup
)

// lock takes a named lock until the transaction ends, where the engine needs one.
func (tx *Tx) lock(key int64) error {
	if tx.db.dialect.xactLock == "" {
		return nil
	}
	_, err := tx.exec(tx.db.dialect.xactLock, key)
	return err
}

// emit records an event to be appended to the log at commit. data is marshalled to JSON.
func (tx *Tx) emit(typ switchboard.EventType, inboxID, conversationID, agentID *int64, data any) {
	raw, err := json.Marshal(data)
	if err != nil {
		raw = []byte("null") // data are our own types; this cannot happen
	}
	tx.events = append(tx.events, &switchboard.Event{
		Type: typ, InboxID: inboxID, ConversationID: conversationID, AgentID: agentID,
		ActorID: tx.actor.ActorID(), Data: raw, CreatedAt: tx.now,
	})
}

func (tx *Tx) flushEvents() error {
	if len(tx.events) == 0 {
		return nil
	}
	// PostgreSQL hands out identity values before commit, so two transactions could commit event
	// ids 11 then 10, and a reader that saw 11 would skip 10. Appending under a lock held to the
	// end of the transaction makes ids become visible in order.
	if err := tx.lock(lockEventLog); err != nil {
		return fmt.Errorf("lock event log: %w", err)
	}
	for _, e := range tx.events {
		id, err := tx.insert(`INSERT INTO events (type, inbox_id, conversation_id, agent_id, actor_id, data, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, string(e.Type), e.InboxID, e.ConversationID, e.AgentID, e.ActorID,
			string(e.Data), micro(e.CreatedAt))
		if err != nil {
			return fmt.Errorf("append event %s: %w", e.Type, err)
		}
		e.ID = id
	}
	if err := tx.dispatchWebhooks(); err != nil {
		return err
	}
	if tx.db.dialect.notify != "" {
		// Delivered to every listening node when, and only if, the transaction commits.
		if _, err := tx.exec(tx.db.dialect.notify); err != nil {
			return fmt.Errorf("announce events: %w", err)
		}
	}
	return nil
}

// micro converts a time to the stored form: Unix microseconds.
func micro(t time.Time) int64 { return t.UnixMicro() }

// microPtr converts an optional time; nil stays NULL.
func microPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMicro()
}

// fromMicro converts a stored time back, in UTC.
func fromMicro(us int64) time.Time { return time.UnixMicro(us).UTC() }

// fromNullMicro converts an optional stored time.
func fromNullMicro(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMicro(v.Int64)
	return &t
}

// nullInt64 converts an optional id for scanning results.
func fromNullInt64(v sql.NullInt64) *int64 {
	if !v.Valid {
		return nil
	}
	n := v.Int64
	return &n
}

// isUniqueViolation reports whether err is a unique-constraint violation on either engine.
func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// isForeignKeyViolation reports whether err is a foreign-key violation on either engine.
func isForeignKeyViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23503"
}

// notFound returns the ENOTFOUND error for a kind of thing.
func notFound(what string) error {
	return switchboard.Errorf(switchboard.ENOTFOUND, "%s not found.", what)
}
