package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.SLAService = (*DB)(nil)

const slaPolicyColumns = "id, name, first_response_minutes, next_response_minutes, resolution_minutes, business_hours, warn_minutes, created_at, updated_at"

func scanSLAPolicy(row scanner) (*switchboard.SLAPolicy, error) {
	var p switchboard.SLAPolicy
	var created, updated int64
	if err := row.Scan(&p.ID, &p.Name, &p.FirstResponseMinutes, &p.NextResponseMinutes, &p.ResolutionMinutes, &p.BusinessHours,
		&p.WarnMinutes, &created, &updated); err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt = fromMicro(created), fromMicro(updated)
	return &p, nil
}

// SLAPolicies lists the policies by name. Every agent may read them: the names show on the
// conversations they work on.
func (db *DB) SLAPolicies(ctx context.Context) ([]*switchboard.SLAPolicy, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, "SELECT "+slaPolicyColumns+" FROM sla_policies ORDER BY name_key, id")
	if err != nil {
		return nil, fmt.Errorf("list sla policies: %w", err)
	}
	defer rows.Close()
	out := []*switchboard.SLAPolicy{}
	for rows.Next() {
		p, err := scanSLAPolicy(rows)
		if err != nil {
			return nil, fmt.Errorf("list sla policies: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SLAPolicy returns one policy (admins).
func (db *DB) SLAPolicy(ctx context.Context, id int64) (*switchboard.SLAPolicy, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	p, err := scanSLAPolicy(db.queryRow(ctx, "SELECT "+slaPolicyColumns+" FROM sla_policies WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("SLA policy")
	} else if err != nil {
		return nil, fmt.Errorf("find sla policy %d: %w", id, err)
	}
	return p, nil
}

// slaPolicy reads a policy in a transaction.
func (tx *Tx) slaPolicy(id int64) (*switchboard.SLAPolicy, error) {
	p, err := scanSLAPolicy(tx.queryRow("SELECT "+slaPolicyColumns+" FROM sla_policies WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("SLA policy")
	} else if err != nil {
		return nil, fmt.Errorf("find sla policy %d: %w", id, err)
	}
	return p, nil
}

func errSLANameTaken() error {
	return &switchboard.Error{Code: switchboard.ECONFLICT, Message: "A policy with this name exists.",
		Fields: map[string]string{"name": "Choose another name."}}
}

// checkSLAPolicy checks that an admin saves a valid policy.
func checkSLAPolicy(ctx context.Context, p *switchboard.SLAPolicy) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	return p.Validate()
}

// CreateSLAPolicy adds a policy (admins).
func (db *DB) CreateSLAPolicy(ctx context.Context, p *switchboard.SLAPolicy) (*switchboard.SLAPolicy, error) {
	if err := checkSLAPolicy(ctx, p); err != nil {
		return nil, err
	}
	var out *switchboard.SLAPolicy
	err := db.update(ctx, func(tx *Tx) error {
		id, err := tx.insert(`INSERT INTO sla_policies (name, name_key, first_response_minutes, next_response_minutes, resolution_minutes,
			business_hours, warn_minutes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.Name, strings.ToLower(p.Name), p.FirstResponseMinutes, p.NextResponseMinutes, p.ResolutionMinutes, p.BusinessHours,
			p.WarnMinutes, micro(tx.now), micro(tx.now))
		if isUniqueViolation(err) {
			return errSLANameTaken()
		} else if err != nil {
			return fmt.Errorf("create sla policy: %w", err)
		}
		if out, err = tx.slaPolicy(id); err != nil {
			return err
		}
		tx.emit(switchboard.EventSLAPolicyChanged, nil, nil, nil, map[string]any{"id": id, "action": "created", "policy": out})
		return nil
	})
	return out, err
}

// UpdateSLAPolicy replaces a policy's name and targets (admins). Times already set on
// conversations stay; the targets they start from now on follow the new values.
func (db *DB) UpdateSLAPolicy(ctx context.Context, id int64, p *switchboard.SLAPolicy) (*switchboard.SLAPolicy, error) {
	if err := checkSLAPolicy(ctx, p); err != nil {
		return nil, err
	}
	var out *switchboard.SLAPolicy
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(`UPDATE sla_policies SET name = ?, name_key = ?, first_response_minutes = ?, next_response_minutes = ?,
			resolution_minutes = ?, business_hours = ?, warn_minutes = ?, updated_at = ? WHERE id = ?`,
			p.Name, strings.ToLower(p.Name), p.FirstResponseMinutes, p.NextResponseMinutes, p.ResolutionMinutes, p.BusinessHours,
			p.WarnMinutes, micro(tx.now), id)
		if isUniqueViolation(err) {
			return errSLANameTaken()
		} else if err != nil {
			return fmt.Errorf("update sla policy %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound("SLA policy")
		}
		if out, err = tx.slaPolicy(id); err != nil {
			return err
		}
		tx.emit(switchboard.EventSLAPolicyChanged, nil, nil, nil, map[string]any{"id": id, "action": "updated", "policy": out})
		return nil
	})
	return out, err
}

// DeleteSLAPolicy removes a policy (admins): the conversations under it lose it and their
// timers (those still queued find nothing to do); recorded breaches stay for reports.
func (db *DB) DeleteSLAPolicy(ctx context.Context, id int64) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if _, err := tx.exec("DELETE FROM conversation_sla WHERE conversation_id IN (SELECT id FROM conversations WHERE sla_policy_id = ?)", id); err != nil {
			return fmt.Errorf("delete sla policy %d: %w", id, err)
		}
		if _, err := tx.exec("UPDATE conversations SET sla_policy_id = NULL WHERE sla_policy_id = ?", id); err != nil {
			return fmt.Errorf("delete sla policy %d: %w", id, err)
		}
		res, err := tx.exec("DELETE FROM sla_policies WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("delete sla policy %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound("SLA policy")
		}
		tx.emit(switchboard.EventSLAPolicyChanged, nil, nil, nil, map[string]any{"id": id, "action": "deleted"})
		return nil
	})
}

// maxBreachPage bounds a page of breaches.
const maxBreachPage = 1000

// SLABreaches lists the breaches recorded since a time, oldest first (admins and supervisors).
func (db *DB) SLABreaches(ctx context.Context, since time.Time, limit int) ([]*switchboard.SLABreach, error) {
	a, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.SeesAll() {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only admins and supervisors read SLA breaches.")
	}
	if limit <= 0 || limit > maxBreachPage {
		limit = maxBreachPage
	}
	rows, err := db.query(ctx, `SELECT id, conversation_id, inbox_id, policy_id, policy_name, target, due_at, breached_at FROM sla_breaches
		WHERE breached_at >= ? ORDER BY breached_at, id`+limitSQL(limit), micro(since))
	if err != nil {
		return nil, fmt.Errorf("list sla breaches: %w", err)
	}
	defer rows.Close()
	out := []*switchboard.SLABreach{}
	for rows.Next() {
		var b switchboard.SLABreach
		var due, at int64
		if err := rows.Scan(&b.ID, &b.ConversationID, &b.InboxID, &b.PolicyID, &b.PolicyName, &b.Target, &due, &at); err != nil {
			return nil, fmt.Errorf("list sla breaches: %w", err)
		}
		b.DueAt, b.BreachedAt = fromMicro(due), fromMicro(at)
		out = append(out, &b)
	}
	return out, rows.Err()
}
