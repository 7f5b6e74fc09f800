package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.AssignmentService = (*DB)(nil)

// lockAssignInbox is the namespace of the locks on an inbox's automatic assignment, taken with
// PostgreSQL's two-key form: counting an agent's conversations and giving them one more happen
// under it, so two nodes never both give the last free place. (SQLite's one writer needs none.)
const lockAssignInbox int64 = 7302245

// maxCapacity bounds a capacity an admin types in.
const maxCapacity = 10000

// AssignmentSettings returns an inbox's automatic assignment settings (admins).
func (db *DB) AssignmentSettings(ctx context.Context, inboxID int64) (*switchboard.AssignmentSettings, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	var out *switchboard.AssignmentSettings
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.assignmentSettings(inboxID)
		return err
	})
	return out, err
}

func (tx *Tx) assignmentSettings(inboxID int64) (*switchboard.AssignmentSettings, error) {
	var n int
	if err := tx.queryRow("SELECT COUNT(*) FROM inboxes WHERE id = ?", inboxID).Scan(&n); err != nil {
		return nil, fmt.Errorf("assignment settings: %w", err)
	} else if n == 0 {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "Inbox not found.")
	}
	s := &switchboard.AssignmentSettings{InboxID: inboxID, SelfAssignOnReply: true, AgentCapacity: map[int64]int{}}
	var strategy string
	err := tx.queryRow("SELECT strategy, capacity, offline_return_minutes, self_assign FROM inbox_assignment WHERE inbox_id = ?", inboxID).
		Scan(&strategy, &s.Capacity, &s.OfflineReturnMinutes, &s.SelfAssignOnReply)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("assignment settings: %w", err)
	}
	s.Strategy = switchboard.AssignStrategy(strategy)
	s.AgentCapacity, err = tx.agentCapacities("SELECT agent_id, capacity FROM inbox_agent_capacity WHERE inbox_id = ? ORDER BY agent_id", inboxID)
	return s, err
}

// SetAssignmentSettings replaces an inbox's automatic assignment settings (admins) and queues
// an assignment run, so the conversations already waiting are given out.
func (db *DB) SetAssignmentSettings(ctx context.Context, s *switchboard.AssignmentSettings) (*switchboard.AssignmentSettings, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	fields := assignFields(s.Strategy, s.Capacity, s.AgentCapacity)
	if s.OfflineReturnMinutes < 0 || s.OfflineReturnMinutes > 7*24*60 {
		fields["offline_return_minutes"] = "Use 0 (never) to 10080 minutes (a week)."
	}
	if len(fields) > 0 {
		return nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "Check the assignment settings.", Fields: fields}
	}
	var out *switchboard.AssignmentSettings
	err := db.update(ctx, func(tx *Tx) error {
		if _, err := tx.assignmentSettings(s.InboxID); err != nil {
			return err
		}
		if err := tx.checkCapacityAgents(s.AgentCapacity); err != nil {
			return err
		}
		if _, err := tx.exec(`INSERT INTO inbox_assignment (inbox_id, strategy, capacity, offline_return_minutes, self_assign, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (inbox_id) DO UPDATE SET strategy = excluded.strategy, capacity = excluded.capacity,
			offline_return_minutes = excluded.offline_return_minutes, self_assign = excluded.self_assign, updated_at = excluded.updated_at`,
			s.InboxID, string(s.Strategy), s.Capacity, s.OfflineReturnMinutes, s.SelfAssignOnReply, micro(tx.now)); err != nil {
			return fmt.Errorf("set assignment settings: %w", err)
		}
		if _, err := tx.exec("DELETE FROM inbox_agent_capacity WHERE inbox_id = ?", s.InboxID); err != nil {
			return fmt.Errorf("set assignment settings: %w", err)
		}
		for id, c := range s.AgentCapacity {
			if _, err := tx.exec("INSERT INTO inbox_agent_capacity (inbox_id, agent_id, capacity) VALUES (?, ?, ?)", s.InboxID, id, c); err != nil {
				return fmt.Errorf("set assignment settings: %w", err)
			}
		}
		if err := tx.queueAutoAssign(s.InboxID); err != nil {
			return err
		}
		var err error
		out, err = tx.assignmentSettings(s.InboxID)
		return err
	})
	return out, err
}

// queueAutoAssign queues an assignment run of an inbox that assigns automatically: one live job
// per inbox, so a burst of arrivals costs a run or two, not one each.
func (tx *Tx) queueAutoAssign(inboxID int64) error {
	var strategy string
	err := tx.queryRow("SELECT strategy FROM inbox_assignment WHERE inbox_id = ?", inboxID).Scan(&strategy)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && strategy == "") {
		return nil
	} else if err != nil {
		return fmt.Errorf("queue assignment: %w", err)
	}
	return tx.enqueue(switchboard.JobAutoAssign, switchboard.AutoAssignArgs{InboxID: inboxID},
		jobOptions{uniqueKey: fmt.Sprintf("auto_assign:%d", inboxID)})
}

// queueAutoAssignForAgent queues the runs of the inboxes an agent belongs to (they came online).
func (tx *Tx) queueAutoAssignForAgent(agentID int64) error {
	ids, err := tx.ids(`SELECT a.inbox_id FROM inbox_assignment a WHERE a.strategy <> '' AND a.inbox_id IN (
		SELECT inbox_id FROM inbox_members WHERE agent_id = ?
		UNION SELECT it.inbox_id FROM inbox_teams it JOIN team_members tm ON tm.team_id = it.team_id WHERE tm.agent_id = ?)`, agentID, agentID)
	if err != nil {
		return fmt.Errorf("queue assignment: %w", err)
	}
	for _, id := range ids {
		if err := tx.enqueue(switchboard.JobAutoAssign, switchboard.AutoAssignArgs{InboxID: id},
			jobOptions{uniqueKey: fmt.Sprintf("auto_assign:%d", id)}); err != nil {
			return err
		}
	}
	return nil
}

// selfAssignOnReply tells whether an agent replying in an unassigned conversation of the inbox
// becomes its assignee (the default).
func (tx *Tx) selfAssignOnReply(inboxID int64) (bool, error) {
	on := true
	err := tx.queryRow("SELECT self_assign FROM inbox_assignment WHERE inbox_id = ?", inboxID).Scan(&on)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("self-assign setting: %w", err)
	}
	return on, nil
}

// autoAssignBatch bounds the conversations one transaction gives out; a run goes on in the next.
const autoAssignBatch = 50

// AutoAssign gives an inbox's waiting conversations (open, unassigned), oldest first, to its
// online member agents below capacity, as pick chooses (system). Counting and giving happen
// under the inbox's lock, in the transaction that writes them.
func (db *DB) AutoAssign(ctx context.Context, inboxID int64, pick switchboard.AssignPicker) (int, error) {
	if err := requireSystem(ctx); err != nil {
		return 0, err
	}
	return db.giveInBatches(ctx, func(tx *Tx) (int, bool, error) { return tx.autoAssign(inboxID, pick) })
}

// giveInBatches runs one batch of an assignment run per transaction (autoAssignBatch
// conversations at most, so no transaction holds the writer long) until a batch says there is no
// more to give; it returns how many were given in all.
func (db *DB) giveInBatches(ctx context.Context, batch func(tx *Tx) (int, bool, error)) (int, error) {
	total := 0
	for {
		n, more := 0, false
		err := db.update(ctx, func(tx *Tx) error {
			var err error
			n, more, err = batch(tx)
			return err
		})
		if err != nil {
			return total, err
		}
		total += n
		if !more {
			return total, nil
		}
	}
}

func (tx *Tx) autoAssign(inboxID int64, pick switchboard.AssignPicker) (int, bool, error) {
	if tx.db.dialect.name == "postgres" {
		if _, err := tx.exec("SELECT pg_advisory_xact_lock(CAST(? AS INTEGER), CAST(? AS INTEGER))", lockAssignInbox, inboxID); err != nil {
			return 0, false, fmt.Errorf("auto-assign: lock: %w", err)
		}
	}
	s, err := tx.assignmentSettings(inboxID)
	if err != nil {
		if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			return 0, false, nil
		}
		return 0, false, err
	}
	if s.Strategy == switchboard.AssignOff {
		return 0, false, nil
	}
	var last int64
	if err := tx.queryRow("SELECT last_agent_id FROM inbox_assignment WHERE inbox_id = ?", inboxID).Scan(&last); err != nil {
		return 0, false, fmt.Errorf("auto-assign: %w", err)
	}
	// The online members, and how many unresolved conversations of the inbox each holds.
	pool, err := tx.assignPool(`SELECT a.id, a.name, (SELECT COUNT(*) FROM conversations c WHERE c.inbox_id = ? AND c.assignee_id = a.id AND c.status <> 'resolved')
		FROM agents a WHERE a.presence = 'online' AND a.deleted_at IS NULL AND a.id IN (
			SELECT agent_id FROM inbox_members WHERE inbox_id = ?
			UNION SELECT tm.agent_id FROM inbox_teams it JOIN team_members tm ON tm.team_id = it.team_id WHERE it.inbox_id = ?)
		ORDER BY a.id`, s.Capacity, s.AgentCapacity, inboxID, inboxID, inboxID)
	if err != nil || len(pool.order) == 0 {
		return 0, false, err
	}
	// A conversation whose bot is active waits for the bot's hand-off (while the bot is on);
	// conversations of a team that assigns by itself are the team's to give (see AutoAssignTeam).
	waiting, err := tx.ids(`SELECT id FROM conversations WHERE inbox_id = ? AND status = 'open' AND assignee_id IS NULL AND NOT blocked
		AND `+noActiveBot+`
		AND (team_id IS NULL OR team_id NOT IN (SELECT team_id FROM team_assignment WHERE strategy <> ''))
		ORDER BY created_at, id LIMIT ?`, inboxID, autoAssignBatch+1)
	if err != nil {
		return 0, false, fmt.Errorf("auto-assign: queue: %w", err)
	}
	more := len(waiting) > autoAssignBatch
	if more {
		waiting = waiting[:autoAssignBatch]
	}
	given, full, err := tx.giveOut(pool, s.Strategy, &last, waiting, pick, nil)
	if err != nil {
		return given, false, err
	}
	if _, err := tx.exec("UPDATE inbox_assignment SET last_agent_id = ? WHERE inbox_id = ?", last, inboxID); err != nil {
		return given, false, fmt.Errorf("auto-assign: %w", err)
	}
	// A batch that gave nothing would find the same ones again.
	return given, more && !full && given > 0, nil
}

// poolAgent is an online agent who may receive conversations in an assignment run: how many
// they hold of what the capacity counts, and the capacity (0: no limit).
type poolAgent struct {
	name      string
	open, cap int
}

// pool is the agents of one assignment run, in id order (the order the strategies share).
type pool struct {
	agents map[int64]*poolAgent
	order  []int64
}

// assignPool reads the candidates of a run: query returns each agent's id, name and open count;
// capacity applies to each unless perAgent overrides it.
func (tx *Tx) assignPool(query string, capacity int, perAgent map[int64]int, args ...any) (*pool, error) {
	rows, err := tx.query(query, args...)
	if err != nil {
		return nil, fmt.Errorf("auto-assign: agents: %w", err)
	}
	defer rows.Close()
	p := &pool{agents: map[int64]*poolAgent{}}
	for rows.Next() {
		var id int64
		a := &poolAgent{cap: capacity}
		if err := rows.Scan(&id, &a.name, &a.open); err != nil {
			return nil, err
		}
		if c, ok := perAgent[id]; ok {
			a.cap = c
		}
		p.agents[id] = a
		p.order = append(p.order, id)
	}
	return p, rows.Err()
}

// giveOut gives each waiting conversation (ids, oldest first) to an agent of the pool below
// capacity for whom eligible (nil: anyone) says yes, as pick chooses; last is the agent the
// previous one went to and moves on. It stops when everyone is full (full true). Each
// assignment writes its milestone and event; a conversation someone took meanwhile is skipped.
func (tx *Tx) giveOut(p *pool, strategy switchboard.AssignStrategy, last *int64, waiting []int64, pick switchboard.AssignPicker,
	eligible func(agentID int64, c *Conversation) (bool, error)) (int, bool, error) {
	given := 0
	for _, convID := range waiting {
		c, err := tx.loadConversation(convID)
		if err != nil {
			return given, false, err
		}
		var cands []switchboard.AssignCandidate
		room := false
		for _, id := range p.order {
			a := p.agents[id]
			if a.cap != 0 && a.open >= a.cap {
				continue
			}
			room = true
			if eligible != nil {
				if ok, err := eligible(id, c); err != nil {
					return given, false, err
				} else if !ok {
					continue
				}
			}
			cands = append(cands, switchboard.AssignCandidate{AgentID: id, Open: a.open})
		}
		if !room {
			return given, true, nil // everyone is full: the rest wait
		}
		if len(cands) == 0 {
			continue // nobody with room sees this one: it waits, the next may go
		}
		id := pick(strategy, cands, *last)
		a, ok := p.agents[id]
		if !ok {
			return given, false, fmt.Errorf("auto-assign: the strategy chose agent %d, not a candidate", id)
		}
		res, err := tx.exec("UPDATE conversations SET assignee_id = ?, updated_at = ? WHERE id = ? AND assignee_id IS NULL", id, micro(tx.now), convID)
		if err != nil {
			return given, false, fmt.Errorf("auto-assign conversation %d: %w", convID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return given, false, err
		} else if n == 0 {
			continue // assigned meanwhile
		}
		if err := tx.addActivity(c, &switchboard.Activity{Action: "assigned", AgentID: &id, Automation: assignmentActor}, "Assigned to "+a.name+" by automatic assignment"); err != nil {
			return given, false, err
		}
		tx.emit(switchboard.EventConversationAssigned, &c.InboxID, &c.ID, nil,
			map[string]any{"id": c.ID, "assignee_id": id, "team_id": c.TeamID, "previous_assignee_id": nil, "automatic": true})
		a.open++
		*last = id
		given++
	}
	return given, false, nil
}

// ids runs a query of one integer column in the transaction.
func (tx *Tx) ids(query string, args ...any) ([]int64, error) {
	rows, err := tx.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// agentLeft queues, for each inbox of the agent that returns an offline agent's conversations,
// the job that does it when their time is up (one per agent and inbox: leaving again moves it).
func (tx *Tx) agentLeft(agentID int64) error {
	rows, err := tx.query(`SELECT a.inbox_id, a.offline_return_minutes FROM inbox_assignment a WHERE a.offline_return_minutes > 0 AND a.inbox_id IN (
		SELECT inbox_id FROM conversations WHERE assignee_id = ? AND status = 'open')`, agentID)
	if err != nil {
		return fmt.Errorf("queue return to queue: %w", err)
	}
	type due struct{ inbox, minutes int64 }
	var dues []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.inbox, &d.minutes); err != nil {
			rows.Close()
			return err
		}
		dues = append(dues, d)
	}
	rows.Close()
	for _, d := range dues {
		if err := tx.enqueue(switchboard.JobReturnToQueue, switchboard.ReturnToQueueArgs{InboxID: d.inbox, AgentID: agentID},
			jobOptions{uniqueKey: fmt.Sprintf("return_to_queue:%d:%d", d.inbox, agentID), runAt: tx.now.Add(time.Duration(d.minutes) * time.Minute)}); err != nil {
			return err
		}
	}
	return nil
}

// ReturnToQueue unassigns an agent's open conversations of an inbox when they have not been
// online for the inbox's offline_return_minutes (system): each gets a milestone, and the
// inbox's assignment runs again. An agent back online, or not away long enough, keeps them.
func (db *DB) ReturnToQueue(ctx context.Context, inboxID, agentID int64) (int, error) {
	if err := requireSystem(ctx); err != nil {
		return 0, err
	}
	n := 0
	err := db.update(ctx, func(tx *Tx) error {
		n = 0
		if tx.db.dialect.name == "postgres" {
			if _, err := tx.exec("SELECT pg_advisory_xact_lock(CAST(? AS INTEGER), CAST(? AS INTEGER))", lockAssignInbox, inboxID); err != nil {
				return fmt.Errorf("return to queue: lock: %w", err)
			}
		}
		var minutes int64
		var name string
		var since sql.NullInt64
		err := tx.queryRow(`SELECT a.offline_return_minutes, g.name, g.offline_since FROM inbox_assignment a, agents g
			WHERE a.inbox_id = ? AND g.id = ? AND g.presence <> 'online'`, inboxID, agentID).Scan(&minutes, &name, &since)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // back online, or the inbox is gone
		} else if err != nil {
			return fmt.Errorf("return to queue: %w", err)
		}
		if minutes == 0 || !since.Valid || tx.now.Sub(fromMicro(since.Int64)) < time.Duration(minutes)*time.Minute {
			return nil
		}
		ids, err := tx.ids("SELECT id FROM conversations WHERE inbox_id = ? AND assignee_id = ? AND status = 'open' ORDER BY id", inboxID, agentID)
		if err != nil {
			return fmt.Errorf("return to queue: %w", err)
		}
		for _, id := range ids {
			c, err := tx.loadConversation(id)
			if err != nil {
				return err
			}
			if _, err := tx.exec("UPDATE conversations SET assignee_id = NULL, updated_at = ? WHERE id = ?", micro(tx.now), id); err != nil {
				return fmt.Errorf("return to queue: %w", err)
			}
			text := fmt.Sprintf("Returned to the queue by automatic assignment: %s was offline for %d minutes", name, minutes)
			if err := tx.addActivity(c, &switchboard.Activity{Action: "unassigned", Automation: assignmentActor}, text); err != nil {
				return err
			}
			tx.emit(switchboard.EventConversationAssigned, &c.InboxID, &c.ID, nil,
				map[string]any{"id": c.ID, "assignee_id": nil, "team_id": c.TeamID, "previous_assignee_id": agentID, "automatic": true})
			n++
			if err := tx.queueAutoAssignTeam(c.TeamID); err != nil {
				return err
			}
		}
		if n > 0 {
			return tx.queueAutoAssign(inboxID)
		}
		return nil
	})
	return n, err
}

// assignmentActor is whom the automatic assignment's milestones credit.
var assignmentActor = &switchboard.AutomationActor{Kind: switchboard.AutomationAssignment, Name: "Automatic assignment"}

// noActiveBot is the condition of a conversation waiting for a person: not one whose bot is
// active (while the inbox's bot is on), which waits for the bot's hand-off.
const noActiveBot = "NOT (bot_state = 'active' AND EXISTS (SELECT 1 FROM inbox_bots b WHERE b.inbox_id = conversations.inbox_id AND b.enabled))"
