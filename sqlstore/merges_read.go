package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/switchboardhq/switchboard"
)

const mergeColumns = "m.id, m.survivor_id, m.other_id, o.name, m.actor_id, m.actor_name, m.survivor, m.other, m.moved, m.merged_at, m.undone_at, m.undone_by"

func scanMerge(row scanner) (*switchboard.ContactMerge, error) {
	var m switchboard.ContactMerge
	var actor, undoneAt, undoneBy sql.NullInt64
	var surv, other, moved string
	var at int64
	if err := row.Scan(&m.ID, &m.SurvivorID, &m.OtherID, &m.OtherName, &actor, &m.ActorName, &surv, &other, &moved, &at, &undoneAt, &undoneBy); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(moved), &m.Moved); err != nil {
		return nil, fmt.Errorf("merge %d: %w", m.ID, err)
	}
	for _, l := range []*[]int64{&m.Moved.Identities, &m.Moved.Conversations, &m.Moved.Visitors, &m.Moved.LabelIDs, &m.Moved.Notes} {
		if *l == nil {
			*l = []int64{}
		}
	}
	if m.Moved.LabelsAdded == nil {
		m.Moved.LabelsAdded = []string{}
	}
	m.Survivor, m.Other, m.MergedAt, m.UndoneAt = json.RawMessage(surv), json.RawMessage(other), fromMicro(at), fromNullMicro(undoneAt)
	if actor.Valid {
		m.ActorID = &actor.Int64
	}
	if undoneBy.Valid {
		m.UndoneByID = &undoneBy.Int64
	}
	return &m, nil
}

func (tx *Tx) loadMerge(id int64) (*switchboard.ContactMerge, error) {
	m, err := scanMerge(tx.queryRow("SELECT "+mergeColumns+" FROM contact_merges m JOIN contacts o ON o.id = m.other_id WHERE m.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Merge")
	} else if err != nil {
		return nil, fmt.Errorf("load merge %d: %w", id, err)
	}
	return m, nil
}

// ContactMerges lists the merges into or of a contact the actor sees, newest first.
func (db *DB) ContactMerges(ctx context.Context, contactID int64) ([]*switchboard.ContactMerge, error) {
	if _, err := db.FindContactByID(ctx, contactID); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, "SELECT "+mergeColumns+" FROM contact_merges m JOIN contacts o ON o.id = m.other_id WHERE m.survivor_id = ? OR m.other_id = ? ORDER BY m.id DESC LIMIT 100", contactID, contactID)
	if err != nil {
		return nil, fmt.Errorf("contact merges: %w", err)
	}
	defer rows.Close()
	out := []*switchboard.ContactMerge{}
	for rows.Next() {
		m, err := scanMerge(rows)
		if err != nil {
			return nil, fmt.Errorf("contact merges: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ContactConversationIDs lists the ids of a contact's conversations, oldest first, if the actor
// sees the contact.
func (db *DB) ContactConversationIDs(ctx context.Context, contactID int64) ([]int64, error) {
	if _, err := db.FindContactByID(ctx, contactID); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, "SELECT id FROM conversations WHERE contact_id = ? ORDER BY id", contactID)
	if err != nil {
		return nil, fmt.Errorf("contact conversations: %w", err)
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("contact conversations: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// MergeCandidates lists up to limit contacts the actor sees, other than contactID and not
// merged, that share one of the phones or emails (as their phone or email, an identity, or an
// address a web visitor typed) or have exactly the full name, ignoring case.
func (db *DB) MergeCandidates(ctx context.Context, contactID int64, phones, emails []string, fullName string, limit int) ([]*Contact, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	s, err := db.listScope(ctx, actor)
	if err != nil {
		return nil, err
	}
	var or []string
	var args []any
	if len(phones) > 0 {
		p := anyStrings(phones)
		or = append(or, inList("phone", len(p)), "id IN (SELECT contact_id FROM identities WHERE kind = 'phone' AND "+inList("external_id", len(p))+")")
		args = append(append(args, p...), p...)
		for _, ph := range phones {
			// A web visitor's typed number, kept as typed (unverified_phone): candidates end
			// with the same four digits, and package contacts compares them in full.
			or = append(or, "attributes LIKE ? ESCAPE '"+likeEscape+"'")
			args = append(args, `%"unverified_phone":"%`+ph[len(ph)-4:]+`"%`)
		}
	}
	if len(emails) > 0 {
		e := anyStrings(emails)
		or = append(or, inList("lower(email)", len(e)), "id IN (SELECT contact_id FROM identities WHERE kind = 'email' AND "+inList("external_id", len(e))+")")
		args = append(append(args, e...), e...)
		for _, addr := range emails {
			// A web visitor's typed address, as the widget stores it (unverified_email).
			or = append(or, "lower(attributes) LIKE ? ESCAPE '"+likeEscape+"'")
			args = append(args, likeContains(`"unverified_email":"`+addr+`"`))
		}
	}
	if fullName != "" {
		or = append(or, "lower(name) = ?")
		args = append(args, fullName)
	}
	if len(or) == 0 {
		return []*Contact{}, nil
	}
	w := where{conds: []string{"id <> ?", "merged_into IS NULL"}, args: []any{contactID}}
	w.add("("+joinOr(or)+")", args...)
	if cond := contactScope("contacts.id", s); cond != "" {
		w.add(cond)
	}
	rows, err := db.query(ctx, "SELECT "+contactColumns+" FROM contacts"+w.sql()+" ORDER BY id"+limitSQL(limit), w.args...)
	if err != nil {
		return nil, fmt.Errorf("merge candidates: %w", err)
	}
	defer rows.Close()
	out := []*Contact{}
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return nil, fmt.Errorf("merge candidates: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("merge candidates: %w", err)
	}
	rows.Close()
	if err := db.loadContactDetails(ctx, db.read, out); err != nil {
		return nil, err
	}
	return out, nil
}

func anyStrings(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func inList(col string, n int) string {
	var w where
	w.in(col, make([]any, n))
	return w.conds[0]
}

func joinOr(conds []string) string {
	out := conds[0]
	for _, c := range conds[1:] {
		out += " OR " + c
	}
	return out
}
