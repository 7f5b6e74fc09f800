package sqlstore

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

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

// inScope returns the condition "col IN (1, 4, 7)" for a scope's inbox ids, written into the
// query rather than bound, so that the planner weighs the inboxes actually given (PostgreSQL
// would otherwise settle on a generic plan for any ids). The ids are integers from the
// database, sorted so that a scope always gives the same query text and cached statement.
func inScope(col string, s switchboard.InboxScope) string {
	ids := slices.Sorted(maps.Keys(maps.Collect(func(yield func(int64, bool) bool) {
		for id, in := range s.IDs {
			if in && !yield(id, true) {
				return
			}
		}
	})))
	var b strings.Builder
	b.WriteString(col + " IN (")
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteString(")")
	return b.String()
}

// listScope returns the scope a list or a search must filter by: the actor's, or none (All)
// when the agent belongs to every inbox there is, as in most small teams. A list then walks the
// index in its own order and stops after a page; filtered by inbox, SQLite reads the inbox's
// conversations and sorts them (it does not weigh the page's LIMIT), a cost that grows with the
// inbox.
func (db *DB) listScope(ctx context.Context, a switchboard.Actor) (switchboard.InboxScope, error) {
	s, all, err := db.actorScope(db.reader(ctx), a, false)
	if all {
		return switchboard.InboxScope{All: true}, err
	}
	return s, err
}

// scope returns the actor's inbox scope: every inbox for admins and the system, else the
// agent's own (remembered: see memberships).
func (db *DB) scope(ctx context.Context, a switchboard.Actor) (switchboard.InboxScope, error) {
	s, _, err := db.actorScope(db.reader(ctx), a, false)
	return s, err
}

// scopeTx is scope inside a transaction: as remembered, else read through the transaction (on
// PostgreSQL the pool's other connections may all be held by transactions waiting, like this
// one, for a read), and as the transaction sees it if it changed the configuration.
func (db *DB) scopeTx(tx *Tx, a switchboard.Actor) (switchboard.InboxScope, error) {
	s, _, err := db.actorScope(tx.query, a, tx.configChanged)
	return s, err
}

// actorScope returns an actor's inbox scope, read with query (fresh: see remembered.read), and
// whether an agent's inboxes are all there are.
func (db *DB) actorScope(query queryFunc, a switchboard.Actor, fresh bool) (switchboard.InboxScope, bool, error) {
	if a.SeesAll() {
		return switchboard.InboxScope{All: true}, false, nil
	}
	if a.Agent == nil {
		return switchboard.InboxScope{IDs: map[int64]bool{}}, false, nil
	}
	m, err := db.agentScopes.read(a.Agent.ID, fresh, func() (agentScope, error) { return memberships(query, a.Agent.ID) })
	return switchboard.InboxScope{IDs: m.ids}, m.all, err
}

// agentScope is the inboxes an agent belongs to, by themselves or through a team, and whether
// those are all the inboxes there are. Its map is shared: nobody may change it.
type agentScope struct {
	ids map[int64]bool
	all bool
}

// memberships reads an agent's inboxes with query: every list, search and conversation an agent
// opens or changes needs them, so they are remembered (see actorScope). One query tells both
// which inboxes the agent has and whether those are all.
func memberships(query queryFunc, agentID int64) (agentScope, error) {
	m := agentScope{ids: map[int64]bool{}}
	rows, err := query(`SELECT i.id, m.inbox_id IS NOT NULL FROM inboxes i LEFT JOIN (
		SELECT inbox_id FROM inbox_members WHERE agent_id = ?
		UNION SELECT it.inbox_id FROM inbox_teams it JOIN team_members tm ON tm.team_id = it.team_id WHERE tm.agent_id = ?
		) m ON m.inbox_id = i.id`, agentID, agentID)
	if err != nil {
		return m, fmt.Errorf("inbox scope: %w", err)
	}
	defer rows.Close()
	all := true
	for rows.Next() {
		var id int64
		var member bool
		if err := rows.Scan(&id, &member); err != nil {
			return m, fmt.Errorf("inbox scope: %w", err)
		}
		if member {
			m.ids[id] = true
		}
		all = all && member
	}
	if err := rows.Err(); err != nil {
		return m, fmt.Errorf("inbox scope: %w", err)
	}
	m.all = all && len(m.ids) > 0
	return m, nil
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
	s, err := db.scopeTx(tx, switchboard.Actor{Agent: &switchboard.Agent{ID: agentID, Role: switchboard.Role(role)}})
	if err != nil {
		return false, err
	}
	return s.Has(inboxID), nil
}
