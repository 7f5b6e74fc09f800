package sqlstore

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// eventsChannel is the PostgreSQL notification channel that announces new events.
const eventsChannel = "switchboard_events"

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
	if _, err := conn.Exec(ctx, "LISTEN "+eventsChannel); err != nil {
		return err
	}
	db.signalChanges() // whatever committed while we were not listening
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		db.signalChanges()
	}
}
