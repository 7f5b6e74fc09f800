package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.CRMService = (*DB)(nil)

// crmSecretAD binds the sealed lookup secret to its use.
var crmSecretAD = []byte("crm:lookup")

// maxCRMErrorLength bounds the recorded lookup error.
const maxCRMErrorLength = 500

// findCRMSettings reads the settings with the sealed secret; a workspace that never saved any
// has empty ones.
func findCRMSettings(ctx context.Context, q rowQueryer, db *DB) (*switchboard.CRMSettings, string, error) {
	s := &switchboard.CRMSettings{}
	var sealed string
	var errAt, okAt sql.NullInt64
	var updated int64
	err := q.QueryRowContext(ctx, db.q(`SELECT link_template, link_label, lookup_url, lookup_secret, last_error, last_error_at,
		last_success_at, updated_at FROM crm_settings WHERE id = 1`)).
		Scan(&s.LinkTemplate, &s.LinkLabel, &s.LookupURL, &sealed, &s.LastError, &errAt, &okAt, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return s, "", nil
	} else if err != nil {
		return nil, "", fmt.Errorf("find CRM settings: %w", err)
	}
	s.SecretSet = sealed != ""
	s.LastErrorAt, s.LastSuccessAt, s.UpdatedAt = fromNullMicro(errAt), fromNullMicro(okAt), fromMicro(updated)
	return s, sealed, nil
}

// FindCRMSettings returns the CRM settings, without the secret; admins only.
func (db *DB) FindCRMSettings(ctx context.Context) (*switchboard.CRMSettings, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	s, _, err := findCRMSettings(ctx, db.read, db)
	return s, err
}

// SetCRMSettings changes the CRM settings; admins only. Saving clears the recorded outcomes of
// lookups, which described the settings before.
func (db *DB) SetCRMSettings(ctx context.Context, in *switchboard.CRMSettingsInput) (*switchboard.CRMSettings, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	var out *switchboard.CRMSettings
	err := db.update(ctx, func(tx *Tx) error {
		cur, sealed, err := findCRMSettings(tx.ctx, tx.tx, db)
		if err != nil {
			return err
		}
		if err := in.Validate(cur); err != nil {
			return err
		}
		if in.LinkTemplate != nil {
			cur.LinkTemplate = *in.LinkTemplate
		}
		if in.LinkLabel != nil {
			cur.LinkLabel = *in.LinkLabel
		}
		if in.LookupURL != nil {
			cur.LookupURL = *in.LookupURL
		}
		if in.Secret != nil {
			sealed = ""
			if *in.Secret != "" {
				sealed = db.box.Seal([]byte(*in.Secret), crmSecretAD)
			}
		}
		cur.SecretSet, cur.LastError, cur.LastErrorAt, cur.LastSuccessAt, cur.UpdatedAt = sealed != "", "", nil, nil, tx.now
		if _, err := tx.exec(`INSERT INTO crm_settings (id, link_template, link_label, lookup_url, lookup_secret, last_error,
			last_error_at, last_success_at, updated_at) VALUES (1, ?, ?, ?, ?, '', NULL, NULL, ?)
			ON CONFLICT (id) DO UPDATE SET link_template = excluded.link_template, link_label = excluded.link_label,
			lookup_url = excluded.lookup_url, lookup_secret = excluded.lookup_secret, last_error = '', last_error_at = NULL,
			last_success_at = NULL, updated_at = excluded.updated_at`,
			cur.LinkTemplate, cur.LinkLabel, cur.LookupURL, sealed, micro(tx.now)); err != nil {
			return fmt.Errorf("save CRM settings: %w", err)
		}
		out = cur
		return nil
	})
	return out, err
}

// CRMConfig returns the settings with the lookup secret in clear; the system only.
func (db *DB) CRMConfig(ctx context.Context) (*switchboard.CRMSettings, string, error) {
	if err := requireSystem(ctx); err != nil {
		return nil, "", err
	}
	s, sealed, err := findCRMSettings(ctx, db.read, db)
	if err != nil || sealed == "" {
		return s, "", err
	}
	raw, err := db.box.Open(sealed, crmSecretAD)
	if err != nil {
		return nil, "", fmt.Errorf("open CRM lookup secret: %w", err)
	}
	return s, string(raw), nil
}

// RecordCRMLookup records a lookup's outcome, errText "" for a success; the system only. A
// workspace with no settings saved has no lookup, so nothing to record.
func (db *DB) RecordCRMLookup(ctx context.Context, errText string) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	if len(errText) > maxCRMErrorLength {
		errText = strings.ToValidUTF8(errText[:maxCRMErrorLength], "")
	}
	return db.update(ctx, func(tx *Tx) error {
		var err error
		if errText == "" {
			_, err = tx.exec("UPDATE crm_settings SET last_success_at = ? WHERE id = 1", micro(tx.now))
		} else {
			_, err = tx.exec("UPDATE crm_settings SET last_error = ?, last_error_at = ? WHERE id = 1", errText, micro(tx.now))
		}
		if err != nil {
			return fmt.Errorf("record CRM lookup: %w", err)
		}
		return nil
	})
}
