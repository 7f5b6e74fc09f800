package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.ContactNoteService = (*DB)(nil)

const noteColumns = "id, contact_id, author_id, author_name, body, created_at, updated_at"

func scanNote(row scanner) (*switchboard.ContactNote, error) {
	var n switchboard.ContactNote
	var author sql.NullInt64
	var created, updated int64
	if err := row.Scan(&n.ID, &n.ContactID, &author, &n.AuthorName, &n.Body, &created, &updated); err != nil {
		return nil, err
	}
	if author.Valid {
		n.AuthorID = &author.Int64
	}
	n.CreatedAt, n.UpdatedAt = fromMicro(created), fromMicro(updated)
	return &n, nil
}

// pageLimit is a list's page size: 25 unless asked, at most 100.
func pageLimit(limit int) int {
	if limit <= 0 {
		return 25
	}
	return min(limit, 100)
}

// FindContactNotes lists a contact's notes, newest first, if the actor sees the contact.
func (db *DB) FindContactNotes(ctx context.Context, contactID int64, cursor string, limit int) (*switchboard.ContactNotePage, error) {
	if _, err := db.FindContactByID(ctx, contactID); err != nil {
		return nil, err
	}
	limit = pageLimit(limit)
	w := where{conds: []string{"contact_id = ?"}, args: []any{contactID}}
	if cursor != "" {
		_, id, err := decodeCursor(cursor)
		if err != nil {
			return nil, err
		}
		w.add("id < ?", id)
	}
	rows, err := db.query(ctx, "SELECT "+noteColumns+" FROM contact_notes"+w.sql()+" ORDER BY id DESC"+limitSQL(limit+1), w.args...)
	if err != nil {
		return nil, fmt.Errorf("contact notes: %w", err)
	}
	defer rows.Close()
	page := &switchboard.ContactNotePage{Items: []*switchboard.ContactNote{}}
	for rows.Next() {
		n, err := scanNote(rows)
		if err != nil {
			return nil, fmt.Errorf("contact notes: %w", err)
		}
		page.Items = append(page.Items, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("contact notes: %w", err)
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		page.NextCursor = encodeCursor(0, page.Items[limit-1].ID)
	}
	return page, nil
}

// CreateContactNote adds a note to a contact the actor sees, signed with the actor's name.
func (db *DB) CreateContactNote(ctx context.Context, contactID int64, in *switchboard.ContactNoteInput) (*switchboard.ContactNote, error) {
	actor, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *switchboard.ContactNote
	err = db.update(ctx, func(tx *Tx) error {
		if err := tx.seeContact(contactID); err != nil {
			return err
		}
		now := micro(tx.now)
		id, err := tx.insert("INSERT INTO contact_notes (contact_id, author_id, author_name, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
			contactID, actor.ActorID(), tx.actorName(), in.Body, now, now)
		if err != nil {
			return fmt.Errorf("create note: %w", err)
		}
		if out, err = tx.loadNote(contactID, id); err != nil {
			return err
		}
		return tx.emitContact(switchboard.EventContactNoteCreated, contactID, out)
	})
	return out, err
}

func (tx *Tx) loadNote(contactID, id int64) (*switchboard.ContactNote, error) {
	n, err := scanNote(tx.queryRow("SELECT "+noteColumns+" FROM contact_notes WHERE id = ? AND contact_id = ?", id, contactID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Note")
	} else if err != nil {
		return nil, fmt.Errorf("load note %d: %w", id, err)
	}
	return n, nil
}

// ownNote loads a note of a contact the actor sees, and answers EFORBIDDEN unless the actor
// wrote it or is an admin.
func (tx *Tx) ownNote(contactID, id int64) (*switchboard.ContactNote, error) {
	if err := tx.seeContact(contactID); err != nil {
		return nil, err
	}
	n, err := tx.loadNote(contactID, id)
	if err != nil {
		return nil, err
	}
	if !tx.actor.IsAdmin() && (n.AuthorID == nil || tx.actor.Agent == nil || *n.AuthorID != tx.actor.Agent.ID) {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "Only the author of a note and admins can change it.")
	}
	return n, nil
}

// UpdateContactNote changes a note's text: its author or an admin.
func (db *DB) UpdateContactNote(ctx context.Context, contactID, noteID int64, in *switchboard.ContactNoteInput) (*switchboard.ContactNote, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *switchboard.ContactNote
	err := db.update(ctx, func(tx *Tx) error {
		if _, err := tx.ownNote(contactID, noteID); err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE contact_notes SET body = ?, updated_at = ? WHERE id = ?", in.Body, micro(tx.now), noteID); err != nil {
			return fmt.Errorf("update note %d: %w", noteID, err)
		}
		var err error
		if out, err = tx.loadNote(contactID, noteID); err != nil {
			return err
		}
		return tx.emitContact(switchboard.EventContactNoteUpdated, contactID, out)
	})
	return out, err
}

// DeleteContactNote deletes a note: its author or an admin.
func (db *DB) DeleteContactNote(ctx context.Context, contactID, noteID int64) error {
	if _, err := requireActor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if _, err := tx.ownNote(contactID, noteID); err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM contact_notes WHERE id = ?", noteID); err != nil {
			return fmt.Errorf("delete note %d: %w", noteID, err)
		}
		return tx.emitContact(switchboard.EventContactNoteDeleted, contactID, map[string]int64{"id": noteID, "contact_id": contactID})
	})
}

// addContactFact records, for the contact's timeline, something that happened to the contact
// outside its conversations (see contact_facts), credited to the transaction's actor.
func (tx *Tx) addContactFact(contactID int64, kind string, detail any) error {
	raw := ""
	if detail != nil {
		b, err := json.Marshal(detail)
		if err != nil {
			return err
		}
		raw = string(b)
	}
	if _, err := tx.exec("INSERT INTO contact_facts (contact_id, kind, actor_id, actor_name, detail, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		contactID, kind, tx.actor.ActorID(), tx.actorName(), raw, micro(tx.now)); err != nil {
		return fmt.Errorf("record %s of contact %d: %w", kind, contactID, err)
	}
	return nil
}

// factsBefore keeps what noteContactUpdate compares of a contact before a change: whether it
// was blocked, and its labels when the change sets them (else Labels is nil).
func (tx *Tx) factsBefore(cur *Contact, labels bool) (*Contact, error) {
	before := &Contact{ID: cur.ID, Blocked: cur.Blocked}
	if !labels {
		return before, nil
	}
	rows, err := tx.query("SELECT l.name FROM contact_labels cl JOIN labels l ON l.id = cl.label_id WHERE cl.contact_id = ? ORDER BY l.name_key", cur.ID)
	if err != nil {
		return nil, fmt.Errorf("labels of contact %d: %w", cur.ID, err)
	}
	defer rows.Close()
	before.Labels = []string{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("labels of contact %d: %w", cur.ID, err)
		}
		before.Labels = append(before.Labels, name)
	}
	return before, rows.Err()
}

// noteContactUpdate records the facts of a contact's timeline a change made: blocked or
// unblocked, its labels changed.
func (tx *Tx) noteContactUpdate(before, after *Contact) error {
	if before.Blocked != after.Blocked {
		kind := switchboard.TimelineUnblocked
		if after.Blocked {
			kind = switchboard.TimelineBlocked
		}
		if err := tx.addContactFact(after.ID, kind, nil); err != nil {
			return err
		}
	}
	if before.Labels != nil && !slices.Equal(before.Labels, after.Labels) {
		return tx.addContactFact(after.ID, switchboard.TimelineContactLabels, factDetail{Labels: after.Labels})
	}
	return nil
}

// flushImported records, for their timelines, that the contacts of tx.imported were imported
// (created or changed by a CSV import): one statement for a batch.
func (tx *Tx) flushImported() error {
	rows := make([][]any, 0, len(tx.imported))
	for _, id := range tx.imported {
		rows = append(rows, []any{id, switchboard.TimelineImported, tx.actor.ActorID(), tx.actorName(), "", micro(tx.now)})
	}
	tx.imported = nil
	return tx.insertRows("contact_facts (contact_id, kind, actor_id, actor_name, detail, created_at)", rows, "")
}
