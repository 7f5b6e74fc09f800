package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.JobService = (*DB)(nil)

// jobOptions adjust a job being enqueued.
type jobOptions struct {
	runAt       time.Time // zero: now
	maxAttempts int       // zero: defaultMaxAttempts
	// uniqueKey, when set, keeps one live job per key: enqueueing again moves the live job to
	// the new time and arguments instead of adding another.
	uniqueKey string
}

// defaultMaxAttempts bounds retries; with the runner's backoff (capped at an hour) 30 attempts
// span more than a day.
const defaultMaxAttempts = 30

// enqueue adds a job inside the transaction, so it exists exactly when the change does.
func (tx *Tx) enqueue(kind string, args any, o jobOptions) error {
	raw, err := json.Marshal(args)
	if err != nil {
		return fmt.Errorf("enqueue %s: %w", kind, err)
	}
	if o.runAt.IsZero() {
		o.runAt = tx.now
	}
	if o.maxAttempts == 0 {
		o.maxAttempts = defaultMaxAttempts
	}
	var key any
	if o.uniqueKey != "" {
		key = o.uniqueKey
	}
	now := micro(tx.now)
	_, err = tx.exec(`INSERT INTO jobs (kind, args, state, run_at, max_attempts, unique_key, created_at, updated_at)
		VALUES (?, ?, 'available', ?, ?, ?, ?, ?)
		ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND state IN ('available', 'running')
		DO UPDATE SET args = excluded.args, run_at = excluded.run_at, updated_at = excluded.updated_at, rerun = (jobs.state = 'running')`,
		kind, string(raw), micro(o.runAt), o.maxAttempts, key, now, now)
	if err != nil {
		return fmt.Errorf("enqueue %s: %w", kind, err)
	}
	tx.enqueued = true
	return nil
}

// enqueueNew adds many jobs of one kind at once, each new under its unique key (keys[i] for
// args[i]): one statement instead of one each, for the fan-out of a notification step. A key
// with a live job already keeps that job as it is.
func (tx *Tx) enqueueNew(kind string, args []any, keys []string, o jobOptions) error {
	if len(args) == 0 {
		return nil
	}
	if o.runAt.IsZero() {
		o.runAt = tx.now
	}
	if o.maxAttempts == 0 {
		o.maxAttempts = defaultMaxAttempts
	}
	now := micro(tx.now)
	rows := make([][]any, len(args))
	for i, a := range args {
		raw, err := json.Marshal(a)
		if err != nil {
			return fmt.Errorf("enqueue %s: %w", kind, err)
		}
		rows[i] = []any{kind, string(raw), "available", micro(o.runAt), o.maxAttempts, keys[i], now, now}
	}
	if err := tx.insertRows("jobs (kind, args, state, run_at, max_attempts, unique_key, created_at, updated_at)", rows,
		" ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND state IN ('available', 'running') DO NOTHING"); err != nil {
		return fmt.Errorf("enqueue %s: %w", kind, err)
	}
	tx.enqueued = true
	return nil
}

// cancelJob cancels the live job of a unique key if it has not started, and a change to it made
// while it runs (the attempt under way finishes; its handler sees the state that cancelled it).
func (tx *Tx) cancelJob(uniqueKey string) error {
	_, err := tx.exec("UPDATE jobs SET state = 'cancelled', finished_at = ?, updated_at = ? WHERE unique_key = ? AND state = 'available'",
		micro(tx.now), micro(tx.now), uniqueKey)
	if err == nil {
		_, err = tx.exec("UPDATE jobs SET rerun = FALSE WHERE unique_key = ? AND state = 'running' AND rerun", uniqueKey)
	}
	if err != nil {
		return fmt.Errorf("cancel job %s: %w", uniqueKey, err)
	}
	return nil
}

// JobsChanged is signalled after a commit that enqueued jobs.
func (db *DB) JobsChanged() <-chan struct{} { return db.jobsChanged }

func requireSystem(ctx context.Context) error {
	a, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if !a.System {
		return switchboard.Errorf(switchboard.EFORBIDDEN, "Only Switchboard itself does this.")
	}
	return nil
}

const jobColumns = "id, kind, args, state, attempts, max_attempts, run_at, last_error, created_at, finished_at"

func scanJob(row scanner) (*switchboard.Job, error) {
	var j switchboard.Job
	var args string
	var runAt, created int64
	var finished sql.NullInt64
	if err := row.Scan(&j.ID, &j.Kind, &args, &j.State, &j.Attempt, &j.MaxAttempts, &runAt, &j.LastError, &created, &finished); err != nil {
		return nil, err
	}
	j.Args, j.RunAt, j.CreatedAt, j.FinishedAt = json.RawMessage(args), fromMicro(runAt), fromMicro(created), fromNullMicro(finished)
	return &j, nil
}

// ClaimJobs leases due jobs to a node.
func (db *DB) ClaimJobs(ctx context.Context, node string, limit int, lease time.Duration) ([]*switchboard.Job, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, err
	}
	var jobs []*switchboard.Job
	err := db.updateGrouped(ctx, 0, func(tx *Tx) error {
		jobs = jobs[:0] // the function may run twice: see updateGrouped
		rows, err := tx.query(`UPDATE jobs SET state = 'running', attempts = attempts + 1, node = ?, lease_until = ?, updated_at = ?
			WHERE id IN (SELECT id FROM jobs WHERE state = 'available' AND run_at <= ? ORDER BY run_at, id LIMIT ?`+db.dialect.skipLocked+`)
			RETURNING `+jobColumns, node, micro(tx.now.Add(lease)), micro(tx.now), micro(tx.now), limit)
		if err != nil {
			return fmt.Errorf("claim jobs: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			j, err := scanJob(rows)
			if err != nil {
				return fmt.Errorf("claim jobs: %w", err)
			}
			jobs = append(jobs, j)
		}
		return rows.Err()
	})
	if err != nil {
		// A claim that did not commit leased nothing: its jobs are still available, and running
		// them would run them again at the next claim (or on another node) — a storm of sends.
		return nil, err
	}
	return jobs, nil
}

// finishJob ends an attempt of a job the node holds; a job rescued from this node in the meantime
// (its lease ran out) is left to its new holder.
func (db *DB) finishJob(ctx context.Context, id int64, node, set string, args ...any) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	return db.updateGrouped(ctx, 0, func(tx *Tx) error {
		_, err := tx.exec("UPDATE jobs SET "+set+", lease_until = NULL, updated_at = ? WHERE id = ? AND state = 'running' AND node = ?",
			append(args, micro(tx.now), id, node)...)
		if err != nil {
			return fmt.Errorf("finish job %d: %w", id, err)
		}
		return nil
	})
}

// A job moved while it ran (rerun) is not finished by the attempt that was under way, which
// worked from the old state: it becomes available again at its new time, with fresh attempts.
// Otherwise a snooze moved at the moment its wake-up ran would never wake.
const (
	rerunState = "state = CASE WHEN rerun THEN 'available' ELSE ? END, attempts = CASE WHEN rerun THEN 0 ELSE attempts END, " +
		"finished_at = CASE WHEN rerun THEN NULL ELSE CAST(? AS BIGINT) END, rerun = FALSE"
)

// CompleteJob records a successful attempt.
func (db *DB) CompleteJob(ctx context.Context, id int64, node string) error {
	return db.finishJob(ctx, id, node, rerunState+", last_error = ''", string(switchboard.JobCompleted), micro(db.now()))
}

// RetryJob makes a failed attempt's job available again at a later time (or, when it was moved
// while it ran, at its new time with fresh attempts).
func (db *DB) RetryJob(ctx context.Context, id int64, node string, at time.Time, errMsg string) error {
	return db.finishJob(ctx, id, node, `state = 'available', run_at = CASE WHEN rerun THEN run_at ELSE CAST(? AS BIGINT) END,
		attempts = CASE WHEN rerun THEN 0 ELSE attempts END, rerun = FALSE, last_error = ?`, micro(at), truncate(errMsg, 2000))
}

// FailJob ends a job for good, unless it was moved while it ran.
func (db *DB) FailJob(ctx context.Context, id int64, node string, errMsg string) error {
	return db.finishJob(ctx, id, node, rerunState+", last_error = ?", string(switchboard.JobFailed), micro(db.now()), truncate(errMsg, 2000))
}

// RescueJobs returns jobs whose lease expired to the queue.
func (db *DB) RescueJobs(ctx context.Context) (int, error) {
	if err := requireSystem(ctx); err != nil {
		return 0, err
	}
	var n int64
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(`UPDATE jobs SET state = 'available', lease_until = NULL, node = NULL, updated_at = ?,
			last_error = 'the node running it stopped' WHERE state = 'running' AND lease_until < ?`, micro(tx.now), micro(tx.now))
		if err != nil {
			return fmt.Errorf("rescue jobs: %w", err)
		}
		n, _ = res.RowsAffected()
		if n > 0 {
			tx.enqueued = true
		}
		return nil
	})
	return int(n), err
}

// TakeBackJobs returns to the queue the jobs an earlier run of the node left running: leased
// under node + "/" and not under this run's claims (run + "." + a number).
func (db *DB) TakeBackJobs(ctx context.Context, node, run string) (int, error) {
	if err := requireSystem(ctx); err != nil {
		return 0, err
	}
	prefix, mine := node+"/", run+"."
	if !strings.HasPrefix(run, prefix) {
		return 0, switchboard.Errorf(switchboard.EINVALID, "A run's name starts with its node's name and a slash.")
	}
	return db.releaseJobs(ctx, "its node restarted while it ran", "",
		"substr(node, 1, ?) = ? AND substr(node, 1, ?) <> ?", utf8.RuneCountInString(prefix), prefix, utf8.RuneCountInString(mine), mine)
}

// ReleaseJobs returns to the queue the jobs leased under one claim's name, undoing the attempt
// the claim counted: the node that made the claim runs none of them (see
// switchboard.JobService).
func (db *DB) ReleaseJobs(ctx context.Context, lease string) (int, error) {
	if err := requireSystem(ctx); err != nil {
		return 0, err
	}
	return db.releaseJobs(ctx, "its claim could not be confirmed", ", attempts = attempts - 1", "node = ?", lease)
}

// releaseJobs makes running jobs that match cond available again, noting why.
func (db *DB) releaseJobs(ctx context.Context, why, set, cond string, args ...any) (int, error) {
	var n int64
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(`UPDATE jobs SET state = 'available', lease_until = NULL, node = NULL, updated_at = ?, last_error = ?`+set+`
			WHERE state = 'running' AND `+cond, append([]any{micro(tx.now), why}, args...)...)
		if err != nil {
			return fmt.Errorf("release jobs: %w", err)
		}
		n, _ = res.RowsAffected()
		if n > 0 {
			tx.enqueued = true
		}
		return nil
	})
	return int(n), err
}

// NextJobAt returns when the earliest available job is due.
func (db *DB) NextJobAt(ctx context.Context) (time.Time, bool, error) {
	if err := requireSystem(ctx); err != nil {
		return time.Time{}, false, err
	}
	var at sql.NullInt64
	if err := db.queryRow(ctx, "SELECT MIN(run_at) FROM jobs WHERE state = 'available'").Scan(&at); err != nil {
		return time.Time{}, false, fmt.Errorf("next job: %w", err)
	}
	return fromMicro(at.Int64), at.Valid, nil
}

// FindJobs lists jobs in a state, newest first; admins only.
func (db *DB) FindJobs(ctx context.Context, state switchboard.JobState, limit int) ([]*switchboard.Job, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := db.query(ctx, "SELECT "+jobColumns+" FROM jobs WHERE state = ? ORDER BY id DESC LIMIT ?", string(state), limit)
	if err != nil {
		return nil, fmt.Errorf("find jobs: %w", err)
	}
	defer rows.Close()
	jobs := []*switchboard.Job{}
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, fmt.Errorf("find jobs: %w", err)
		}
		jobs = append(jobs, j)
	}
	return jobs, rows.Err()
}

// EnqueueJob adds a job outside any other change (system only): for operators and tests. Changes
// that cause jobs enqueue them in their own transaction instead.
func (db *DB) EnqueueJob(ctx context.Context, kind string, args any, runAt time.Time) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error { return tx.enqueue(kind, args, jobOptions{runAt: runAt}) })
}
