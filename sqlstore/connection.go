package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/switchboardhq/switchboard"
)

// refreshKey is the unique key of an inbox's JobRefreshToken.
func refreshKey(inboxID int64) string { return fmt.Sprintf("token:%d", inboxID) }

// KeepIssuedToken stores a token Switchboard obtained (by OAuth, or a refresh) as one of the
// inbox's sealed secrets, notes which secret it is and when it expires for the health, moves the
// inbox's refresh job to the token's RefreshAt (or cancels it), clears the last error and
// verdict of the credentials it replaces, and queues a check of the new ones, in one transaction. Admins (a consent that came back) or system (a refresh).
func (db *DB) KeepIssuedToken(ctx context.Context, inboxID int64, t *switchboard.IssuedToken) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	if t == nil || t.Secret == "" || t.Value == "" {
		return switchboard.Errorf(switchboard.EINVALID, "The sign-in gave no token to keep.")
	}
	return db.update(ctx, func(tx *Tx) error {
		cur, secrets, err := db.scanInboxSecrets(tx.queryRow("SELECT "+inboxColumns+" FROM inboxes WHERE id = ?", inboxID))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Inbox")
		} else if err != nil {
			return fmt.Errorf("keep token of inbox %d: %w", inboxID, err)
		}
		secrets[t.Secret] = t.Value
		sealed, err := db.sealSecrets(inboxID, secrets)
		if err != nil {
			return err
		}
		cur.SecretNames, cur.UpdatedAt = secretNames(secrets), tx.now
		tx.configChanged = true
		if _, err := tx.exec("UPDATE inboxes SET secrets = ?, updated_at = ? WHERE id = ?", sealed, micro(tx.now), inboxID); err != nil {
			return fmt.Errorf("keep token of inbox %d: %w", inboxID, err)
		}
		var expires any
		if t.ExpiresAt != nil {
			expires = micro(*t.ExpiresAt)
		}
		// The new token starts the credentials' health afresh: the last error and verdict were
		// the old credentials', and the check queued below gives the new one's. What the consent
		// said of the permissions, when only it can, is kept (a renewal keeps the last consent's).
		perms := nameList(t.MissingPermissions, nil)
		if _, err := tx.exec(`INSERT INTO inbox_health (inbox_id, token_secret, token_expires_at, missing_permissions) VALUES (?, ?, ?, COALESCE(?, ''))
			ON CONFLICT (inbox_id) DO UPDATE SET token_secret = excluded.token_secret, token_expires_at = excluded.token_expires_at,
				missing_permissions = COALESCE(?, inbox_health.missing_permissions), last_error = '', last_error_at = NULL, credentials_ok = NULL`,
			inboxID, t.Secret, expires, perms, perms); err != nil {
			return fmt.Errorf("keep token of inbox %d: %w", inboxID, err)
		}
		if t.RefreshAt != nil {
			err = tx.enqueue(switchboard.JobRefreshToken, switchboard.RefreshTokenArgs{InboxID: inboxID},
				jobOptions{runAt: *t.RefreshAt, maxAttempts: 10, uniqueKey: refreshKey(inboxID)})
		} else {
			err = tx.cancelJob(refreshKey(inboxID))
		}
		if err != nil {
			return err
		}
		tx.emit(switchboard.EventInboxChanged, &inboxID, nil, nil, cur)
		return tx.checkCredentials(cur)
	})
}

// forgetIssuedToken drops what the health knows of an obtained token whose secret an update
// replaced or removed (a token pasted instead), what its consent granted, and its refresh: Switchboard renews only the
// tokens it obtained.
func (tx *Tx) forgetIssuedToken(inboxID int64, before, after map[string]string) error {
	var name string
	err := tx.queryRow("SELECT token_secret FROM inbox_health WHERE inbox_id = ?", inboxID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (name == "" || before[name] == after[name])) {
		return nil
	} else if err != nil {
		return fmt.Errorf("forget token of inbox %d: %w", inboxID, err)
	}
	if _, err := tx.exec("UPDATE inbox_health SET token_secret = '', token_expires_at = NULL, missing_permissions = '' WHERE inbox_id = ?", inboxID); err != nil {
		return fmt.Errorf("forget token of inbox %d: %w", inboxID, err)
	}
	return tx.cancelJob(refreshKey(inboxID))
}

// RecordConnectionReport keeps what a credentials check found missing, for the health; a list
// the check could not tell (nil) keeps what was known.
func (db *DB) RecordConnectionReport(ctx context.Context, inboxID int64, r *switchboard.ConnectionReport) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	list := func(names []string) any { return nameList(names, nil) }
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(`INSERT INTO inbox_health (inbox_id, missing_permissions, unsubscribed_fields) VALUES (?, COALESCE(?, ''), COALESCE(?, ''))
			ON CONFLICT (inbox_id) DO UPDATE SET missing_permissions = COALESCE(?, inbox_health.missing_permissions),
				unsubscribed_fields = COALESCE(?, inbox_health.unsubscribed_fields)`,
			inboxID, list(r.MissingPermissions), list(r.UnsubscribedFields), list(r.MissingPermissions), list(r.UnsubscribedFields))
		if err != nil {
			return fmt.Errorf("record connection report: %w", err)
		}
		return nil
	})
}

// nameList is a list of names as the health's columns keep it (a JSON array), or unknown when
// names is nil.
func nameList(names []string, unknown any) any {
	if names == nil {
		return unknown
	}
	raw, _ := json.Marshal(names)
	return string(raw)
}

// connectionHealth adds to an inbox's health what is known of its token and what the last check
// found missing.
func (db *DB) connectionHealth(ctx context.Context, h *switchboard.InboxHealth) error {
	var expires sql.NullInt64
	var perms, fields string
	err := db.queryRow(ctx, "SELECT token_expires_at, missing_permissions, unsubscribed_fields FROM inbox_health WHERE inbox_id = ?", h.InboxID).
		Scan(&expires, &perms, &fields)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("find inbox health: %w", err)
	}
	h.TokenExpiresAt = fromNullMicro(expires)
	for _, l := range []struct {
		raw string
		out *[]string
	}{{perms, &h.MissingPermissions}, {fields, &h.UnsubscribedFields}} {
		if l.raw != "" {
			if err := json.Unmarshal([]byte(l.raw), l.out); err != nil {
				return fmt.Errorf("find inbox health: %w", err)
			}
		}
	}
	var at sql.NullInt64
	err = db.queryRow(ctx, "SELECT run_at FROM jobs WHERE unique_key = ? AND state IN ('available', 'running')", refreshKey(h.InboxID)).Scan(&at)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("find inbox health: %w", err)
	}
	h.TokenRefreshAt = fromNullMicro(at)
	return nil
}
