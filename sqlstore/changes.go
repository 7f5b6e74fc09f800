package sqlstore

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// eventsChannel is the PostgreSQL notification channel that announces new events, an
// expression: one channel per schema, so that stores sharing a database in schemas of their own
// (tests do) hear only their own commits. Notifications never leave their database.
const eventsChannel = "'switchboard_events_' || left(md5(current_schema()), 12)"

// Changes returns a channel that receives a value whenever new events may be in the log: at once
// after a commit of this process, and, once Listen runs on PostgreSQL, after commits of other
// nodes. It holds at most one pending signal, so a slow reader loses nothing: it reads the log
// after the last id it handled. There is one channel per DB, for one reader (the realtime hub).
func (db *DB) Changes() <-chan struct{} { return db.changes }

func (db *DB) signalChanges() {
	select {
	case db.changes <- struct{}{}:
	default: // a signal is already pending
	}
}

// Listen relays other nodes' commits to Changes until ctx ends. On SQLite, which serves one node,
// it returns at once. On PostgreSQL it holds one connection that LISTENs for announcements and
// reconnects after failures, signalling once after each reconnection in case it missed some.
func (db *DB) Listen(ctx context.Context, log *slog.Logger) {
	if db.dialect.appendEvents == "" {
		return
	}
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := db.listenOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		log.Warn("event listener lost its connection; reconnecting", "err", err, "in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 10*time.Second)
	}
}

func (db *DB) listenOnce(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, db.url)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var channel string
	if err := conn.QueryRow(ctx, "SELECT "+eventsChannel).Scan(&channel); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return err
	}
	db.signalChanges() // whatever committed while we were not listening
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		// This process's own commits signalled as they committed: reading the log again for
		// them was a read in two of the hub's.
		others := n.Payload != db.announcer
		if db.heard != nil {
			db.heard(others)
		}
		if others {
			db.signalChanges()
		}
	}
}
