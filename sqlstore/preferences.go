package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.PreferencesService = (*DB)(nil)

// preferencesAgent is the acting agent, whose preferences are the only ones reachable.
func preferencesAgent(ctx context.Context) (int64, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return 0, err
	}
	if actor.Agent == nil {
		return 0, switchboard.Errorf(switchboard.EINVALID, "Only agents have preferences.")
	}
	return actor.Agent.ID, nil
}

// Preferences returns the acting agent's preferences.
func (db *DB) Preferences(ctx context.Context) (*switchboard.Preferences, error) {
	id, err := preferencesAgent(ctx)
	if err != nil {
		return nil, err
	}
	var raw string
	if err := db.queryRow(ctx, "SELECT preferences FROM agents WHERE id = ?", id).Scan(&raw); err != nil {
		return nil, fmt.Errorf("preferences of agent %d: %w", id, err)
	}
	return decodePreferences(raw)
}

// UpdatePreferences changes the acting agent's preferences, reading and writing them in one
// transaction so two browsers changing different ones both win.
func (db *DB) UpdatePreferences(ctx context.Context, u *switchboard.PreferencesUpdate) (*switchboard.Preferences, error) {
	id, err := preferencesAgent(ctx)
	if err != nil {
		return nil, err
	}
	var p *switchboard.Preferences
	err = db.update(ctx, func(tx *Tx) error {
		var raw string
		if err := tx.queryRow("SELECT preferences FROM agents WHERE id = ?", id).Scan(&raw); err != nil {
			return fmt.Errorf("preferences of agent %d: %w", id, err)
		}
		if p, err = decodePreferences(raw); err != nil {
			return err
		}
		u.Apply(p)
		b, err := json.Marshal(p)
		if err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE agents SET preferences = ? WHERE id = ?", string(b), id); err != nil {
			return fmt.Errorf("update preferences of agent %d: %w", id, err)
		}
		return nil
	})
	return p, err
}

func decodePreferences(raw string) (*switchboard.Preferences, error) {
	var p switchboard.Preferences
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		return nil, fmt.Errorf("decode preferences: %w", err)
	}
	return &p, nil
}
