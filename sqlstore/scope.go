package sqlstore

import (
	"context"
	"fmt"

	"github.com/switchboardhq/switchboard"
)

// scopeArgs returns a scope's inbox ids as query arguments.
func scopeArgs(s switchboard.InboxScope) []any {
	out := make([]any, 0, len(s.IDs))
	for id := range s.IDs {
		out = append(out, id)
	}
	return out
}

// memberInboxesSQL lists an agent's inboxes; its two arguments are the agent's id.
const memberInboxesSQL = `SELECT inbox_id FROM inbox_members WHERE agent_id = ?
	UNION SELECT it.inbox_id FROM inbox_teams it JOIN team_members tm ON tm.team_id = it.team_id WHERE tm.agent_id = ?`

// scope computes the actor's inbox scope on the read pool.
func (db *DB) scope(ctx context.Context, a switchboard.Actor) (switchboard.InboxScope, error) {
	return db.scopeWith(ctx, db.read, a)
}

// scopeTx computes the actor's inbox scope inside a transaction.
func (db *DB) scopeTx(tx *Tx, a switchboard.Actor) (switchboard.InboxScope, error) {
	return db.scopeWith(tx.ctx, tx.tx, a)
}

func (db *DB) scopeWith(ctx context.Context, q queryer, a switchboard.Actor) (switchboard.InboxScope, error) {
	if a.SeesAll() {
		return switchboard.InboxScope{All: true}, nil
	}
	s := switchboard.InboxScope{IDs: map[int64]bool{}}
	if a.Agent == nil {
		return s, nil
	}
	rows, err := q.QueryContext(ctx, db.q(memberInboxesSQL), a.Agent.ID, a.Agent.ID)
	if err != nil {
		return s, fmt.Errorf("inbox scope: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return s, fmt.Errorf("inbox scope: %w", err)
		}
		s.IDs[id] = true
	}
	return s, rows.Err()
}

// InboxScope returns the inboxes the acting agent may see.
func (db *DB) InboxScope(ctx context.Context) (switchboard.InboxScope, error) {
	a, err := requireActor(ctx)
	if err != nil {
		return switchboard.InboxScope{}, err
	}
	return db.scope(ctx, a)
}

// agentSeesInbox reports whether an agent (by id, with their current role) may see an inbox.
func (db *DB) agentSeesInbox(tx *Tx, agentID, inboxID int64) (bool, error) {
	var role string
	if err := tx.queryRow("SELECT role FROM agents WHERE id = ?", agentID).Scan(&role); err != nil {
		return false, fmt.Errorf("agent role: %w", err)
	}
	s, err := db.scopeWith(tx.ctx, tx.tx, switchboard.Actor{Agent: &switchboard.Agent{ID: agentID, Role: switchboard.Role(role)}})
	if err != nil {
		return false, err
	}
	return s.Has(inboxID), nil
}
