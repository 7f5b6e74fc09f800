package sqlstore

import (
	"fmt"
	"maps"
	"slices"

	"github.com/switchboardhq/switchboard"
)

// Blocking a contact. A blocked contact's messages are still recorded (nothing a customer sent is
// dropped) but hidden and quiet: receiveMessage takes back their events and queues nothing
// (no auto-reply, rule, assignment, bot, CSAT or SLA timer), and the lists and search leave out
// their conversations, which carry a copy of the flag (conversations.blocked) so that a list's
// index still orders it. Unblocking shows the conversations again, with what arrived meanwhile,
// and fires nothing retroactively.

// setBlocked blocks or unblocks contact id (whose current state is was), copying the flag onto
// its conversations and writing a milestone with the actor into each. Admins and supervisors
// may; an agent only when every conversation of the contact is in one of their inboxes, so no
// one hides from colleagues conversations they cannot see themselves.
func (tx *Tx) setBlocked(id int64, was, blocked bool) error {
	if was == blocked {
		return nil
	}
	if a := tx.actor; a.Agent != nil && !a.IsAdmin() && a.Agent.Role == switchboard.RoleAgent {
		s, err := tx.db.scopeTx(tx, a)
		if err != nil {
			return err
		}
		if s.All {
			return tx.applyBlocked(id, blocked)
		}
		var w where
		w.add("contact_id = ?", id)
		if slices.Contains(slices.Collect(maps.Values(s.IDs)), true) {
			w.add("NOT " + inScope("inbox_id", s))
		}
		var n int
		if err := tx.queryRow("SELECT COUNT(*) FROM conversations"+w.sql(), w.args...).Scan(&n); err != nil {
			return fmt.Errorf("block contact %d: %w", id, err)
		}
		if n > 0 {
			return switchboard.Errorf(switchboard.EFORBIDDEN, "This contact also writes to inboxes you are not in: ask an admin or a supervisor to block them.")
		}
	}
	return tx.applyBlocked(id, blocked)
}

// applyBlocked copies the flag onto the contact's conversations and notes who changed it.
func (tx *Tx) applyBlocked(id int64, blocked bool) error {
	if _, err := tx.exec("UPDATE conversations SET blocked = ? WHERE contact_id = ?", blocked, id); err != nil {
		return fmt.Errorf("block contact %d: %w", id, err)
	}
	convs, err := tx.contactConversations(id)
	if err != nil {
		return fmt.Errorf("block contact %d: %w", id, err)
	}
	action, text := "contact_blocked", tx.actorName()+" blocked the contact: their messages are kept but hidden"
	if !blocked {
		action, text = "contact_unblocked", tx.actorName()+" unblocked the contact"
	}
	for _, c := range convs {
		if err := tx.addActivity(c, &switchboard.Activity{Action: action}, text); err != nil {
			return err
		}
	}
	return nil
}

// syncBlocked copies the contacts' blocked flag onto their conversations, after a merge or an
// un-merge moved conversations between contacts.
func (tx *Tx) syncBlocked(ids ...int64) error {
	c, args := inIDs("contact_id", ids)
	if _, err := tx.exec("UPDATE conversations SET blocked = (SELECT ct.blocked FROM contacts ct WHERE ct.id = conversations.contact_id) WHERE "+c, args...); err != nil {
		return fmt.Errorf("copy blocked flags: %w", err)
	}
	return nil
}
