package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
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
	// hiding is set while a blocked contact's message is written (see receiveMessage).
	hiding bool
	// copies are events that repeat another of the transaction for other readers (see
	// emitContact), or are only for one agent's windows (notifications): rules, analysis and
	// outgoing webhooks skip them. A set: a notifications step writes thousands.
	copies map[*switchboard.Event]bool
	// enqueued is set when the transaction added jobs, so the runner is woken after commit.
	enqueued bool
	// unprepared are queries run without a cached statement, prepared once the transaction
	// ends (preparing on the pool meanwhile would wait for the connection the transaction holds).
	unprepared []string
	// pendingText are new messages' (id, text) waiting for the full-text index (see indexLater).
	pendingText [][]any
	// heldPayloads and heldWindows are rows nothing in the transaction reads back, written when
	// it ends with a statement or two for all of them (see flushHeld).
	heldPayloads [][]any
	heldWindows  map[[2]int64][]any
	// broken is a failure the transaction must roll back for whatever its function returns:
	// one that queryRow, which returns no error of its own, met before its statement.
	broken error
	// imported are the contacts a CSV import batch created or changed, whose timeline facts
	// (contact_facts) are written with one statement at the end of the batch.
	imported []int64
	// undo are run if the transaction does not commit: files written for it are removed.
	undo []func()
	// configChanged is set when the transaction changed the configuration: an agent, an API
	// token, a session, an inbox or its secrets, a team, a membership, a webhook. What the store
	// remembers of those (see remembered) is dropped when it commits.
	configChanged bool
	// chains are the rule chains of the events emitted while a rule's actions ran (see
	// dispatchRules); afterEvents run once the events have their ids.
	chains      map[*switchboard.Event][]int64
	afterEvents []func() error
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

// update runs fn in a write transaction of its own and commits it with the events fn emitted,
// then signals Changes. It returns once the commit is durable (or fn failed).
func (db *DB) update(ctx context.Context, fn func(tx *Tx) error) error {
	return db.enqueue(ctx, fn, false, 0)
}

// updateGrouped is update for the hot write paths (provider webhooks, the job runner's claims
// and outcomes, delivery results), which may commit many times a second: calls that arrive while
// a transaction is under way share the next one and pay one commit (one fsync, one event-log
// lock, on PostgreSQL one BEGIN and COMMIT) between them. That is what lets thousands of
// webhooks a second through the one writer SQLite allows without weakening synchronous=FULL,
// and through PostgreSQL without thousands of round trips for transactions alone.
// If any fn of a group fails, the group is rolled back and each of its calls runs again alone,
// so a failure stays the failing call's own. fn must therefore be safe to run twice: it may keep
// nothing from a first run but what it resets (as receiveBatch does with its result).
//
// On PostgreSQL grouped writes go through pgLanes committers at once, chosen by lane: writes
// about one customer (a number's webhooks) should share a lane, so that their groups never wait
// for each other's locks; others may pass 0.
func (db *DB) updateGrouped(ctx context.Context, lane uint64, fn func(tx *Tx) error) error {
	return db.enqueue(ctx, fn, true, lane)
}

// pgLanes is how many committers run PostgreSQL's grouped writes side by side. One committer
// ran a webhook's statements one round trip after another and left a core idle; groups in two
// lanes may wait for each other's row locks, and in the rare cycle PostgreSQL aborts one (after
// its deadlock_timeout), whose writes then run again alone.
const pgLanes = 2

// maxGroup bounds how many calls share one transaction.
const maxGroup = 64

// maxCommitting bounds, on PostgreSQL, the grouped transactions committing at once while the
// committer goes on with the next group (see commitWrites).
const maxCommitting = 4

// write is one call of update or updateGrouped waiting for the committer.
type write struct {
	ctx      context.Context
	fn       func(tx *Tx) error
	grouped  bool
	err      error
	panicked any
	done     chan struct{}
}

// enqueue hands a write to the committer and waits for its outcome. PostgreSQL takes concurrent
// write transactions, so there a plain write runs at once in its caller's goroutine; only
// grouped writes, and every write to SQLite's one writer, go through the committer.
func (db *DB) enqueue(ctx context.Context, fn func(tx *Tx) error, grouped bool, lane uint64) error {
	w := &write{ctx: ctx, fn: fn, grouped: grouped, done: make(chan struct{})}
	if db.dialect.name == "postgres" && !grouped {
		db.commitAlone(w)
		if w.panicked != nil {
			panic(w.panicked)
		}
		return w.err
	}
	db.writesOnce.Do(db.startCommitters)
	select {
	case db.writes[lane%uint64(len(db.writes))] <- w:
	case <-ctx.Done():
		return ctx.Err()
	}
	// Wait for the outcome even if ctx ends now: the write may already be committing, and the
	// caller must not report a failure for what has happened.
	<-w.done
	if w.panicked != nil {
		panic(w.panicked)
	}
	return w.err
}

// commitWrites commits the queued writes in order: each plain write alone, and runs of grouped
// writes together. It runs for the life of the process: after Close, each write fails at BEGIN
// like any other use of a closed store.
//
// On PostgreSQL a lane's groups run their statements here, one group after another, but each
// commit (the wait for the log's flush) is left to a goroutine of its own while the next
// group's statements run: the lane's groups never wait for each other's locks in a cycle (a
// group waits at most for one that has run all its statements and is only committing), and the
// commits' waits overlap.
func (db *DB) commitWrites(writes chan *write) {
	var next *write
	group := make([]*write, 0, maxGroup)
	committing := make(chan struct{}, maxCommitting)
	for {
		w := next
		if w == nil {
			w = <-writes
		}
		next = nil
		group = append(group[:0], w)
	drain:
		for w.grouped && len(group) < maxGroup {
			select {
			case o := <-writes:
				if !o.grouped {
					next = o // runs alone, after this group
					break drain
				}
				group = append(group, o)
			default:
				break drain
			}
		}
		if db.dialect.name == "postgres" {
			committing <- struct{}{}
			tx, err := db.prepare(func(tx *Tx) error { return tx.runAll(group) })
			go func(group []*write) {
				defer func() { <-committing }()
				db.settleGroup(group, tx, err)
			}(slices.Clone(group))
			continue
		}
		if len(group) == 1 || !db.commitGroup(group) {
			for _, w := range group {
				db.commitAlone(w)
			}
		}
		for _, w := range group {
			close(w.done)
		}
	}
}

// startCommitters starts the committers: SQLite's one, or PostgreSQL's pgLanes.
func (db *DB) startCommitters() {
	n := 1
	if db.dialect.name == "postgres" {
		n = pgLanes
	}
	db.writes = make([]chan *write, n)
	for i := range db.writes {
		db.writes[i] = make(chan *write, maxGroup)
		go db.commitWrites(db.writes[i])
	}
}

// runAll runs a group's writes in the transaction, stopping at the first that fails.
func (tx *Tx) runAll(group []*write) error {
	for _, w := range group {
		if err := tx.run(w); err != nil {
			return err
		}
	}
	return nil
}

// commitAlone runs one write in a transaction of its own and sets its outcome.
func (db *DB) commitAlone(w *write) {
	if w.err = w.ctx.Err(); w.err != nil {
		return // given up while it waited: never started
	}
	w.err = db.transact(func(tx *Tx) error { return tx.run(w) })
}

// commitGroup runs grouped writes in one transaction. It reports false, having rolled back,
// when any of them failed (or the commit did): each then runs again alone.
func (db *DB) commitGroup(group []*write) bool {
	tx, err := db.prepare(func(tx *Tx) error { return tx.runAll(group) })
	if err == nil {
		err = tx.commit()
	}
	for _, w := range group {
		w.err, w.panicked = nil, nil
	}
	return err == nil
}

// settleGroup commits a group prepared by commitWrites (tx, or the error that stopped it) and
// sets its writes' outcomes: a lone write's is the transaction's; when a group of several
// fails, each runs again alone.
func (db *DB) settleGroup(group []*write, tx *Tx, err error) {
	if err == nil {
		err = tx.commit()
	}
	switch {
	case len(group) == 1:
		if w := group[0]; w.err == nil {
			w.err = err // a failure of the commit, or of what followed the write
		}
	case err == nil:
		for _, w := range group {
			w.err, w.panicked = nil, nil
		}
	default:
		for _, w := range group {
			w.panicked = nil
			db.commitAlone(w)
		}
	}
	for _, w := range group {
		close(w.done)
	}
}

// transact runs fn in a transaction and commits it with the events emitted, then signals
// Changes (and the job runner when jobs were enqueued). Files written for a transaction that
// does not commit are removed.
func (db *DB) transact(fn func(tx *Tx) error) error {
	tx, err := db.prepare(fn)
	if err != nil {
		return err
	}
	return tx.commit()
}

// prepare begins a transaction and runs fn in it, then appends the events fn emitted. On
// failure it has rolled the transaction back; else the transaction awaits commit.
func (db *DB) prepare(fn func(tx *Tx) error) (*Tx, error) {
	sqltx, err := db.write.BeginTx(context.Background(), nil)
	if err != nil {
		db.noteWrite(err)
		return nil, fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{tx: sqltx, db: db}
	if db.readOnly.Load() {
		if _, err := sqltx.Exec("SET TRANSACTION READ ONLY"); err != nil {
			_ = sqltx.Rollback()
			return nil, fmt.Errorf("begin: %w", err)
		}
	}
	err = fn(tx)
	if err == nil {
		err = tx.broken
	}
	if err == nil {
		err = tx.flushText()
	}
	if err == nil {
		err = tx.flushEvents()
	}
	if err == nil {
		err = tx.flushHeld() // what flushEvents did not write with the events
	}
	if err != nil {
		_ = sqltx.Rollback()
		tx.ended(false)
		db.noteWrite(err)
		return nil, err
	}
	return tx, nil
}

// commit commits a prepared transaction, then signals Changes (and the job runner when jobs
// were enqueued).
func (tx *Tx) commit() error {
	db := tx.db
	if db.beforeCommit != nil {
		db.beforeCommit()
	}
	err := tx.tx.Commit()
	db.noteWrite(err)
	if err != nil {
		tx.ended(false)
		return fmt.Errorf("commit: %w", err)
	}
	tx.ended(true)
	db.commits.Add(1)
	if tx.configChanged {
		db.configGen.Add(1)
	}
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

// ended runs what follows a transaction's end: the statements it ran unprepared are prepared,
// and the files written for it are removed if it did not commit.
func (tx *Tx) ended(committed bool) {
	for _, q := range tx.unprepared {
		tx.db.stmt(context.Background(), tx.db.write, q)
	}
	if !committed {
		for _, fn := range tx.undo {
			fn()
		}
	}
}

// run runs one write's fn in the transaction, as the write's actor and at its own time, records
// its outcome and returns it when it is a failure (a panic is one). The transaction's time only
// moves forward, so writes sharing a transaction keep their order.
func (tx *Tx) run(w *write) (failed error) {
	if w.err = w.ctx.Err(); w.err != nil {
		return w.err
	}
	now := tx.db.now().UTC().Truncate(time.Microsecond)
	if !tx.now.IsZero() && !now.After(tx.now) {
		now = tx.now.Add(time.Microsecond)
	}
	actor, _ := switchboard.ActorFromContext(w.ctx)
	tx.ctx, tx.now, tx.actor = context.WithoutCancel(w.ctx), now, actor
	defer func() {
		if p := recover(); p != nil {
			w.panicked = p
			failed = fmt.Errorf("panic: %v", p)
		}
	}()
	w.err = w.fn(tx)
	return w.err
}

// beforeStatement writes what the transaction holds back that query may depend on: the new
// messages' texts before a statement that could change or delete a message (flushTextBefore),
// the customer windows before one that reads them (flushWindows).
func (tx *Tx) beforeStatement(query string) error {
	if len(tx.heldWindows) > 0 && strings.Contains(query, "customer_windows") {
		if err := tx.flushWindows(); err != nil {
			return err
		}
	}
	return tx.flushTextBefore(query)
}

func (tx *Tx) exec(query string, args ...any) (sql.Result, error) {
	if err := tx.beforeStatement(query); err != nil {
		return nil, err
	}
	if st := tx.stmt(query); st != nil {
		return tx.tx.StmtContext(tx.ctx, st).ExecContext(tx.ctx, args...)
	}
	return tx.tx.ExecContext(tx.ctx, tx.db.q(query), args...)
}

func (tx *Tx) query(query string, args ...any) (*sql.Rows, error) {
	if err := tx.beforeStatement(query); err != nil {
		return nil, err
	}
	if st := tx.stmt(query); st != nil {
		return tx.tx.StmtContext(tx.ctx, st).QueryContext(tx.ctx, args...)
	}
	return tx.tx.QueryContext(tx.ctx, tx.db.q(query), args...)
}

func (tx *Tx) queryRow(query string, args ...any) *sql.Row {
	if err := tx.beforeStatement(query); err != nil && tx.broken == nil {
		tx.broken = err
	}
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
	// lockConversationStart is the namespace of the locks on (inbox, contact) pairs (see
	// activeConversation), taken with PostgreSQL's two-key form: no single-key lock shares it.
	lockConversationStart
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
	e := &switchboard.Event{
		Type: typ, InboxID: inboxID, ConversationID: conversationID, AgentID: agentID,
		ActorID: tx.actor.ActorID(), Data: raw, CreatedAt: tx.now,
	}
	tx.events = append(tx.events, e)
	if a := tx.actor.Automation; a != nil && len(a.Chain) > 0 {
		if tx.chains == nil {
			tx.chains = map[*switchboard.Event][]int64{}
		}
		tx.chains[e] = a.Chain
	}
}

// markCopy marks an event of the transaction as a copy, which rules, analysis and webhooks skip.
func (tx *Tx) markCopy(e *switchboard.Event) {
	if tx.copies == nil {
		tx.copies = map[*switchboard.Event]bool{}
	}
	tx.copies[e] = true
}

func (tx *Tx) flushEvents() error {
	if len(tx.events) == 0 {
		return nil
	}
	rows := make([][]any, len(tx.events))
	for i, e := range tx.events {
		rows[i] = []any{string(e.Type), e.InboxID, e.ConversationID, e.AgentID, e.ActorID, string(e.Data), micro(e.CreatedAt)}
	}
	const into = "events (type, inbox_id, conversation_id, agent_id, actor_id, data, created_at)"
	var ids []int64
	var err error
	if gate := tx.db.dialect.appendEvents; gate != "" {
		// PostgreSQL hands out identity values before commit, so two transactions could commit
		// event ids 11 then 10, and a reader that saw 11 would skip 10. Writers append holding
		// the event log's lock shared, taken in the statement that appends before its first row
		// gets its id, to the end of their transactions, so they append and commit together (and
		// PostgreSQL flushes their commits together); a reader that must know no earlier id is
		// still to come takes it exclusively (see readEventLog, and settledEvents for the hub's
		// reads, which mostly need not). The rows the transaction held (see flushHeld) go in
		// the same statement, as WITH queries: a group of webhooks' payloads, windows and events
		// in one round trip.
		var with []string
		var args []any
		for i, h := range tx.takeHeld() {
			q, doc, err := jsonInsert(h.into, "", h.rows, h.suffix, false)
			if err != nil {
				return fmt.Errorf("%s: %w", h.what, err)
			}
			with, args = append(with, fmt.Sprintf("held%d AS (%s)", i, q)), append(args, doc)
		}
		q, doc, err := jsonInsert(into, gate, rows, "", true)
		if err != nil {
			return fmt.Errorf("append events: %w", err)
		}
		if len(with) > 0 {
			q = "WITH " + strings.Join(with, ", ") + " " + q
		}
		if err := tx.insertChunk(q, append(args, doc, lockEventLog, tx.db.announcer), true, &ids); err != nil {
			return fmt.Errorf("append events: %w", err)
		}
	} else {
		ids, err = tx.insertRowsIDs(into, rows)
	}
	if err != nil {
		return fmt.Errorf("append events: %w", err)
	}
	for i, e := range tx.events {
		e.ID = ids[i]
	}
	for _, fn := range tx.afterEvents {
		if err := fn(); err != nil {
			return err
		}
	}
	if err := tx.dispatchRules(); err != nil {
		return err
	}
	if err := tx.dispatchAnalysis(); err != nil {
		return err
	}
	return tx.dispatchWebhooks()
}

// micro converts a time to the stored form: Unix microseconds.
func micro(t time.Time) int64 { return t.UnixMicro() }

// setGiven sets *dst to *p when an update gives p (a nil field of an input leaves it as it is).
func setGiven[T any](dst *T, p *T) {
	if p != nil {
		*dst = *p
	}
}

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
