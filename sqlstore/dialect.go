package sqlstore

// dialect holds what really differs between the engines. Everything else is shared SQL.
type dialect struct {
	name string
	// lockEvents is run inside a transaction just before it appends to the event log. PostgreSQL
	// hands out identity values before commit, so two transactions could commit ids 11 then 10 and
	// a reader that saw 11 would skip 10; a transaction-scoped advisory lock makes event ids
	// become visible in order. SQLite has a single writer, so it needs nothing.
	lockEvents string
}

var (
	dialectSQLite   = dialect{name: "sqlite"}
	dialectPostgres = dialect{name: "postgres", lockEvents: "SELECT pg_advisory_xact_lock(7302145)"}
)
