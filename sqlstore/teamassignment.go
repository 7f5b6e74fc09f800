package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.TeamAssignmentService = (*DB)(nil)

// lockAssignTeam is the namespace of the locks on a team's automatic assignment (PostgreSQL's
// two-key advisory locks, as lockAssignInbox): counting a member's conversations of the team and
// giving them one more happen under it, so two nodes never both give the last free place.
const lockAssignTeam int64 = 7302246

// TeamAssignmentSettings returns a team's automatic assignment settings (admins).
func (db *DB) TeamAssignmentSettings(ctx context.Context, teamID int64) (*switchboard.TeamAssignmentSettings, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	var out *switchboard.TeamAssignmentSettings
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.teamAssignmentSettings(teamID)
		return err
	})
	return out, err
}

func (tx *Tx) teamAssignmentSettings(teamID int64) (*switchboard.TeamAssignmentSettings, error) {
	var n int
	if err := tx.queryRow("SELECT COUNT(*) FROM teams WHERE id = ?", teamID).Scan(&n); err != nil {
		return nil, fmt.Errorf("team assignment settings: %w", err)
	} else if n == 0 {
		return nil, notFound("Team")
	}
	s := &switchboard.TeamAssignmentSettings{TeamID: teamID}
	var strategy string
	err := tx.queryRow("SELECT strategy, capacity FROM team_assignment WHERE team_id = ?", teamID).Scan(&strategy, &s.Capacity)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("team assignment settings: %w", err)
	}
	s.Strategy = switchboard.AssignStrategy(strategy)
	s.AgentCapacity, err = tx.agentCapacities("SELECT agent_id, capacity FROM team_agent_capacity WHERE team_id = ? ORDER BY agent_id", teamID)
	return s, err
}

// SetTeamAssignmentSettings replaces a team's automatic assignment settings (admins) and queues
// a run of the team, and of the inboxes whose conversations of the team it took over or gave back.
func (db *DB) SetTeamAssignmentSettings(ctx context.Context, s *switchboard.TeamAssignmentSettings) (*switchboard.TeamAssignmentSettings, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	if fields := assignFields(s.Strategy, s.Capacity, s.AgentCapacity); len(fields) > 0 {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Check the assignment settings.", Fields: fields}
	}
	var out *switchboard.TeamAssignmentSettings
	err := db.update(ctx, func(tx *Tx) error {
		if _, err := tx.teamAssignmentSettings(s.TeamID); err != nil {
			return err
		}
		if err := tx.checkCapacityAgents(s.AgentCapacity); err != nil {
			return err
		}
		if _, err := tx.exec(`INSERT INTO team_assignment (team_id, strategy, capacity, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (team_id) DO UPDATE SET strategy = excluded.strategy, capacity = excluded.capacity, updated_at = excluded.updated_at`,
			s.TeamID, string(s.Strategy), s.Capacity, micro(tx.now)); err != nil {
			return fmt.Errorf("set team assignment settings: %w", err)
		}
		if _, err := tx.exec("DELETE FROM team_agent_capacity WHERE team_id = ?", s.TeamID); err != nil {
			return fmt.Errorf("set team assignment settings: %w", err)
		}
		for id, c := range s.AgentCapacity {
			if _, err := tx.exec("INSERT INTO team_agent_capacity (team_id, agent_id, capacity) VALUES (?, ?, ?)", s.TeamID, id, c); err != nil {
				return fmt.Errorf("set team assignment settings: %w", err)
			}
		}
		if err := tx.queueAutoAssignTeam(&s.TeamID); err != nil {
			return err
		}
		if s.Strategy == switchboard.AssignOff {
			// The team's waiting conversations are their inboxes' again.
			inboxes, err := tx.ids("SELECT DISTINCT inbox_id FROM conversations WHERE team_id = ? AND status = 'open' AND assignee_id IS NULL", s.TeamID)
			if err != nil {
				return fmt.Errorf("set team assignment settings: %w", err)
			}
			for _, id := range inboxes {
				if err := tx.queueAutoAssign(id); err != nil {
					return err
				}
			}
		}
		var err error
		out, err = tx.teamAssignmentSettings(s.TeamID)
		return err
	})
	return out, err
}

// queueAutoAssignTeam queues an assignment run of a team (nil: none) that assigns
// automatically: one live job per team.
func (tx *Tx) queueAutoAssignTeam(teamID *int64) error {
	if teamID == nil {
		return nil
	}
	var strategy string
	err := tx.queryRow("SELECT strategy FROM team_assignment WHERE team_id = ?", *teamID).Scan(&strategy)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && strategy == "") {
		return nil
	} else if err != nil {
		return fmt.Errorf("queue team assignment: %w", err)
	}
	return tx.enqueue(switchboard.JobAutoAssignTeam, switchboard.AutoAssignTeamArgs{TeamID: *teamID},
		jobOptions{uniqueKey: fmt.Sprintf("auto_assign_team:%d", *teamID)})
}

// queueAssignment queues the runs that may give a conversation of an inbox and team (nil: none)
// to someone, or fill the place it freed: its team's, and its inbox's.
func (tx *Tx) queueAssignment(inboxID int64, teamID *int64) error {
	if err := tx.queueAutoAssignTeam(teamID); err != nil {
		return err
	}
	return tx.queueAutoAssign(inboxID)
}

// queueTeamsForAgent queues the runs of the teams an agent belongs to (they came online).
func (tx *Tx) queueTeamsForAgent(agentID int64) error {
	ids, err := tx.ids(`SELECT a.team_id FROM team_assignment a JOIN team_members tm ON tm.team_id = a.team_id
		WHERE a.strategy <> '' AND tm.agent_id = ?`, agentID)
	if err != nil {
		return fmt.Errorf("queue team assignment: %w", err)
	}
	for _, id := range ids {
		if err := tx.queueAutoAssignTeam(&id); err != nil {
			return err
		}
	}
	return nil
}

// queueForNewcomer queues the runs that may give an agent who joined an inbox its waiting
// conversations: those of the agent's inboxes and teams.
func (tx *Tx) queueForNewcomer(agentID int64) error {
	if err := tx.queueTeamsForAgent(agentID); err != nil {
		return err
	}
	return tx.queueAutoAssignForAgent(agentID)
}

// AutoAssignTeam gives a team's waiting conversations (open, assigned to the team and to nobody),
// oldest first, to its online members who see each one's inbox, below the team's capacity, as
// pick chooses (system). Counting and giving happen under the team's lock, in the transaction
// that writes them.
func (db *DB) AutoAssignTeam(ctx context.Context, teamID int64, pick switchboard.AssignPicker) (int, error) {
	if err := requireSystem(ctx); err != nil {
		return 0, err
	}
	return db.giveInBatches(ctx, func(tx *Tx) (int, bool, error) { return tx.autoAssignTeam(teamID, pick) })
}

func (tx *Tx) autoAssignTeam(teamID int64, pick switchboard.AssignPicker) (int, bool, error) {
	if tx.db.dialect.name == "postgres" {
		if _, err := tx.exec("SELECT pg_advisory_xact_lock(CAST(? AS INTEGER), CAST(? AS INTEGER))", lockAssignTeam, teamID); err != nil {
			return 0, false, fmt.Errorf("team auto-assign: lock: %w", err)
		}
	}
	s, err := tx.teamAssignmentSettings(teamID)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return 0, false, nil
	} else if err != nil {
		return 0, false, err
	}
	if s.Strategy == switchboard.AssignOff {
		return 0, false, nil
	}
	var last int64
	if err := tx.queryRow("SELECT last_agent_id FROM team_assignment WHERE team_id = ?", teamID).Scan(&last); err != nil {
		return 0, false, fmt.Errorf("team auto-assign: %w", err)
	}
	// The online members, and how many unresolved conversations of the team each holds.
	pool, err := tx.assignPool(`SELECT a.id, a.name, (SELECT COUNT(*) FROM conversations c WHERE c.team_id = ? AND c.assignee_id = a.id AND c.status <> 'resolved')
		FROM agents a JOIN team_members tm ON tm.agent_id = a.id
		WHERE tm.team_id = ? AND a.presence = 'online' AND a.deleted_at IS NULL ORDER BY a.id`, s.Capacity, s.AgentCapacity, teamID, teamID)
	if err != nil || len(pool.order) == 0 {
		return 0, false, err
	}
	waiting, err := tx.ids(`SELECT id FROM conversations WHERE team_id = ? AND status = 'open' AND assignee_id IS NULL AND NOT blocked AND `+noActiveBot+`
		ORDER BY created_at, id LIMIT ?`, teamID, autoAssignBatch+1)
	if err != nil {
		return 0, false, fmt.Errorf("team auto-assign: queue: %w", err)
	}
	more := len(waiting) > autoAssignBatch
	if more {
		waiting = waiting[:autoAssignBatch]
	}
	// Only a member who can see the conversation's inbox may have it.
	sees := map[[2]int64]bool{}
	eligible := func(agentID int64, c *Conversation) (bool, error) {
		k := [2]int64{agentID, c.InboxID}
		ok, known := sees[k]
		if !known {
			var err error
			if ok, err = tx.db.agentSeesInbox(tx, agentID, c.InboxID); err != nil {
				return false, err
			}
			sees[k] = ok
		}
		return ok, nil
	}
	given, full, err := tx.giveOut(pool, s.Strategy, &last, waiting, pick, eligible)
	if err != nil {
		return given, false, err
	}
	if _, err := tx.exec("UPDATE team_assignment SET last_agent_id = ? WHERE team_id = ?", last, teamID); err != nil {
		return given, false, fmt.Errorf("team auto-assign: %w", err)
	}
	return given, more && !full && given > 0, nil
}

// assignFields checks the settings inboxes and teams share, naming each problem's field.
func assignFields(strategy switchboard.AssignStrategy, capacity int, perAgent map[int64]int) map[string]string {
	fields := map[string]string{}
	switch strategy {
	case switchboard.AssignOff, switchboard.AssignRoundRobin, switchboard.AssignBalanced:
	default:
		fields["strategy"] = "Use off (empty), round_robin or balanced."
	}
	if capacity < 0 || capacity > maxCapacity {
		fields["capacity"] = fmt.Sprintf("Use 0 (no limit) to %d.", maxCapacity)
	}
	for _, c := range perAgent {
		if c < 0 || c > maxCapacity {
			fields["agent_capacity"] = fmt.Sprintf("Each agent's capacity is 0 (no limit) to %d.", maxCapacity)
		}
	}
	return fields
}

// checkCapacityAgents answers EINVALID when a capacity names an agent who does not exist.
func (tx *Tx) checkCapacityAgents(perAgent map[int64]int) error {
	for id := range perAgent {
		var n int
		if err := tx.queryRow("SELECT COUNT(*) FROM agents WHERE id = ? AND deleted_at IS NULL", id).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			return &switchboard.Error{Code: switchboard.EINVALID, Message: "Unknown agent.",
				Fields: map[string]string{"agent_capacity": fmt.Sprintf("No agent %d.", id)}}
		}
	}
	return nil
}

// agentCapacities reads capacities per agent (query returns agent id and capacity).
func (tx *Tx) agentCapacities(query string, args ...any) (map[int64]int, error) {
	rows, err := tx.query(query, args...)
	if err != nil {
		return nil, fmt.Errorf("assignment settings: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var c int
		if err := rows.Scan(&id, &c); err != nil {
			return nil, err
		}
		out[id] = c
	}
	return out, rows.Err()
}
