package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.PresenceService = (*DB)(nil)

// nodeTTL is how long a node's connection counts count without a heartbeat.
const nodeTTL = 45 * time.Second

// SetPresenceChoice sets the acting agent's presence by hand.
func (db *DB) SetPresenceChoice(ctx context.Context, choice switchboard.Presence) (*Agent, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if actor.Agent == nil {
		return nil, switchboard.Errorf(switchboard.EINVALID, "Only agents have a presence.")
	}
	if choice == switchboard.PresenceOnline {
		choice = ""
	}
	if choice != "" && choice != switchboard.PresenceAway && choice != switchboard.PresenceOffline {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Presence must be online, away or offline.",
			Fields: map[string]string{"presence": "Use online, away or offline."}}
	}
	err = db.update(ctx, func(tx *Tx) error {
		tx.configChanged = true // the agent as a cached token shows it
		if _, err := tx.exec("UPDATE agents SET presence_choice = ? WHERE id = ?", string(choice), actor.Agent.ID); err != nil {
			return fmt.Errorf("set presence: %w", err)
		}
		return tx.recomputePresence(actor.Agent.ID, 0)
	})
	if err != nil {
		return nil, err
	}
	return db.FindAgentByID(ctx, actor.Agent.ID)
}

// ReportSessions records an agent's live connections on a node.
func (db *DB) ReportSessions(ctx context.Context, node string, agentID int64, count int) error {
	if a, err := requireActor(ctx); err != nil || !a.System {
		return switchboard.Errorf(switchboard.EFORBIDDEN, "Only nodes report connections.")
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := tx.beat(node); err != nil {
			return err
		}
		if _, err := tx.exec(`INSERT INTO presence_sessions (node_id, agent_id, count) VALUES (?, ?, ?)
			ON CONFLICT (node_id, agent_id) DO UPDATE SET count = excluded.count`, node, agentID, count); err != nil {
			return fmt.Errorf("report sessions: %w", err)
		}
		if count == 0 {
			if _, err := tx.exec("UPDATE agents SET last_session_closed_at = ? WHERE id = ?", micro(tx.now), agentID); err != nil {
				return fmt.Errorf("report sessions: %w", err)
			}
		}
		return tx.recomputePresence(agentID, 0)
	})
}

// Heartbeat marks a node alive and sends idle agents away.
func (db *DB) Heartbeat(ctx context.Context, node string, grace time.Duration) error {
	if a, err := requireActor(ctx); err != nil || !a.System {
		return switchboard.Errorf(switchboard.EFORBIDDEN, "Only nodes beat.")
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := tx.beat(node); err != nil {
			return err
		}
		// Forget nodes long gone, and their counts.
		old := micro(tx.now.Add(-24 * time.Hour))
		if _, err := tx.exec("DELETE FROM presence_sessions WHERE node_id IN (SELECT id FROM nodes WHERE heartbeat_at < ?)", old); err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM nodes WHERE heartbeat_at < ?", old); err != nil {
			return err
		}
		rows, err := tx.query("SELECT id FROM agents WHERE presence = 'online' AND deleted_at IS NULL")
		if err != nil {
			return fmt.Errorf("heartbeat: %w", err)
		}
		var online []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			online = append(online, id)
		}
		rows.Close()
		for _, id := range online {
			if err := tx.recomputePresence(id, grace); err != nil {
				return err
			}
		}
		return nil
	})
}

func (tx *Tx) beat(node string) error {
	if node == "" || len(node) > 200 {
		return switchboard.Errorf(switchboard.EINVALID, "A node needs a name.")
	}
	_, err := tx.exec(`INSERT INTO nodes (id, heartbeat_at) VALUES (?, ?)
		ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`, node, micro(tx.now))
	if err != nil {
		return fmt.Errorf("heartbeat: %w", err)
	}
	return nil
}

// recomputePresence sets what colleagues see of an agent from their choice and their live
// connections on live nodes, and announces a change. With no connection left, an online agent
// turns away once grace has passed since the last one closed (grace 0: not yet, only heartbeats
// pass a grace).
func (tx *Tx) recomputePresence(agentID int64, grace time.Duration) error {
	var current, choice string
	var closed sql.NullInt64
	err := tx.queryRow("SELECT presence, presence_choice, last_session_closed_at FROM agents WHERE id = ? AND deleted_at IS NULL", agentID).
		Scan(&current, &choice, &closed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("presence of agent %d: %w", agentID, err)
	}
	var live int64
	if err := tx.queryRow(`SELECT COALESCE(SUM(ps.count), 0) FROM presence_sessions ps JOIN nodes n ON n.id = ps.node_id
		WHERE ps.agent_id = ? AND n.heartbeat_at > ?`, agentID, micro(tx.now.Add(-nodeTTL))).Scan(&live); err != nil {
		return fmt.Errorf("presence of agent %d: %w", agentID, err)
	}
	next := switchboard.Presence(current)
	switch {
	case choice != "":
		next = switchboard.Presence(choice)
	case live > 0:
		next = switchboard.PresenceOnline
	case current == string(switchboard.PresenceOnline) && grace > 0 && (!closed.Valid || tx.now.Sub(fromMicro(closed.Int64)) >= grace):
		next = switchboard.PresenceAway
	case current == string(switchboard.PresenceOffline) && choice == "":
		next = switchboard.PresenceOffline // never connected since going offline by hand
	}
	if next == switchboard.Presence(current) {
		return nil
	}
	tx.configChanged = true // the agent as a cached token shows it
	if _, err := tx.exec(`UPDATE agents SET presence = ?,
		offline_since = CASE WHEN ? = 'online' THEN NULL WHEN presence = 'online' THEN ? ELSE offline_since END WHERE id = ?`,
		string(next), string(next), micro(tx.now), agentID); err != nil {
		return fmt.Errorf("presence of agent %d: %w", agentID, err)
	}
	tx.emit(switchboard.EventAgentPresence, nil, nil, nil, map[string]any{"id": agentID, "presence": next})
	if next == switchboard.PresenceOnline {
		return tx.queueForNewcomer(agentID) // waiting conversations may go to them
	}
	if current == string(switchboard.PresenceOnline) {
		return tx.agentLeft(agentID)
	}
	return nil
}
