package sqlstore

import (
	"fmt"
	"slices"

	"github.com/switchboardhq/switchboard"
)

// returnUnseen returns to the queue the unresolved conversations of the inboxes that agents held
// and no longer see, after a change of memberships in this transaction (an agent taken off an
// inbox, or off a team that gave them the inbox): nobody holds a conversation they cannot open.
// Each is unassigned with a milestone crediting the automatic assignment, keeps its team, and
// the assignment runs of its team and inbox are queued to give it to someone who sees it.
func (tx *Tx) returnUnseen(agentIDs, inboxIDs []int64) error {
	for _, agentID := range agentIDs {
		for _, inboxID := range inboxIDs {
			if err := tx.returnUnseenOne(agentID, inboxID); err != nil {
				return err
			}
		}
	}
	return nil
}

func (tx *Tx) returnUnseenOne(agentID, inboxID int64) error {
	ids, err := tx.ids("SELECT id FROM conversations WHERE inbox_id = ? AND assignee_id = ? AND status <> 'resolved' ORDER BY id", inboxID, agentID)
	if err != nil {
		return fmt.Errorf("return to the queue: %w", err)
	}
	if len(ids) == 0 {
		return nil
	}
	if sees, err := tx.db.agentSeesInbox(tx, agentID, inboxID); err != nil || sees {
		return err
	}
	name, err := tx.agentName(agentID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		c, err := tx.loadConversation(id)
		if err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE conversations SET assignee_id = NULL, updated_at = ? WHERE id = ?", micro(tx.now), id); err != nil {
			return fmt.Errorf("return to the queue: %w", err)
		}
		text := fmt.Sprintf("Returned to the queue by automatic assignment: %s no longer belongs to the inbox", name)
		if err := tx.addActivity(c, &switchboard.Activity{Action: "unassigned", Automation: assignmentActor}, text); err != nil {
			return err
		}
		tx.emit(switchboard.EventConversationAssigned, &c.InboxID, &c.ID, nil,
			map[string]any{"id": c.ID, "assignee_id": nil, "team_id": c.TeamID, "previous_assignee_id": agentID, "automatic": true})
		if err := tx.queueAutoAssignTeam(c.TeamID); err != nil {
			return err
		}
	}
	return tx.queueAutoAssign(inboxID)
}

// teamInboxes returns the inboxes a team gives its members.
func (tx *Tx) teamInboxes(teamID int64) ([]int64, error) {
	ids, err := tx.ids("SELECT inbox_id FROM inbox_teams WHERE team_id = ? ORDER BY inbox_id", teamID)
	if err != nil {
		return nil, fmt.Errorf("team %d inboxes: %w", teamID, err)
	}
	return ids, nil
}

// notIn returns the ids of a that are not in b (who left, or who joined).
func notIn(a, b []int64) []int64 {
	var out []int64
	for _, id := range a {
		if !slices.Contains(b, id) {
			out = append(out, id)
		}
	}
	return out
}
