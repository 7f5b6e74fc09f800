package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Unavailable reports whether err says the database cannot serve now, rather than that a
// request or the code is wrong: the connection to PostgreSQL failed or the server is shutting
// down or out of resources, the disk is full, the file cannot be written, the database is read
// only. Such a failure passes: callers answer "try again later" (HTTP 503, SMTP 451) instead of
// an internal error, and readiness reports it (see Ready).
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN,
			sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_NOLFS:
			return true
		}
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "08"), // connection exception
			strings.HasPrefix(pe.Code, "53"),                                               // insufficient resources: disk full, out of memory, too many connections
			pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03", pe.Code == "57P05", // shutting down, cannot connect now
			pe.Code == "25006": // a read-only transaction: a standby, or default_transaction_read_only
			return true
		}
		return false
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ENOSPC) ||
		pgconn.SafeToRetry(err) || pgconn.Timeout(err)
}

// noteWrite records the outcome of a write transaction: one that failed as Unavailable marks the
// store's writes failing until one commits again. Ready reports it, so a store whose disk is
// full (reads still answer, every write fails) is not reported ready.
func (db *DB) noteWrite(err error) {
	switch {
	case err == nil:
		if db.writesFailing.Load() { // every commit passes here: a read, not a write, as a rule
			db.writesFailing.Store(false)
		}
	case Unavailable(err):
		db.writesFailing.Store(true)
	}
}

// Ready reports whether the store can serve: the database answers and, if writes have been
// failing, a write commits again. That trial write (a row of a kilobyte-sized probe, written and
// deleted) is made only while writes are failing, so a healthy store's readiness costs a ping.
func (db *DB) Ready(ctx context.Context) error {
	if err := db.Ping(ctx); err != nil {
		return err
	}
	if !db.writesFailing.Load() {
		return nil
	}
	err := db.update(ctx, func(tx *Tx) error {
		// Enough bytes to need new pages, as a message would: a full disk refuses them.
		if _, err := tx.exec("INSERT INTO store_probes (data) VALUES (?)", rand.Text()+strings.Repeat("probe", 2000)); err != nil {
			return err
		}
		_, err := tx.exec("DELETE FROM store_probes")
		return err
	})
	if err != nil {
		return fmt.Errorf("writes fail: %w", err)
	}
	return nil
}

// Fault is a failure the store can be made to meet on purpose, for fault-injection tests and
// drills, produced by the database engine itself so that the errors are the real ones.
type Fault string

// The faults.
const (
	// FaultNone ends an injected fault.
	FaultNone Fault = ""
	// FaultDiskFull makes SQLite's writes that need more space fail with SQLITE_FULL, as on a
	// full disk: the database may not grow beyond its size (PRAGMA max_page_count).
	FaultDiskFull Fault = "disk_full"
	// FaultReadOnly makes every write fail as on a read-only database: SQLITE_READONLY (PRAGMA
	// query_only) on SQLite, read_only_sql_transaction (SET TRANSACTION READ ONLY) on PostgreSQL.
	FaultReadOnly Fault = "read_only"
)

// InjectFault makes the store meet f from now on (FaultNone: no longer). PostgreSQL has no full
// disk to give: a test of it cuts the connection instead (a proxy it closes).
func (db *DB) InjectFault(ctx context.Context, f Fault) error {
	if db.dialect.name == "postgres" {
		switch f {
		case FaultNone, FaultReadOnly:
			db.readOnly.Store(f == FaultReadOnly)
			return nil
		}
		return fmt.Errorf("inject fault: %q is not a fault PostgreSQL can be given", f)
	}
	var steps []string
	switch f {
	case FaultNone:
		steps = []string{"PRAGMA query_only = 0", "PRAGMA max_page_count = 4294967294"}
	case FaultDiskFull:
		var pages int64
		if err := db.write.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
			return fmt.Errorf("inject fault: %w", err)
		}
		steps = []string{fmt.Sprintf("PRAGMA max_page_count = %d", pages)}
	case FaultReadOnly:
		steps = []string{"PRAGMA query_only = 1"}
	default:
		return fmt.Errorf("inject fault: unknown fault %q", f)
	}
	// The writer pool has its one connection, kept open: the pragmas stay with it.
	for _, q := range steps {
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("inject fault: %s: %w", q, err)
		}
	}
	return nil
}
