package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/switchboardhq/switchboard"
)

// A customer who opts out of messages (an SMS reading STOP) has the identity they wrote from
// marked (identities.opted_out_at) until they opt back in (START). On channels that honour
// opt-out keywords, a reply to that identity is refused when it is written and again before it
// is sent; on the others (WhatsApp shares the phone identity) nothing changes.

// recipientFrom is the FROM … LIMIT 1 that picks the identity replies in a conversation go to:
// of the contact's identities of the channel's kind (the last argument), the one they last wrote
// from to the inbox, else their first. inbox and contact are SQL for the two ids.
func recipientFrom(inbox, contact string) string {
	return `FROM identities i LEFT JOIN customer_windows w ON w.identity_id = i.id AND w.inbox_id = ` + inbox +
		` WHERE i.contact_id = ` + contact + ` AND i.kind = ? ORDER BY w.last_inbound_at DESC NULLS LAST, i.id LIMIT 1`
}

// recipientSQL reads a conversation's recipient identity; its arguments are the inbox, the
// contact and the identity kind.
var recipientSQL = "SELECT i.id, i.external_id, i.opted_out_at " + recipientFrom("?", "?")

// recipientIdentity is the identity replies in a conversation go to.
type recipientIdentity struct {
	id         int64
	address    string
	optedOutAt *time.Time
}

// recipientOf finds the identity replies go to, through queryRow (the read pool's or a
// transaction's); a *switchboard.SendError with code no_address when the contact has none.
func recipientOf(queryRow func(string, ...any) *sql.Row, inboxID, contactID int64, kind switchboard.ChannelKind) (*recipientIdentity, error) {
	var r recipientIdentity
	var opted sql.NullInt64
	idKind := switchboard.IdentityKindFor(kind)
	err := queryRow(recipientSQL, inboxID, contactID, string(idKind)).Scan(&r.id, &r.address, &opted)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &switchboard.SendError{Code: "no_address", Reason: fmt.Sprintf("The contact has no %s address for this channel.", idKind)}
	} else if err != nil {
		return nil, fmt.Errorf("find recipient: %w", err)
	}
	r.optedOutAt = fromNullMicro(opted)
	return &r, nil
}

// checkOptOut refuses a reply in conv when its channel honours opt-out keywords and the
// customer's address there opted out.
func (tx *Tx) checkOptOut(conv *Conversation) error {
	if !tx.db.capabilities(conv.Channel).OptOut {
		return nil
	}
	r, err := recipientOf(tx.queryRow, conv.InboxID, conv.ContactID, conv.Channel)
	var se *switchboard.SendError
	switch {
	case errors.As(err, &se):
		return nil // no address: the delivery says so
	case err != nil:
		return err
	case r.optedOutAt != nil:
		return switchboard.OptedOutError()
	}
	return nil
}

// recordConsent marks an identity opted out (or back in) and, when that changes it, writes the
// milestone into conv and announces the contact's change. note says how it was learnt, when not
// from the customer's own message (the provider refusing a send).
func (tx *Tx) recordConsent(conv *Conversation, identityID, contactID int64, c switchboard.Consent, note string) error {
	update, args := "UPDATE identities SET opted_out_at = ? WHERE id = ? AND opted_out_at IS NULL", []any{micro(tx.now), identityID}
	if c == switchboard.ConsentOptIn {
		update, args = "UPDATE identities SET opted_out_at = NULL WHERE id = ? AND opted_out_at IS NOT NULL", []any{identityID}
	}
	res, err := tx.exec(update, args...)
	if err != nil {
		return fmt.Errorf("record %s: %w", c, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err // as it was already
	}
	ident, err := scanIdentity(tx.queryRow("SELECT "+identityColumns+" FROM identities WHERE id = ?", identityID))
	if err != nil {
		return fmt.Errorf("record %s: %w", c, err)
	}
	act := &switchboard.Activity{Action: "opted_out", Identity: ident, Note: note}
	text := fmt.Sprintf("The customer opted out of messages on this channel (%s)", ident.ExternalID)
	if c == switchboard.ConsentOptIn {
		act.Action, text = "opted_in", fmt.Sprintf("The customer opted back in to messages on this channel (%s)", ident.ExternalID)
	} else if note != "" {
		text += ": " + note
	}
	if err := tx.addActivity(conv, act, text); err != nil {
		return err
	}
	if _, err := tx.exec("UPDATE contacts SET updated_at = ? WHERE id = ?", micro(tx.now), contactID); err != nil {
		return fmt.Errorf("record %s: %w", c, err)
	}
	contact, err := tx.db.findContact(tx.ctx, tx.tx, contactID, switchboard.InboxScope{All: true})
	if err != nil {
		return err
	}
	return tx.emitContact(switchboard.EventContactUpdated, contactID, contact)
}

// noteRefusedSend marks opted out the recipient of a message its provider refused because they
// had opted out (code EOPTEDOUT): by a keyword Switchboard never saw (sent to another of the
// business's numbers, or while its webhook was down).
func (tx *Tx) noteRefusedSend(m *Message) error {
	conv, err := tx.loadConversation(m.ConversationID)
	if err != nil || !tx.db.capabilities(conv.Channel).OptOut {
		return err
	}
	r, err := recipientOf(tx.queryRow, conv.InboxID, conv.ContactID, conv.Channel)
	var se *switchboard.SendError
	if errors.As(err, &se) || (err == nil && r.optedOutAt != nil) {
		return nil
	} else if err != nil {
		return err
	}
	return tx.recordConsent(conv, r.id, conv.ContactID, switchboard.ConsentOptOut, m.ErrorReason)
}

// loadOptOuts fills OptedOutAt on a page of conversations, with one query for those whose
// channel honours opt-out keywords (none on most pages).
func (db *DB) loadOptOuts(query queryFunc, convs []*Conversation) error {
	byKind := map[switchboard.IdentityKind][]any{}
	byID := map[int64]*Conversation{}
	for _, c := range convs {
		if db.capabilities(c.Channel).OptOut {
			k := switchboard.IdentityKindFor(c.Channel)
			byKind[k] = append(byKind[k], c.ID)
			byID[c.ID] = c
		}
	}
	for kind, ids := range byKind {
		var w where
		w.in("c.id", ids)
		rows, err := query("SELECT c.id, (SELECT i.opted_out_at "+recipientFrom("c.inbox_id", "c.contact_id")+") FROM conversations c"+w.sql(),
			append([]any{string(kind)}, w.args...)...)
		if err != nil {
			return fmt.Errorf("load opt-outs: %w", err)
		}
		for rows.Next() {
			var id int64
			var at sql.NullInt64
			if err := rows.Scan(&id, &at); err != nil {
				rows.Close()
				return fmt.Errorf("load opt-outs: %w", err)
			}
			byID[id].OptedOutAt = fromNullMicro(at)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("load opt-outs: %w", err)
		}
	}
	return nil
}
