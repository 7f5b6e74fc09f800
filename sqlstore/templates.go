package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.TemplateService = (*DB)(nil)

const templateColumns = "id, inbox_id, name, language, category, status, components, provider_id, synced_at"

func scanTemplate(row scanner) (*switchboard.Template, error) {
	var t switchboard.Template
	var components string
	var synced int64
	if err := row.Scan(&t.ID, &t.InboxID, &t.Name, &t.Language, &t.Category, &t.Status, &components, &t.ProviderID, &synced); err != nil {
		return nil, err
	}
	t.Components, t.SyncedAt = json.RawMessage(components), fromMicro(synced)
	t.Body, t.Params = switchboard.TemplateBody(t.Components)
	return &t, nil
}

// FindTemplates lists an inbox's templates to agents who see the inbox, by name and language.
func (db *DB) FindTemplates(ctx context.Context, inboxID int64) ([]*switchboard.Template, error) {
	if _, err := db.FindInboxByID(ctx, inboxID); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, "SELECT "+templateColumns+" FROM templates WHERE inbox_id = ? ORDER BY name, language", inboxID)
	if err != nil {
		return nil, fmt.Errorf("find templates: %w", err)
	}
	defer rows.Close()
	out := []*switchboard.Template{}
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, fmt.Errorf("find templates: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// findTemplate returns one template of an inbox, or EINVALID naming the template field.
func (db *DB) findTemplate(ctx context.Context, q rowQueryer, inboxID int64, name, language string) (*switchboard.Template, error) {
	t, err := scanTemplate(q.QueryRowContext(ctx, db.q("SELECT "+templateColumns+" FROM templates WHERE inbox_id = ? AND name = ? AND language = ?"), inboxID, name, language))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: fmt.Sprintf("This inbox has no template %s in %s.", name, language),
			Fields: map[string]string{"template": "Choose one of the inbox's templates."}}
	} else if err != nil {
		return nil, fmt.Errorf("find template: %w", err)
	}
	return t, nil
}

// SyncTemplates queues a fetch of the inbox's templates from its provider.
func (db *DB) SyncTemplates(ctx context.Context, inboxID int64) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	in, err := db.FindInboxByID(ctx, inboxID)
	if err != nil {
		return err
	}
	if !db.capabilities(in.Kind).Templates {
		return switchboard.Errorf(switchboard.EINVALID, "%s inboxes have no templates.", in.Kind)
	}
	return db.update(ctx, func(tx *Tx) error {
		return tx.enqueue(switchboard.JobSyncTemplates, switchboard.SyncTemplatesArgs{InboxID: inboxID},
			jobOptions{maxAttempts: 5, uniqueKey: fmt.Sprintf("templates:%d", inboxID)})
	})
}

// ReplaceTemplates stores the provider's templates of an inbox, removing those it no longer has.
func (db *DB) ReplaceTemplates(ctx context.Context, inboxID int64, ts []*switchboard.Template) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		now := micro(tx.now)
		keep := make([]any, 0, len(ts))
		for _, t := range ts {
			components := string(switchboard.StorableJSON(t.Components))
			if components == "" {
				components = "[]"
			}
			// Providers answer with anything (see clipText).
			row := []any{inboxID, t.Name, t.Language, t.Category, t.Status, components, t.ProviderID, now}
			for i, v := range row {
				if s, ok := v.(string); ok {
					row[i] = switchboard.StorableText(s)
				}
			}
			id, err := tx.insert(`INSERT INTO templates (inbox_id, name, language, category, status, components, provider_id, synced_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (inbox_id, name, language) DO UPDATE SET category = excluded.category, status = excluded.status,
					components = excluded.components, provider_id = excluded.provider_id, synced_at = excluded.synced_at`, row...)
			if err != nil {
				return fmt.Errorf("store template %s: %w", t.Name, err)
			}
			keep = append(keep, id)
		}
		var w where
		w.add("inbox_id = ?", inboxID)
		if len(keep) > 0 {
			w.in("NOT id", keep)
		}
		if _, err := tx.exec("DELETE FROM templates"+w.sql(), w.args...); err != nil {
			return fmt.Errorf("remove old templates: %w", err)
		}
		_, err := tx.exec(`INSERT INTO inbox_health (inbox_id, templates_synced_at) VALUES (?, ?)
			ON CONFLICT (inbox_id) DO UPDATE SET templates_synced_at = excluded.templates_synced_at`, inboxID, now)
		return err
	})
}
