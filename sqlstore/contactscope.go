package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/switchboardhq/switchboard"
)

// Who sees a contact. A contact is seen by whoever sees one of its conversations: admins,
// supervisors and the system see them all, an agent those with a conversation in one of their
// inboxes. A contact with no conversation yet belongs to the shared address book, seen by every
// agent, until a conversation ties it to an inbox. A contact an agent does not see answers
// ENOTFOUND to reads and writes alike, as if it did not exist: an agent of one inbox may neither
// read another inbox's customers nor change where that inbox's replies go.

// contactScope returns the condition under which the contact whose id is col is seen with scope
// s, or "" when s sees every contact.
func contactScope(col string, s switchboard.InboxScope) string {
	if s.All {
		return ""
	}
	none := "NOT EXISTS (SELECT 1 FROM conversations sc WHERE sc.contact_id = " + col + ")"
	for _, in := range s.IDs {
		if in {
			return "(" + none + " OR EXISTS (SELECT 1 FROM conversations sc WHERE sc.contact_id = " + col +
				" AND " + inScope("sc.inbox_id", s) + "))"
		}
	}
	return none
}

// seeContact answers ENOTFOUND unless the contact exists and the transaction's actor sees it.
func (tx *Tx) seeContact(id int64) error {
	s, err := tx.db.scopeTx(tx, tx.actor)
	if err != nil {
		return err
	}
	var w where
	w.add("c.id = ?", id)
	if cond := contactScope("c.id", s); cond != "" {
		w.add("c.merged_into IS NULL") // (see findContact)
		w.add(cond)
	}
	var one int
	if err := tx.queryRow("SELECT 1 FROM contacts c"+w.sql(), w.args...).Scan(&one); errors.Is(err, sql.ErrNoRows) {
		return notFound("Contact")
	} else if err != nil {
		return fmt.Errorf("find contact %d: %w", id, err)
	}
	return nil
}

// noteIdentityChange writes a milestone naming who added or removed an address (action
// identity_added or identity_removed) into every conversation of the contact: the address is
// where replies go, so each conversation's agents see who changed it, whichever inbox they
// work in.
func (tx *Tx) noteIdentityChange(action string, ident *switchboard.Identity) error {
	if err := tx.addContactFact(ident.ContactID, action, factDetail{Identity: ident}); err != nil {
		return err
	}
	convs, err := tx.contactConversations(ident.ContactID)
	if err != nil {
		return fmt.Errorf("note identity change: %w", err)
	}
	text := fmt.Sprintf("%s added the %s address %s to the contact", tx.actorName(), ident.Kind, ident.ExternalID)
	if action == "identity_removed" {
		text = fmt.Sprintf("%s removed the %s address %s from the contact", tx.actorName(), ident.Kind, ident.ExternalID)
	}
	for _, c := range convs {
		if err := tx.addActivity(c, &switchboard.Activity{Action: action, Identity: ident}, text); err != nil {
			return err
		}
	}
	return nil
}

// contactConversations lists a contact's conversations (id and inbox only), oldest first.
func (tx *Tx) contactConversations(contactID int64) ([]*Conversation, error) {
	rows, err := tx.query("SELECT id, inbox_id FROM conversations WHERE contact_id = ? ORDER BY id", contactID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var convs []*Conversation
	for rows.Next() {
		c := &Conversation{}
		if err := rows.Scan(&c.ID, &c.InboxID); err != nil {
			return nil, err
		}
		convs = append(convs, c)
	}
	return convs, rows.Err()
}
