package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/switchboardhq/switchboard"
)

// recordedOwner returns the contact a new sender's address was recorded for, or 0: the one
// contact (not merged into another) whose phone, or email, field is the address and who has no
// address of that kind yet. The field is what the team wrote (by hand, through the API or a CSV
// import) or what a site verified (a visitor's identify with a valid user_hash); what a visitor
// typed is kept apart (unverified_ attributes) and never matches. Two contacts with that field
// link neither: the new contact is created, and package contacts suggests the duplicates.
// Called only when the address is new, it costs one indexed lookup (contacts_phone or
// contacts_email_lower) and, on a hit, one on identities_contact_kind.
func (tx *Tx) recordedOwner(kind switchboard.IdentityKind, externalID string) (int64, string, error) {
	var q string
	switch kind {
	case switchboard.IdentityPhone:
		q = "SELECT id, name FROM contacts WHERE phone = ? AND phone <> '' AND merged_into IS NULL LIMIT 2"
	case switchboard.IdentityEmail:
		q = "SELECT id, name FROM contacts WHERE lower(email) = ? AND email <> '' AND merged_into IS NULL LIMIT 2"
	default:
		return 0, "", nil
	}
	rows, err := tx.query(q, externalID)
	if err != nil {
		return 0, "", fmt.Errorf("find the recorded owner of an address: %w", err)
	}
	var ids []int64
	var name string
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return 0, "", fmt.Errorf("find the recorded owner of an address: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, "", fmt.Errorf("find the recorded owner of an address: %w", err)
	}
	if len(ids) != 1 {
		return 0, "", nil
	}
	var one int
	err = tx.queryRow("SELECT 1 FROM identities WHERE contact_id = ? AND kind = ? LIMIT 1", ids[0], string(kind)).Scan(&one)
	if err == nil {
		return 0, "", nil // the contact writes from another address of that kind: not theirs for sure
	} else if !errors.Is(err, sql.ErrNoRows) {
		return 0, "", fmt.Errorf("find the recorded owner of an address: %w", err)
	}
	return ids[0], name, nil
}

// newSender returns the contact of an address met for the first time in inboxID: the contact it
// was recorded for (see recordedOwner), which takes it as an identity, credited to the identity
// linking, or else a new contact named name. linked is the identity attached to an existing
// contact, nil for a new contact.
func (tx *Tx) newSender(inboxID int64, kind switchboard.IdentityKind, externalID, name string) (contactID, identityID int64, contactName string, linked *switchboard.Identity, err error) {
	owner, ownerName, err := tx.recordedOwner(kind, externalID)
	if err != nil {
		return 0, 0, "", nil, err
	}
	if owner == 0 {
		contactID, identityID, err = tx.createContact(inboxID, kind, externalID, name)
		return contactID, identityID, name, nil, err
	}
	ident, err := tx.addIdentity(owner, switchboard.IdentityInput{Kind: kind, ExternalID: externalID}, "from")
	if err != nil {
		return 0, 0, "", nil, err
	}
	if err := tx.touchContact(owner); err != nil {
		return 0, 0, "", nil, err
	}
	return owner, ident.ID, ownerName, ident, nil
}

// noteLinked records an address attached by the identity linking in each of the contact's
// conversations (the one the address's first message joins included) and announces the
// contact.
func (tx *Tx) noteLinked(ident *switchboard.Identity) error {
	saved := tx.actor
	tx.actor = switchboard.Actor{System: true, Automation: switchboard.IdentityLinkingActor()}
	err := tx.noteIdentityChange("identity_added", ident)
	tx.actor = saved
	if err != nil {
		return err
	}
	c, err := tx.db.findContact(tx.ctx, tx.tx, ident.ContactID, switchboard.InboxScope{All: true})
	if err != nil {
		return err
	}
	return tx.emitContact(switchboard.EventContactUpdated, ident.ContactID, c)
}

// DismissSuggestion records that two contacts the actor sees are not the same person.
func (db *DB) DismissSuggestion(ctx context.Context, contactID, otherID int64) error {
	actor, err := requireActor(ctx)
	if err != nil {
		return err
	}
	if contactID == otherID {
		return &switchboard.Error{Code: switchboard.EINVALID, Message: "A contact is always the same person as itself.",
			Fields: map[string]string{"other_id": "Choose another contact."}}
	}
	a, b := min(contactID, otherID), max(contactID, otherID)
	return db.update(ctx, func(tx *Tx) error {
		for _, id := range []int64{contactID, otherID} {
			if err := tx.seeContact(id); err != nil {
				return err
			}
		}
		if _, err := tx.exec(`INSERT INTO merge_dismissals (contact_a, contact_b, dismissed_by, dismissed_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (contact_a, contact_b) DO NOTHING`, a, b, actor.ActorID(), micro(tx.now)); err != nil {
			return fmt.Errorf("dismiss suggestion: %w", err)
		}
		return nil
	})
}

// DismissedWith returns which of others were dismissed as not the same person as contactID.
func (db *DB) DismissedWith(ctx context.Context, contactID int64, others []int64) (map[int64]bool, error) {
	if _, err := requireActor(ctx); err != nil {
		return nil, err
	}
	out := map[int64]bool{}
	if len(others) == 0 {
		return out, nil
	}
	ca, aa := inIDs("contact_b", others)
	cb, ab := inIDs("contact_a", others)
	args := append(append(append([]any{contactID}, aa...), contactID), ab...)
	rows, err := db.query(ctx, "SELECT contact_b FROM merge_dismissals WHERE contact_a = ? AND "+ca+
		" UNION ALL SELECT contact_a FROM merge_dismissals WHERE contact_b = ? AND "+cb, args...)
	if err != nil {
		return nil, fmt.Errorf("dismissed suggestions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("dismissed suggestions: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}
