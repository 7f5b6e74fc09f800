package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.TeamService = (*DB)(nil)

// Team is a local alias that keeps scanning code short.
type Team = switchboard.Team

// rowQueryer is what the read pool (*sql.DB) and a transaction (*sql.Tx) have in common, with
// single-row reads too, so one loader serves both a plain read and the read-back at the end of a
// write. Queries passed to it must already be rewritten with db.q.
type rowQueryer interface {
	queryer
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const teamColumns = "id, name, description, created_at, updated_at"

func scanTeam(row scanner) (*Team, error) {
	var t Team
	var created, updated int64
	if err := row.Scan(&t.ID, &t.Name, &t.Description, &created, &updated); err != nil {
		return nil, err
	}
	t.CreatedAt, t.UpdatedAt, t.AgentIDs = fromMicro(created), fromMicro(updated), []int64{}
	return &t, nil
}

// CreateTeam adds a team; admins only.
func (db *DB) CreateTeam(ctx context.Context, in *switchboard.TeamInput) (*Team, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	if err := in.Validate(true); err != nil {
		return nil, err
	}
	var team *Team
	err := db.update(ctx, func(tx *Tx) error {
		now := micro(tx.now)
		desc := ""
		if in.Description != nil {
			desc = *in.Description
		}
		tx.configChanged = true
		id, err := tx.insert("INSERT INTO teams (name, name_key, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
			*in.Name, strings.ToLower(*in.Name), desc, now, now)
		if isUniqueViolation(err) {
			return errTeamNameTaken()
		} else if err != nil {
			return fmt.Errorf("create team: %w", err)
		}
		if in.AgentIDs != nil {
			if err := tx.setTeamAgents(id, *in.AgentIDs); err != nil {
				return err
			}
		}
		if team, err = db.findTeam(tx.ctx, tx.tx, id); err != nil {
			return err
		}
		tx.emit(switchboard.EventTeamChanged, nil, nil, nil, team)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return team, nil
}

// FindTeamByID returns a team with its members; every signed-in actor may read teams.
func (db *DB) FindTeamByID(ctx context.Context, id int64) (*Team, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	return db.findTeam(ctx, db.read, id)
}

// FindTeams lists the teams by name, each with its members.
func (db *DB) FindTeams(ctx context.Context) ([]*Team, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, "SELECT "+teamColumns+" FROM teams ORDER BY name_key, id")
	if err != nil {
		return nil, fmt.Errorf("find teams: %w", err)
	}
	defer rows.Close()
	teams := []*Team{}
	byID := map[int64]*Team{}
	for rows.Next() {
		t, err := scanTeam(rows)
		if err != nil {
			return nil, fmt.Errorf("find teams: %w", err)
		}
		teams = append(teams, t)
		byID[t.ID] = t
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find teams: %w", err)
	}
	rows.Close()
	// Every team is listed, so all memberships are wanted: one query, no IN list.
	mrows, err := db.query(ctx, "SELECT team_id, agent_id FROM team_members ORDER BY team_id, agent_id")
	if err != nil {
		return nil, fmt.Errorf("find team members: %w", err)
	}
	defer mrows.Close()
	for mrows.Next() {
		var teamID, agentID int64
		if err := mrows.Scan(&teamID, &agentID); err != nil {
			return nil, fmt.Errorf("find team members: %w", err)
		}
		if t := byID[teamID]; t != nil { // a team created after the first query
			t.AgentIDs = append(t.AgentIDs, agentID)
		}
	}
	if err := mrows.Err(); err != nil {
		return nil, fmt.Errorf("find team members: %w", err)
	}
	return teams, nil
}

// UpdateTeam changes a team's name and description and, when AgentIDs is set, replaces its
// members; admins only.
func (db *DB) UpdateTeam(ctx context.Context, id int64, in *switchboard.TeamInput) (*Team, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	if err := in.Validate(false); err != nil {
		return nil, err
	}
	var team *Team
	err := db.update(ctx, func(tx *Tx) error {
		cur, err := db.findTeam(tx.ctx, tx.tx, id)
		if err != nil {
			return err
		}
		if in.Name != nil {
			cur.Name = *in.Name
		}
		if in.Description != nil {
			cur.Description = *in.Description
		}
		tx.configChanged = true
		_, err = tx.exec("UPDATE teams SET name = ?, name_key = ?, description = ?, updated_at = ? WHERE id = ?",
			cur.Name, strings.ToLower(cur.Name), cur.Description, micro(tx.now), id)
		if isUniqueViolation(err) {
			return errTeamNameTaken()
		} else if err != nil {
			return fmt.Errorf("update team %d: %w", id, err)
		}
		if in.AgentIDs != nil {
			if err := tx.setTeamAgents(id, *in.AgentIDs); err != nil {
				return err
			}
		}
		if team, err = db.findTeam(tx.ctx, tx.tx, id); err != nil {
			return err
		}
		tx.emit(switchboard.EventTeamChanged, nil, nil, nil, team)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return team, nil
}

// DeleteTeam removes a team; admins only. Its memberships of inboxes go with it, and its
// conversations become unassigned to any team (the foreign keys say so).
func (db *DB) DeleteTeam(ctx context.Context, id int64) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		tx.configChanged = true
		members, err := tx.ids("SELECT agent_id FROM team_members WHERE team_id = ?", id)
		if err != nil {
			return fmt.Errorf("delete team %d: %w", id, err)
		}
		inboxes, err := tx.teamInboxes(id)
		if err != nil {
			return err
		}
		res, err := tx.exec("DELETE FROM teams WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("delete team %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("delete team %d: %w", id, err)
		} else if n == 0 {
			return notFound("Team")
		}
		tx.emit(switchboard.EventTeamChanged, nil, nil, nil, map[string]any{"id": id, "deleted": true})
		return tx.returnUnseen(members, inboxes) // its members may have lost inboxes
	})
}

// findTeam reads one team and its members through q (the read pool or a transaction).
func (db *DB) findTeam(ctx context.Context, q rowQueryer, id int64) (*Team, error) {
	t, err := scanTeam(q.QueryRowContext(ctx, db.q("SELECT "+teamColumns+" FROM teams WHERE id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Team")
	} else if err != nil {
		return nil, fmt.Errorf("find team %d: %w", id, err)
	}
	rows, err := q.QueryContext(ctx, db.q("SELECT agent_id FROM team_members WHERE team_id = ? ORDER BY agent_id"), id)
	if err != nil {
		return nil, fmt.Errorf("find team %d members: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var agentID int64
		if err := rows.Scan(&agentID); err != nil {
			return nil, fmt.Errorf("find team %d members: %w", id, err)
		}
		t.AgentIDs = append(t.AgentIDs, agentID)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find team %d members: %w", id, err)
	}
	return t, nil
}

// setTeamAgents replaces a team's members. Every id must name an agent that is not deleted.
func (tx *Tx) setTeamAgents(teamID int64, agentIDs []int64) error {
	ids := uniqueIDs(agentIDs)
	ok, err := tx.allExist("agents", "deleted_at IS NULL", ids)
	if err != nil {
		return fmt.Errorf("check team agents: %w", err)
	}
	if !ok {
		return errUnknownIDs("agent_ids", "agents")
	}
	tx.configChanged = true
	before, err := tx.ids("SELECT agent_id FROM team_members WHERE team_id = ?", teamID)
	if err != nil {
		return fmt.Errorf("set team %d members: %w", teamID, err)
	}
	if _, err := tx.exec("DELETE FROM team_members WHERE team_id = ?", teamID); err != nil {
		return fmt.Errorf("set team %d members: %w", teamID, err)
	}
	for _, a := range ids {
		_, err := tx.exec("INSERT INTO team_members (team_id, agent_id) VALUES (?, ?)", teamID, a)
		if isForeignKeyViolation(err) {
			return errUnknownIDs("agent_ids", "agents")
		} else if err != nil {
			return fmt.Errorf("set team %d members: %w", teamID, err)
		}
	}
	// Those who joined may take the team's waiting conversations, and those of the inboxes it
	// gives them; those who left may have lost inboxes the team gave them.
	for _, agentID := range notIn(ids, before) {
		if err := tx.queueForNewcomer(agentID); err != nil {
			return err
		}
	}
	inboxes, err := tx.teamInboxes(teamID)
	if err != nil {
		return err
	}
	return tx.returnUnseen(notIn(before, ids), inboxes)
}

// allExist reports whether every one of ids, which must be distinct, is the id of a row of table
// that also meets cond ("" for none). No ids trivially exist.
func (tx *Tx) allExist(table, cond string, ids []int64) (bool, error) {
	if len(ids) == 0 {
		return true, nil
	}
	var w where
	if cond != "" {
		w.add(cond)
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	w.in("id", args)
	var n int
	if err := tx.queryRow("SELECT COUNT(*) FROM "+table+w.sql(), w.args...).Scan(&n); err != nil {
		return false, err
	}
	return n == len(ids), nil
}

// uniqueIDs returns ids sorted and without repeats, so a list naming someone twice is not a
// primary-key violation.
func uniqueIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// errUnknownIDs is the EINVALID error for a list of ids naming something that does not exist.
func errUnknownIDs(field, what string) error {
	msg := fmt.Sprintf("Some %s do not exist.", what)
	return &switchboard.Error{Code: switchboard.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

func errTeamNameTaken() error {
	return &switchboard.Error{Code: switchboard.ECONFLICT, Message: "A team with this name already exists.",
		Fields:     map[string]string{"name": "This name is taken."},
		FieldCodes: map[string]switchboard.FieldCode{"name": {Code: switchboard.FieldTaken}}}
}
