package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.ContactMergeStore = (*DB)(nil)

// mergedFields is a contact's own columns as a merge found them, restored as they were by an
// un-merge (updated_at included).
type mergedFields struct {
	Name       string `json:"name"`
	Email      string `json:"email"`
	Phone      string `json:"phone"`
	AvatarURL  string `json:"avatar_url"`
	Language   string `json:"language"`
	Attributes string `json:"attributes"`
	UpdatedAt  int64  `json:"updated_at"`
}

func (tx *Tx) mergedFields(id int64) (*mergedFields, sql.NullInt64, error) {
	var f mergedFields
	var mergedInto sql.NullInt64
	err := tx.queryRow("SELECT name, email, phone, avatar_url, language, attributes, updated_at, merged_into FROM contacts WHERE id = ?", id).
		Scan(&f.Name, &f.Email, &f.Phone, &f.AvatarURL, &f.Language, &f.Attributes, &f.UpdatedAt, &mergedInto)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mergedInto, notFound("Contact")
	} else if err != nil {
		return nil, mergedInto, fmt.Errorf("read contact %d: %w", id, err)
	}
	return &f, mergedInto, nil
}

func (tx *Tx) restoreFields(id int64, f *mergedFields) error {
	if _, err := tx.exec("UPDATE contacts SET name = ?, email = ?, phone = ?, avatar_url = ?, language = ?, attributes = ?, updated_at = ?, merged_into = NULL WHERE id = ?",
		f.Name, f.Email, f.Phone, f.AvatarURL, f.Language, f.Attributes, f.UpdatedAt, id); err != nil {
		return fmt.Errorf("restore contact %d: %w", id, err)
	}
	return nil
}

func anyIDs(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// inIDs returns "col IN (…)" for ids, or a condition that holds for nothing when there are none.
func inIDs(col string, ids []int64) (string, []any) {
	if len(ids) == 0 {
		return "1 = 0", nil
	}
	return col + " IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")", anyIDs(ids)
}

// ApplyMerge merges plan.OtherID into plan.SurvivorID in one transaction, as package contacts
// planned it: the other contact's identities, conversations (with their surveys), web visitors
// and customer windows move to the survivor, which takes the planned fields and labels; the
// other contact is kept, hidden (merged_into), and the merge records both contacts' fields and
// every id that moved, for UnmergeContacts. The actor must see both contacts; a contact that
// changed since the plan was made answers ECONFLICT. Each conversation of the survivor gets a
// milestone (contact_merged) crediting the actor.
func (db *DB) ApplyMerge(ctx context.Context, plan *switchboard.MergePlan) (*switchboard.ContactMerge, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	var out *switchboard.ContactMerge
	err = db.update(ctx, func(tx *Tx) error {
		surv, other := plan.SurvivorID, plan.OtherID
		for _, id := range []int64{surv, other} {
			if err := tx.seeContact(id); err != nil {
				return err
			}
		}
		sf, sm, err := tx.mergedFields(surv)
		if err != nil {
			return err
		}
		of, om, err := tx.mergedFields(other)
		if err != nil {
			return err
		}
		if sm.Valid || om.Valid {
			return switchboard.Errorf(switchboard.ECONFLICT, "This contact was merged into another one already.")
		}
		if sf.UpdatedAt != micro(plan.SurvivorSeen) || of.UpdatedAt != micro(plan.OtherSeen) {
			return switchboard.Errorf(switchboard.ECONFLICT, "A contact changed while you looked: preview the merge again.")
		}
		var moved switchboard.MergeMoved
		if moved.Identities, err = tx.ids("SELECT id FROM identities WHERE contact_id = ? ORDER BY id", other); err != nil {
			return fmt.Errorf("merge: %w", err)
		}
		if moved.Conversations, err = tx.ids("SELECT id FROM conversations WHERE contact_id = ? ORDER BY id", other); err != nil {
			return fmt.Errorf("merge: %w", err)
		}
		if moved.Visitors, err = tx.ids("SELECT id FROM visitors WHERE contact_id = ? ORDER BY id", other); err != nil {
			return fmt.Errorf("merge: %w", err)
		}
		if moved.LabelIDs, err = tx.ids(`SELECT label_id FROM contact_labels WHERE contact_id = ?
			AND label_id NOT IN (SELECT label_id FROM contact_labels WHERE contact_id = ?) ORDER BY label_id`, other, surv); err != nil {
			return fmt.Errorf("merge: %w", err)
		}
		if moved.Notes, err = tx.ids("SELECT id FROM contact_notes WHERE contact_id = ? ORDER BY id", other); err != nil {
			return fmt.Errorf("merge: %w", err)
		}
		moved.LabelsAdded = plan.LabelsAdded
		for _, q := range []string{
			"UPDATE identities SET contact_id = ? WHERE contact_id = ?",
			"UPDATE conversations SET contact_id = ? WHERE contact_id = ?",
			"UPDATE visitors SET contact_id = ? WHERE contact_id = ?",
			"UPDATE customer_windows SET contact_id = ? WHERE contact_id = ?",
			"UPDATE csat_surveys SET contact_id = ? WHERE contact_id = ?",
			"UPDATE contact_notes SET contact_id = ? WHERE contact_id = ?",
		} {
			if _, err := tx.exec(q, surv, other); err != nil {
				if isUniqueViolation(err) {
					return switchboard.Errorf(switchboard.ECONFLICT, "Both contacts have the same comment thread: they cannot be merged.")
				}
				return fmt.Errorf("merge: %w", err)
			}
		}
		for _, l := range moved.LabelIDs {
			if _, err := tx.exec("INSERT INTO contact_labels (contact_id, label_id) VALUES (?, ?)", surv, l); err != nil {
				return fmt.Errorf("merge: labels: %w", err)
			}
		}
		if err := tx.recountLastSeen(surv, other); err != nil {
			return err
		}
		attrs := string(plan.Attributes)
		if attrs == "" {
			attrs = sf.Attributes
		}
		if _, err := tx.exec("UPDATE contacts SET name = ?, email = ?, phone = ?, avatar_url = ?, language = ?, attributes = ?, updated_at = ? WHERE id = ?",
			plan.Name, plan.Email, plan.Phone, plan.AvatarURL, plan.Language, attrs, micro(tx.now), surv); err != nil {
			return fmt.Errorf("merge: update survivor: %w", err)
		}
		if _, err := tx.exec("UPDATE contacts SET merged_into = ? WHERE id = ?", surv, other); err != nil {
			return fmt.Errorf("merge: hide other: %w", err)
		}
		sj, _ := json.Marshal(sf)
		oj, _ := json.Marshal(of)
		mj, _ := json.Marshal(moved)
		id, err := tx.insert(`INSERT INTO contact_merges (survivor_id, other_id, actor_id, actor_name, survivor, other, moved, merged_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, surv, other, actor.ActorID(), tx.actorName(), string(sj), string(oj), string(mj), micro(tx.now))
		if err != nil {
			return fmt.Errorf("merge: record: %w", err)
		}
		if out, err = tx.loadMerge(id); err != nil {
			return err
		}
		if err := tx.syncBlocked(surv, other); err != nil {
			return err
		}
		text := fmt.Sprintf("%s merged the contact %s into %s", tx.actorName(), displayName(of.Name), displayName(plan.Name))
		if err := tx.noteMerge(surv, plan.Name, "contact_merged", id, displayName(of.Name), text); err != nil {
			return err
		}
		return tx.emitMerge(switchboard.EventContactMerged, out)
	})
	return out, err
}

func displayName(name string) string {
	if name == "" {
		return "Unknown"
	}
	return name
}

// UnmergeContacts undoes a merge: both contacts get back the fields they had before it, and
// the other contact its identities, conversations, visitors, windows and labels, and the
// conversations started since the merge through one of its identities. An admin or the agent
// who merged may undo it; a merge whose survivor was merged in turn since answers ECONFLICT
// (undo that one first). Each conversation of both gets a milestone (contact_unmerged).
func (db *DB) UnmergeContacts(ctx context.Context, mergeID int64) (*switchboard.ContactMerge, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	var out *switchboard.ContactMerge
	err = db.update(ctx, func(tx *Tx) error {
		m, err := tx.loadMerge(mergeID)
		if err != nil {
			return err
		}
		if err := tx.seeContact(m.SurvivorID); err != nil {
			return notFound("Merge")
		}
		if !actor.IsAdmin() && (m.ActorID == nil || actor.Agent == nil || *m.ActorID != actor.Agent.ID) {
			return switchboard.Errorf(switchboard.EFORBIDDEN, "Only admins and the agent who merged can undo a merge.")
		}
		if m.UndoneAt != nil {
			return switchboard.Errorf(switchboard.ECONFLICT, "This merge was undone already.")
		}
		_, sm, err := tx.mergedFields(m.SurvivorID)
		if err != nil {
			return err
		}
		if sm.Valid {
			return switchboard.Errorf(switchboard.ECONFLICT, "The contact was merged again since: undo that merge first.")
		}
		surv, other, mv := m.SurvivorID, m.OtherID, m.Moved
		idCond, idArgs := inIDs("identity_id", mv.Identities)
		convCond, convArgs := inIDs("id", mv.Conversations)
		back, err := tx.ids("SELECT id FROM conversations WHERE contact_id = ? AND ("+convCond+" OR "+idCond+") ORDER BY id",
			append(append([]any{surv}, convArgs...), idArgs...)...)
		if err != nil {
			return fmt.Errorf("unmerge: %w", err)
		}
		for _, step := range []struct {
			table, col string
			ids        []int64
		}{
			{"identities", "id", mv.Identities},
			{"conversations", "id", back},
			{"visitors", "id", mv.Visitors},
			{"customer_windows", "identity_id", mv.Identities},
			{"csat_surveys", "conversation_id", back},
			{"contact_notes", "id", mv.Notes},
		} {
			cond, args := inIDs(step.col, step.ids)
			if _, err := tx.exec("UPDATE "+step.table+" SET contact_id = ? WHERE contact_id = ? AND "+cond,
				append([]any{other, surv}, args...)...); err != nil {
				return fmt.Errorf("unmerge: %s: %w", step.table, err)
			}
		}
		cond, args := inIDs("label_id", mv.LabelIDs)
		if _, err := tx.exec("DELETE FROM contact_labels WHERE contact_id = ? AND "+cond, append([]any{surv}, args...)...); err != nil {
			return fmt.Errorf("unmerge: labels: %w", err)
		}
		var sf, of mergedFields
		if err := json.Unmarshal(m.Survivor, &sf); err != nil {
			return fmt.Errorf("unmerge: %w", err)
		}
		if err := json.Unmarshal(m.Other, &of); err != nil {
			return fmt.Errorf("unmerge: %w", err)
		}
		if err := tx.restoreFields(surv, &sf); err != nil {
			return err
		}
		if err := tx.restoreFields(other, &of); err != nil {
			return err
		}
		if err := tx.recountLastSeen(surv, other); err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE contact_merges SET undone_at = ?, undone_by = ? WHERE id = ?", micro(tx.now), actor.ActorID(), mergeID); err != nil {
			return fmt.Errorf("unmerge: %w", err)
		}
		if out, err = tx.loadMerge(mergeID); err != nil {
			return err
		}
		if err := tx.syncBlocked(surv, other); err != nil {
			return err
		}
		text := fmt.Sprintf("%s undid the merge of %s into %s", tx.actorName(), displayName(of.Name), displayName(sf.Name))
		for _, side := range []struct {
			id   int64
			name string
		}{{surv, sf.Name}, {other, of.Name}} {
			if err := tx.noteMerge(side.id, side.name, "contact_unmerged", mergeID, displayName(of.Name), text); err != nil {
				return err
			}
		}
		if err := tx.emitMerge(switchboard.EventContactUnmerged, out); err != nil {
			return err
		}
		c, err := db.findContact(tx.ctx, tx.tx, other, switchboard.InboxScope{All: true})
		if err != nil {
			return err
		}
		return tx.emitContact(switchboard.EventContactUpdated, other, c)
	})
	return out, err
}

// noteMerge writes a milestone into every conversation of a contact: the merge is its target,
// the other contact's name its note. Each conversation is announced with its contact, which may
// have changed.
func (tx *Tx) noteMerge(contactID int64, contactName, action string, mergeID int64, otherName, text string) error {
	convs, err := tx.contactConversations(contactID)
	if err != nil {
		return fmt.Errorf("note merge: %w", err)
	}
	for _, c := range convs {
		if err := tx.addActivity(c, &switchboard.Activity{Action: action, TargetID: &mergeID, Note: otherName}, text); err != nil {
			return err
		}
		tx.emit(switchboard.EventConversationUpdated, &c.InboxID, &c.ID, nil,
			map[string]any{"id": c.ID, "contact_id": contactID, "contact_name": contactName})
	}
	return nil
}

// emitMerge announces a merge or un-merge, and the survivor's new state (contact.updated), to
// those who see the survivor; the other contact, hidden by a merge, is announced deleted.
func (tx *Tx) emitMerge(typ switchboard.EventType, m *switchboard.ContactMerge) error {
	if err := tx.emitContact(typ, m.SurvivorID, m); err != nil {
		return err
	}
	c, err := tx.db.findContact(tx.ctx, tx.tx, m.SurvivorID, switchboard.InboxScope{All: true})
	if err != nil {
		return err
	}
	if err := tx.emitContact(switchboard.EventContactUpdated, m.SurvivorID, c); err != nil {
		return err
	}
	if typ == switchboard.EventContactMerged {
		tx.emit(switchboard.EventContactDeleted, nil, nil, nil, map[string]int64{"id": m.OtherID, "merged_into": m.SurvivorID})
	}
	return nil
}

// deleteMergedInto erases the contacts merged into a contact being deleted, and those merged
// into them: the same person, whose data goes with them.
func (tx *Tx) deleteMergedInto(id int64) error {
	for next := []int64{id}; len(next) > 0; {
		cond, args := inIDs("merged_into", next)
		ids, err := tx.ids("SELECT id FROM contacts WHERE "+cond, args...)
		if err != nil {
			return fmt.Errorf("delete merged contacts: %w", err)
		}
		if len(ids) > 0 {
			c, a := inIDs("id", ids)
			if _, err := tx.exec("DELETE FROM contacts WHERE "+c, a...); err != nil {
				return fmt.Errorf("delete merged contacts: %w", err)
			}
		}
		next = ids
	}
	return nil
}
