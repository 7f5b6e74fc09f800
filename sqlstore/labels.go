package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.LabelService = (*DB)(nil)

// Label is a local alias that keeps scanning code short.
type Label = switchboard.Label

const labelColumns = "id, name, color, description, created_at"

func scanLabel(row scanner) (*Label, error) {
	var l Label
	var created int64
	if err := row.Scan(&l.ID, &l.Name, &l.Color, &l.Description, &created); err != nil {
		return nil, err
	}
	l.CreatedAt = fromMicro(created)
	return &l, nil
}

// CreateLabel adds a label. Every signed-in actor may, because agents create labels inline while
// tagging a conversation.
func (db *DB) CreateLabel(ctx context.Context, in *switchboard.LabelInput) (*Label, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	if err := in.Validate(true); err != nil {
		return nil, err
	}
	l := &Label{Name: *in.Name, Color: switchboard.DefaultLabelColor}
	if in.Color != nil {
		l.Color = strings.ToLower(*in.Color)
	}
	if in.Description != nil {
		l.Description = *in.Description
	}
	err := db.update(ctx, func(tx *Tx) error {
		l.CreatedAt = tx.now
		id, err := tx.insert("INSERT INTO labels (name, name_key, color, description, created_at) VALUES (?, ?, ?, ?, ?)",
			l.Name, strings.ToLower(l.Name), l.Color, l.Description, micro(tx.now))
		if isUniqueViolation(err) {
			return errLabelNameTaken()
		} else if err != nil {
			return fmt.Errorf("create label: %w", err)
		}
		l.ID = id
		tx.emit(switchboard.EventLabelChanged, nil, nil, nil, l)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// FindLabelByID returns a label.
func (db *DB) FindLabelByID(ctx context.Context, id int64) (*Label, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	l, err := scanLabel(db.queryRow(ctx, "SELECT "+labelColumns+" FROM labels WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Label")
	} else if err != nil {
		return nil, fmt.Errorf("find label %d: %w", id, err)
	}
	return l, nil
}

// FindLabels lists every label by name, case-insensitively.
func (db *DB) FindLabels(ctx context.Context) ([]*Label, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, "SELECT "+labelColumns+" FROM labels ORDER BY name_key, id")
	if err != nil {
		return nil, fmt.Errorf("find labels: %w", err)
	}
	defer rows.Close()
	labels := []*Label{}
	for rows.Next() {
		l, err := scanLabel(rows)
		if err != nil {
			return nil, fmt.Errorf("find labels: %w", err)
		}
		labels = append(labels, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find labels: %w", err)
	}
	return labels, nil
}

// UpdateLabel renames, recolours or redescribes a label; admins only, since a label is shared by
// every conversation that carries it.
func (db *DB) UpdateLabel(ctx context.Context, id int64, in *switchboard.LabelInput) (*Label, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	if err := in.Validate(false); err != nil {
		return nil, err
	}
	var l *Label
	err := db.update(ctx, func(tx *Tx) error {
		cur, err := scanLabel(tx.queryRow("SELECT "+labelColumns+" FROM labels WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Label")
		} else if err != nil {
			return fmt.Errorf("update label %d: %w", id, err)
		}
		from := cur.Name
		if in.Name != nil {
			cur.Name = *in.Name
		}
		if in.Color != nil {
			cur.Color = strings.ToLower(*in.Color)
		}
		if in.Description != nil {
			cur.Description = *in.Description
		}
		_, err = tx.exec("UPDATE labels SET name = ?, name_key = ?, color = ?, description = ? WHERE id = ?",
			cur.Name, strings.ToLower(cur.Name), cur.Color, cur.Description, id)
		if isUniqueViolation(err) {
			return errLabelNameTaken()
		} else if err != nil {
			return fmt.Errorf("update label %d: %w", id, err)
		}
		if err := tx.renameReportLabel(id, from, cur.Name); err != nil {
			return err
		}
		l = cur
		tx.emit(switchboard.EventLabelChanged, nil, nil, nil, l)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// DeleteLabel removes a label from every conversation and then itself; admins only.
func (db *DB) DeleteLabel(ctx context.Context, id int64) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := tx.deleteReportLabel(id); err != nil {
			return err
		}
		res, err := tx.exec("DELETE FROM labels WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("delete label %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("delete label %d: %w", id, err)
		} else if n == 0 {
			return notFound("Label")
		}
		tx.emit(switchboard.EventLabelChanged, nil, nil, nil, map[string]any{"id": id, "deleted": true})
		return nil
	})
}

func errLabelNameTaken() error {
	return &switchboard.Error{Code: switchboard.ECONFLICT, Message: "A label with this name already exists.",
		Fields:     map[string]string{"name": "This name is taken."},
		FieldCodes: map[string]switchboard.FieldCode{"name": {Code: switchboard.FieldTaken}}}
}
