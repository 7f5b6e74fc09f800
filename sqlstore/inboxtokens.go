package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/switchboardhq/switchboard"
)

// inboxTokenPrefix marks inbox integration tokens.
const inboxTokenPrefix = "sbi_"

// CreateInboxToken gives an inbox a new integration token.
func (db *DB) CreateInboxToken(ctx context.Context, id int64) (string, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return "", err
	}
	secret := newSecret(inboxTokenPrefix)
	err := db.update(ctx, func(tx *Tx) error {
		tx.configChanged = true
		res, err := tx.exec("UPDATE inboxes SET token_hash = ?, updated_at = ? WHERE id = ?", hashSecret(secret), micro(tx.now), id)
		if err != nil {
			return fmt.Errorf("create inbox token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("Inbox")
		}
		tx.emit(switchboard.EventInboxChanged, &id, nil, nil, map[string]any{"id": id, "token": "rotated"})
		return nil
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

// RevokeInboxToken removes an inbox's integration token; admins only.
func (db *DB) RevokeInboxToken(ctx context.Context, id int64) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		tx.configChanged = true
		res, err := tx.exec("UPDATE inboxes SET token_hash = NULL, updated_at = ? WHERE id = ?", micro(tx.now), id)
		if err != nil {
			return fmt.Errorf("revoke inbox token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("Inbox")
		}
		tx.emit(switchboard.EventInboxChanged, &id, nil, nil, map[string]any{"id": id, "token": "revoked"})
		return nil
	})
}

// InboxForToken returns the inbox an integration token belongs to.
func (db *DB) InboxForToken(ctx context.Context, secret string) (int64, error) {
	bad := switchboard.Errorf(switchboard.EUNAUTHORIZED, "Invalid inbox token.")
	if !strings.HasPrefix(secret, inboxTokenPrefix) {
		return 0, bad
	}
	var id int64
	err := db.queryRow(ctx, "SELECT id FROM inboxes WHERE token_hash = ?", hashSecret(secret)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, bad
	} else if err != nil {
		return 0, fmt.Errorf("find inbox token: %w", err)
	}
	return id, nil
}

// ReportStatus records an integration's delivery report.
func (db *DB) ReportStatus(ctx context.Context, inboxID int64, r *switchboard.StatusReport) (*Message, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !actor.ActsForInbox(inboxID) {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only the inbox's integration and admins report delivery statuses.")
	}
	var v switchboard.Validator
	v.Check(r.MessageID != 0 || r.ProviderID != "", "message_id", "Name the message by message_id or provider_id.")
	v.Check(r.Status.Rank() > switchboard.MessagePending.Rank(), "status", "Use accepted, sent, delivered, read or failed.")
	if err := v.Err(); err != nil {
		return nil, err
	}
	var id int64
	if r.MessageID != 0 {
		err = db.queryRow(ctx, "SELECT id FROM messages WHERE id = ? AND inbox_id = ?", r.MessageID, inboxID).Scan(&id)
	} else {
		err = db.queryRow(ctx, "SELECT id FROM messages WHERE provider_id = ? AND inbox_id = ?", r.ProviderID, inboxID).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Message")
	} else if err != nil {
		return nil, fmt.Errorf("report status: %w", err)
	}
	return db.SetMessageStatus(switchboard.NewSystemContext(ctx), id, r.Status, r.ErrorCode, r.ErrorReason)
}
