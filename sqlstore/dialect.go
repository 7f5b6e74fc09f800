package sqlstore

// dialect holds what really differs between the engines. Everything else is shared SQL.
type dialect struct {
	name string
	// xactLock takes a lock, named by its one integer argument, held until the transaction ends.
	// SQLite needs none: its write transactions already run one at a time.
	xactLock string
	// appendEvents is a condition of the statement that appends a transaction's events to the
	// log, evaluated once before the first of them gets its id, with the log's lock key and the
	// process's announcer as its arguments. On PostgreSQL it takes that lock shared (any number
	// of transactions hold it at once, and xactLock waits for all of them to end; see
	// Tx.flushEvents) and announces the events to the other nodes, which hear of them when, and
	// only if, the transaction commits.
	// SQLite serves one node, whose one writer appends in order: none.
	appendEvents string
	// skipLocked ends the sub-select that picks jobs to claim, so concurrent claimers on several
	// nodes pass over each other's rows. SQLite's single writer needs nothing.
	skipLocked string
	// forUpdate ends a SELECT that reads a row the transaction will change, so two concurrent
	// changes (a send's answer and a delivery report) wait for each other instead of one
	// overwriting the other. SQLite's single writer needs nothing.
	forUpdate string
	// messageHits selects (id, conversation_id, inbox_id, kind, created_at, text) of the messages
	// matching the full-text query in its one argument, newest first (the caller adds a LIMIT).
	// %s is an extra condition on m2 (scope).
	messageHits string
	// contactHits selects (id, rel) of contacts matching the full-text query in its argument.
	contactHits string
	// nextIDs selects, as n rows, n new ids of the table named by %s, n being its one argument
	// (see reserveIDs). SQLite counts on from the largest id: its write transactions run one at
	// a time, so nobody else takes them before the rows are written.
	nextIDs string
	// ftsQuery turns search terms (each a list of words) into the engine's query syntax.
	ftsQuery func(terms [][]string) string
	// convSelect reads conversations (see convSelect), their labels' names aggregated by the
	// engine's JSON function (NULL or [] when there are none).
	convSelect string
}

var (
	dialectSQLite = dialect{
		name: "sqlite",
		messageHits: `SELECT m2.id, m2.conversation_id, m2.inbox_id, m2.kind, m2.created_at, m2.text FROM messages_fts
			JOIN messages m2 ON m2.id = messages_fts.rowid WHERE messages_fts MATCH ? AND %s ORDER BY messages_fts.rowid DESC`,
		contactHits: `SELECT rowid AS id, -bm25(contacts_fts) AS rel FROM contacts_fts WHERE contacts_fts MATCH ?`,
		nextIDs: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
			SELECT (SELECT COALESCE(MAX(id), 0) FROM %s) + i FROM n`,
		ftsQuery:   fts5Query,
		convSelect: convSelect("json_group_array(l.name ORDER BY l.name_key)"),
	}
	dialectPostgres = dialect{
		name:         "postgres",
		xactLock:     "SELECT pg_advisory_xact_lock(?)",
		appendEvents: "(SELECT true FROM (SELECT pg_advisory_xact_lock_shared(?), pg_notify(" + eventsChannel + ", ?)) AS appending)",
		skipLocked:   " FOR UPDATE SKIP LOCKED",
		forUpdate:    " FOR UPDATE",
		messageHits: `SELECT m2.id, m2.conversation_id, m2.inbox_id, m2.kind, m2.created_at, m2.text FROM messages m2
			WHERE m2.search @@ to_tsquery('simple', ?) AND %s ORDER BY m2.id DESC`,
		contactHits: `SELECT id, ts_rank(search, to_tsquery('simple', ?)) AS rel FROM contacts WHERE search @@ to_tsquery('simple', ?)`,
		nextIDs:     `SELECT nextval(pg_get_serial_sequence('%s', 'id')) FROM generate_series(1, ?)`,
		ftsQuery:    tsQuery,
		convSelect:  convSelect("json_agg(l.name ORDER BY l.name_key)"),
	}
)
