package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.AgentService = (*DB)(nil)

// bcryptCost is the default work factor for password hashes. Passwords are checked only at sign-in;
// requests are authenticated by session or token hashes, which cost microseconds.
const bcryptCost = 11

const agentColumns = "id, name, email, role, time_zone, language, avatar_url, presence, presence_choice, signature, created_at, updated_at"

// scanner is what *sql.Row and *sql.Rows have in common.
type scanner interface{ Scan(...any) error }

// scanAgent reads agentColumns, then any extra columns into extra.
func scanAgent(row scanner, extra ...any) (*Agent, error) {
	var a Agent
	var created, updated int64
	dest := append([]any{&a.ID, &a.Name, &a.Email, &a.Role, &a.TimeZone, &a.Language, &a.AvatarURL, &a.Presence, &a.PresenceChoice, &a.Signature, &created, &updated}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	a.CreatedAt, a.UpdatedAt = fromMicro(created), fromMicro(updated)
	return &a, nil
}

// Agent is a local alias that keeps scanning code short.
type Agent = switchboard.Agent

func requireActor(ctx context.Context) (switchboard.Actor, error) {
	a, ok := switchboard.ActorFromContext(ctx)
	if !ok {
		return a, switchboard.Errorf(switchboard.EUNAUTHORIZED, "Sign in first.")
	}
	return a, nil
}

func requireAdmin(ctx context.Context) (switchboard.Actor, error) {
	a, err := requireActor(ctx)
	if err != nil {
		return a, err
	}
	if !a.IsAdmin() {
		return a, switchboard.Errorf(switchboard.EFORBIDDEN, "Only admins can do this.")
	}
	return a, nil
}

// CreateAgent adds an agent; admins only.
func (db *DB) CreateAgent(ctx context.Context, c *switchboard.AgentCreate) (*Agent, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	return db.createAgent(ctx, c, false)
}

// CreateFirstAdmin creates the first agent, an admin, while there is none.
func (db *DB) CreateFirstAdmin(ctx context.Context, c *switchboard.AgentCreate) (*Agent, error) {
	c.Role = switchboard.RoleAdmin
	return db.createAgent(ctx, c, true)
}

func (db *DB) createAgent(ctx context.Context, c *switchboard.AgentCreate, first bool) (*Agent, error) {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	hash, err := db.hashPassword(ctx, c.Password)
	if err != nil {
		return nil, err
	}
	var a *Agent
	err = db.update(ctx, func(tx *Tx) error {
		if first {
			// Two first-run requests at once must not both see an empty table.
			if err := tx.lock(lockSetup); err != nil {
				return err
			}
			var n int
			if err := tx.queryRow("SELECT COUNT(*) FROM agents").Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return switchboard.Errorf(switchboard.ECONFLICT, "Switchboard is already set up; sign in instead.")
			}
		}
		now := micro(tx.now)
		id, err := tx.insert(`INSERT INTO agents (name, email, role, time_zone, language, password_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.Name, c.Email, string(c.Role), c.TimeZone, c.Language, hash, now, now)
		if isUniqueViolation(err) {
			return &switchboard.Error{Code: switchboard.ECONFLICT, Message: "An agent with this email already exists.",
				Fields:     map[string]string{"email": "This email is taken."},
				FieldCodes: map[string]switchboard.FieldCode{"email": {Code: switchboard.FieldTaken}}}
		} else if err != nil {
			return fmt.Errorf("insert agent: %w", err)
		}
		if err := tx.registerReportZone(c.TimeZone); err != nil {
			return err
		}
		a = &Agent{ID: id, Name: c.Name, Email: c.Email, Role: c.Role, TimeZone: c.TimeZone, Language: c.Language,
			Presence: switchboard.PresenceOffline, CreatedAt: fromMicro(now), UpdatedAt: fromMicro(now)}
		tx.emit(switchboard.EventAgentCreated, nil, nil, nil, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// NeedsSetup reports whether no agent exists yet.
func (db *DB) NeedsSetup(ctx context.Context) (bool, error) {
	var one int
	err := db.queryRow(ctx, "SELECT 1 FROM agents LIMIT 1").Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("check setup: %w", err)
	}
	return false, nil
}

// FindAgentByID returns an agent that has not been deleted.
func (db *DB) FindAgentByID(ctx context.Context, id int64) (*Agent, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	a, err := scanAgent(db.queryRow(ctx, "SELECT "+agentColumns+" FROM agents WHERE id = ? AND deleted_at IS NULL", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Agent")
	}
	if err != nil {
		return nil, fmt.Errorf("find agent %d: %w", id, err)
	}
	return a, nil
}

// FindAgentByEmail returns an agent by email, case-insensitively.
func (db *DB) FindAgentByEmail(ctx context.Context, email string) (*Agent, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	a, err := scanAgent(db.queryRow(ctx, "SELECT "+agentColumns+" FROM agents WHERE email = lower(?) AND deleted_at IS NULL", email))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Agent")
	}
	if err != nil {
		return nil, fmt.Errorf("find agent by email: %w", err)
	}
	return a, nil
}

// FindAgents lists the agents, by name.
func (db *DB) FindAgents(ctx context.Context) ([]*Agent, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, "SELECT "+agentColumns+" FROM agents WHERE deleted_at IS NULL ORDER BY lower(name), id")
	if err != nil {
		return nil, fmt.Errorf("find agents: %w", err)
	}
	defer rows.Close()
	agents := []*Agent{}
	for rows.Next() {
		a, err := scanAgent(rows)
		if err != nil {
			return nil, fmt.Errorf("find agents: %w", err)
		}
		agents = append(agents, a)
	}
	return agents, rows.Err()
}

// FindConversationAgents lists the agents who can see a conversation the actor sees: admins,
// supervisors, and the members of its inbox, directly or through a team.
func (db *DB) FindConversationAgents(ctx context.Context, id int64) ([]*Agent, error) {
	c, err := db.FindConversationByID(ctx, id) // the actor's visibility: 404 when they do not see it
	if err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, "SELECT "+agentColumns+` FROM agents WHERE deleted_at IS NULL AND (role IN ('admin', 'supervisor')
		OR id IN (SELECT agent_id FROM inbox_members WHERE inbox_id = ?
			UNION SELECT tm.agent_id FROM inbox_teams it JOIN team_members tm ON tm.team_id = it.team_id WHERE it.inbox_id = ?))
		ORDER BY lower(name), id`, c.InboxID, c.InboxID)
	if err != nil {
		return nil, fmt.Errorf("agents of conversation %d: %w", id, err)
	}
	defer rows.Close()
	agents := []*Agent{}
	for rows.Next() {
		a, err := scanAgent(rows)
		if err != nil {
			return nil, fmt.Errorf("agents of conversation %d: %w", id, err)
		}
		agents = append(agents, a)
	}
	return agents, rows.Err()
}

// UpdateAgent changes an agent. Admins change anyone; an agent changes their own profile but not
// their role or email. The last admin cannot be demoted.
func (db *DB) UpdateAgent(ctx context.Context, id int64, u *switchboard.AgentUpdate) (*Agent, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	self := actor.Agent != nil && actor.Agent.ID == id
	if !actor.IsAdmin() && (!self || u.Role != nil || u.Email != nil) {
		if !self {
			return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only admins can change other agents.")
		}
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only admins can change roles and emails.")
	}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	var a *Agent
	err = db.update(ctx, func(tx *Tx) error {
		cur, err := scanAgent(tx.queryRow("SELECT "+agentColumns+" FROM agents WHERE id = ? AND deleted_at IS NULL", id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Agent")
		} else if err != nil {
			return err
		}
		if u.Role != nil && *u.Role != switchboard.RoleAdmin && cur.Role == switchboard.RoleAdmin {
			if err := lastAdminCheck(tx, id); err != nil {
				return err
			}
		}
		setGiven(&cur.Name, u.Name)
		setGiven(&cur.Email, u.Email)
		if u.TimeZone != nil && *u.TimeZone != cur.TimeZone {
			if err := tx.registerReportZone(*u.TimeZone); err != nil {
				return err
			}
		}
		setGiven(&cur.TimeZone, u.TimeZone)
		setGiven(&cur.Language, u.Language)
		setGiven(&cur.AvatarURL, u.AvatarURL)
		setGiven(&cur.Signature, u.Signature)
		setGiven(&cur.Role, u.Role)
		cur.UpdatedAt = tx.now
		tx.configChanged = true
		_, err = tx.exec(`UPDATE agents SET name = ?, email = ?, role = ?, time_zone = ?, language = ?, avatar_url = ?, signature = ?, updated_at = ?
			WHERE id = ?`, cur.Name, cur.Email, string(cur.Role), cur.TimeZone, cur.Language, cur.AvatarURL, cur.Signature, micro(tx.now), id)
		if isUniqueViolation(err) {
			return &switchboard.Error{Code: switchboard.ECONFLICT, Message: "An agent with this email already exists.",
				Fields:     map[string]string{"email": "This email is taken."},
				FieldCodes: map[string]switchboard.FieldCode{"email": {Code: switchboard.FieldTaken}}}
		} else if err != nil {
			return fmt.Errorf("update agent %d: %w", id, err)
		}
		a = cur
		tx.emit(switchboard.EventAgentUpdated, nil, nil, nil, a)
		return nil
	})
	return a, err
}

// lastAdminCheck refuses a change that would leave no admin.
func lastAdminCheck(tx *Tx, id int64) error {
	var others int
	if err := tx.queryRow("SELECT COUNT(*) FROM agents WHERE role = 'admin' AND deleted_at IS NULL AND id <> ?", id).Scan(&others); err != nil {
		return err
	}
	if others == 0 {
		return switchboard.Errorf(switchboard.ECONFLICT, "This is the last admin; make another agent admin first.")
	}
	return nil
}

// DeleteAgent takes an agent out of service; admins only, and not the last admin.
func (db *DB) DeleteAgent(ctx context.Context, id int64) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		var role string
		err := tx.queryRow("SELECT role FROM agents WHERE id = ? AND deleted_at IS NULL", id).Scan(&role)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Agent")
		} else if err != nil {
			return err
		}
		if role == string(switchboard.RoleAdmin) {
			if err := lastAdminCheck(tx, id); err != nil {
				return err
			}
		}
		now := micro(tx.now)
		tx.configChanged = true
		stmts := []struct {
			q    string
			args []any
		}{
			{"UPDATE agents SET deleted_at = ?, updated_at = ? WHERE id = ?", []any{now, now, id}},
			{"DELETE FROM sessions WHERE agent_id = ?", []any{id}},
			{"DELETE FROM api_tokens WHERE agent_id = ?", []any{id}},
			{"DELETE FROM team_members WHERE agent_id = ?", []any{id}},
			{"DELETE FROM inbox_members WHERE agent_id = ?", []any{id}},
			{"UPDATE conversations SET assignee_id = NULL, updated_at = ? WHERE assignee_id = ? AND status <> 'resolved'", []any{now, id}},
			// Their browsers, and their notifications with the emails waiting.
			{"DELETE FROM push_subscriptions WHERE agent_id = ?", []any{id}},
			{"DELETE FROM notifications WHERE agent_id = ?", []any{id}},
		}
		for _, s := range stmts {
			if _, err := tx.exec(s.q, s.args...); err != nil {
				return fmt.Errorf("delete agent %d: %w", id, err)
			}
		}
		tx.emit(switchboard.EventAgentDeleted, nil, nil, nil, map[string]int64{"id": id})
		return tx.cancelJob(notifyEmailKey(id))
	})
}
